"""Binder's base environment, read from repo2docker's own files rather than from this project's pins.

repo2docker (the version tests_binder/binder-base.txt pins, with its hash) builds every Binder
image on a frozen conda environment, one per Python version and platform, that its python
buildpack installs before anything of the repository's:
`repo2docker/buildpacks/conda/environment.py-<X.Y>-<platform>.lock`, a conda-lock "explicit"
file that lists every package of the image's notebook environment at an exact version and
build (JupyterLab, Notebook, Jupyter Server, pip, ipywidgets, ...). `base_environment` turns
that file into exact pip pins, conda names mapped to PyPI's where they differ, and says what it
leaves out and why: pip cannot install what is not a Python distribution (the interpreter
itself, Node, C libraries), and conda's metapackages hold no files of their own.

`pip_install_requirements` reads, in the same wheel's python buildpack, the command that
repo2docker then runs for binder/requirements.txt, so that the replay runs exactly that.
"""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
PIN_FILE = HERE / "binder-base.txt"

#: conda-forge names whose PyPI distribution is named otherwise (the rest are the same once
#: normalised, e.g. stack_data / stack-data, pyyaml / PyYAML, prompt-toolkit / prompt_toolkit).
PYPI_NAMES = {
    "brotli-python": "brotli",
    "python-fastjsonschema": "fastjsonschema",
    "jupyterhub-base": "jupyterhub",  # jupyterhub without configurable-http-proxy (a Node program)
    "nbconvert-core": "nbconvert",  # nbconvert without pandoc and TeX (not Python)
}

#: Entries of the lock that are not Python distributions, so pip has nothing to install for
#: them, and why leaving each out changes nothing a lesson or a check sees.
NOT_PYTHON = {
    "python": "the interpreter: this machine's Python 3.11 (binder/runtime.txt's minor version) stands in for "
              "conda-forge's build of it",
    "python_abi": "conda's marker of the interpreter's ABI",
    "nodejs": "Node 20, which JupyterLab needs only to build extensions from source; every extension here "
              "(the widgets' included) ships prebuilt in its wheel",
    "tzdata": "conda-forge's tzdata is the IANA time-zone files for C programs, not PyPI's tzdata (conda's "
              "python-tzdata, not in the base; binder/requirements.txt pins PyPI's)",
    "ca-certificates": "the system's certificate bundle (the machine's own serves; certifi is installed)",
    "zeromq": "libzmq, which PyPI's pyzmq wheel bundles",
    "libsodium": "libzmq's crypto library, bundled with it in pyzmq's wheel",
    **dict.fromkeys(
        ("openssl", "libffi", "bzip2", "liblzma", "libzlib", "zlib", "zstd", "libsqlite", "ncurses", "readline",
         "tk", "libedit", "libexpat", "libuuid", "libnsl", "libxcrypt", "krb5", "keyutils", "icu", "yaml", "libuv"),
        "a C library of conda-forge's Python, Node or extension modules; the machine's Python and the PyPI "
        "wheels bring their own"),
    **dict.fromkeys(
        ("libgcc", "libgcc-ng", "libstdcxx", "libstdcxx-ng", "libgomp", "_openmp_mutex", "_libgcc_mutex",
         "ld_impl_linux-64"),
        "a compiler run-time or conda's marker for one; the wheels link against the system's"),
}

#: conda-forge metapackages in the lock: no files of their own; what each pulls in is listed in
#: the lock itself and installed from it.
METAPACKAGES = {
    "cached-property": "cached_property (installed as PyPI's cached-property)",
    "typing-extensions": "typing_extensions",
    "bleach-with-css": "bleach and tinycss2 (PyPI's bleach[css])",
    "jsonschema-with-format-nongpl": "jsonschema and its format checkers' packages (jsonschema[format-nongpl])",
    "jupyterhub-singleuser": "jupyterhub-base (PyPI's jupyterhub) and jupyterlab",
}


def norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def repo2docker_pin() -> str:
    """`jupyter-repo2docker==X` from binder-base.txt."""
    lines = [l.split()[0] for l in PIN_FILE.read_text().splitlines() if l.strip() and not l.startswith("#")]
    assert len(lines) == 1 and re.fullmatch(r"jupyter-repo2docker==[\w.]+", lines[0]), lines
    return lines[0]


def download_repo2docker(dest: Path, log: list | None = None) -> Path:
    """repo2docker's wheel at binder-base.txt's pin and hash (pip's cache serves it after the first
    time), unpacked into dest; returns its buildpacks/ folder. Its dependencies are not needed:
    nothing of it is imported, its files are read."""
    dest.mkdir(parents=True, exist_ok=True)
    args = [sys.executable, "-m", "pip", "download", "--quiet", "--disable-pip-version-check", "--no-deps",
            "--only-binary=:all:", "--require-hashes", "-r", str(PIN_FILE), "-d", str(dest)]
    result = subprocess.run(args, capture_output=True, text=True)
    if log is not None:
        log.append(f"$ {shlex.join(args)}\n{result.stdout}{result.stderr}")
    assert result.returncode == 0, result.stdout + result.stderr
    version = repo2docker_pin().split("==")[1]
    (wheel,) = dest.glob(f"jupyter_repo2docker-{version}-*.whl")
    with zipfile.ZipFile(wheel) as z:
        z.extractall(dest / "unpacked")
    return dest / "unpacked" / "repo2docker" / "buildpacks"


def python_version(runtime_txt: Path) -> str:
    """BuildPack.runtime and PythonBuildPack.python_version for a `python-X.Y` runtime.txt."""
    name, version = runtime_txt.read_text().strip().split("-")[:2]
    assert name == "python" and re.fullmatch(r"3\.\d+", version), runtime_txt.read_text()
    return version


@dataclass
class BaseEnvironment:
    lock: Path  # the file read
    pins: dict[str, str]  # PyPI name -> version, every Python distribution of the lock
    renamed: dict[str, str]  # conda name -> PyPI name, where they differ
    left_out: dict[str, tuple[str, str]]  # conda name -> (version, why)

    def requirements(self) -> str:
        return "".join(f"{name}=={version}\n" for name, version in sorted(self.pins.items()))


def base_environment(buildpacks: Path, python: str, platform: str = "linux-64") -> BaseEnvironment:
    """The notebook environment repo2docker's conda buildpack creates for Python `python` on
    `platform` (CondaBuildPack.get_build_script_files picks the lock file; install-base-env.bash
    creates the environment from it, then installs requirements.py-X.Y.pip with pip if there is one)."""
    picker = (buildpacks / "conda" / "__init__.py").read_text()
    assert 'f"environment.py-{server_py_version}-{conda_platform}.lock"' in picker, \
        "repo2docker no longer names its frozen environments as this reads them: read conda/__init__.py again"
    lock = buildpacks / "conda" / f"environment.py-{python}-{platform}.lock"
    assert lock.exists(), f"repo2docker has no frozen environment for Python {python} on {platform}"
    pip_frozen = buildpacks / "conda" / f"requirements.py-{python}.pip"
    assert not pip_frozen.exists(), f"{pip_frozen.name} appeared: install it with pip too, as install-base-env.bash does"

    pins, renamed, left_out = {}, {}, {}
    for line in lock.read_text().splitlines():
        if not line.startswith("https://"):
            continue
        filename = line.split("#")[0].rsplit("/", 1)[1]
        name, version, build = re.sub(r"\.(conda|tar\.bz2)$", "", filename).rsplit("-", 2)
        # conda-forge's Python packages have builds named py* (noarch "pyh..." and compiled
        # "py311h..."); everything else is a system package or a metapackage, each named above.
        if build.startswith("py"):
            pypi = PYPI_NAMES.get(name, name)
            if pypi != name:
                renamed[name] = pypi
            pins[norm(pypi)] = version
        elif name in NOT_PYTHON:
            left_out[name] = (version, NOT_PYTHON[name])
        elif name in METAPACKAGES:
            left_out[name] = (version, f"a metapackage, no files of its own; it pulls in {METAPACKAGES[name]}")
        else:
            raise AssertionError(f"{lock.name}: {filename} is neither a Python package nor one known to be "
                                 "none: say what it is in tests_binder/binder_base.py")
    return BaseEnvironment(lock=lock, pins=pins, renamed=renamed, left_out=left_out)


def pip_install_requirements(buildpacks: Path, requirements: str) -> list[str]:
    """The arguments after `pip` of PythonBuildPack._get_pip_scripts' install of requirements.txt
    (`{pip} install --no-cache-dir -r "{requirements_file}"` in repo2docker 2026.4.0)."""
    source = (buildpacks / "python" / "__init__.py").read_text()
    found = re.findall(r"""f'\{pip\} (install [^']*"\{requirements_file\}")'""", source)
    assert len(found) == 1, f"repo2docker's python buildpack installs requirements.txt otherwise now: {found}"
    return shlex.split(found[0].replace("{requirements_file}", requirements))


def pip_install_package(buildpacks: Path) -> list[str]:
    """The same for PythonBuildPack.get_assemble_scripts' `{pip} install --no-cache-dir .`."""
    source = (buildpacks / "python" / "__init__.py").read_text()
    found = re.findall(r"""f"\{pip\} (install [^"]* \.)\"""", source)
    assert len(found) == 1, f"repo2docker's python buildpack installs a package otherwise now: {found}"
    return shlex.split(found[0])


def describe(base: BaseEnvironment) -> str:
    """What was installed and what was left out, for the report."""
    lines = [f"Binder's base, from repo2docker's {base.lock.name}: {len(base.pins)} Python packages"]
    key = ("jupyterlab", "notebook", "jupyter-server", "pip", "ipykernel", "ipywidgets", "jupyterlab-widgets")
    lines.append("  " + ", ".join(f"{n} {base.pins[n]}" for n in key if n in base.pins))
    lines.append("  renamed for PyPI: " + ", ".join(f"{c} -> {p}" for c, p in sorted(base.renamed.items())))
    lines.append("  left out: " + ", ".join(f"{n} {v}" for n, (v, _) in sorted(base.left_out.items())))
    return "\n".join(lines)
