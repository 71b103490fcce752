"""The lessons to take home: one zip in the built book with all a learner needs to run them.

    python tools/lessons_download.py _build/html    # writes _build/html/download/backprop-step-by-step-lessons.zip

Unpacked in an empty folder, `python start.py` sets it up and opens JupyterLab (see
tools/download/README.md, the learner's README). The zip holds one folder,
backprop-step-by-step/, with the lessons in learner form (from notebooks/lessons/), the
library, benchmarks/results.json (the digits chapter reads it), start.py, README.md and
requirements.txt: the lessons' run-time pins (binder/requirements.txt) and JupyterLab at
requirements.txt's pin, each with everything it pulls in, on every system and Python that
start.py accepts.

That closure is read from the metadata of the packages installed in this Python (the project's
.venv, installed from requirements.txt), with no network: each package's Requires-Dist, its
markers evaluated for Linux, macOS and Windows and for each Python from start.py's OLDEST to
NEWEST. A package only another system needs is not installed here, so its pin comes from
tools/download/platform-requirements.txt, with its marker. Same sources, same bytes: entries in
name order, with a fixed time and mode.
"""

from __future__ import annotations

import functools
import importlib.util
import os
import re
import sys
import zipfile
from importlib import metadata
from pathlib import Path

from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parents[1]
LESSONS = ROOT / "notebooks" / "lessons"
TEMPLATES = ROOT / "tools" / "download"
#: Pins of what only another system installs (see platform_pins).
PLATFORM_PINS = TEMPLATES / "platform-requirements.txt"
TOP = "backprop-step-by-step"
NAME = "backprop-step-by-step-lessons.zip"
#: Every entry's time (zip keeps no time zone): a fixed one, so that the same files give the same bytes.
DATE = (2026, 1, 1, 0, 0, 0)
#: The systems the download is for: (platform_system, sys_platform, os_name, machines).
SYSTEMS = (("Linux", "linux", "posix", ("x86_64", "aarch64")), ("Darwin", "darwin", "posix", ("arm64", "x86_64")),
           ("Windows", "win32", "nt", ("AMD64", "ARM64")))


class DownloadError(Exception):
    """The download cannot be built as asked; the message says why and what to do."""


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def start_module():
    """tools/download/start.py, imported (its OLDEST and NEWEST Python)."""
    spec = importlib.util.spec_from_file_location("lessons_start", TEMPLATES / "start.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def environments() -> list[dict[str, str]]:
    """Marker environments for every system of SYSTEMS and every Python start.py accepts."""
    start = start_module()
    (major, oldest, patch), newest = start.OLDEST, start.NEWEST[1]
    versions = [f"{major}.{minor}.{patch if minor == oldest else 0}" for minor in range(oldest, newest + 1)]
    return [{"implementation_name": "cpython", "platform_python_implementation": "CPython",
             "implementation_version": full, "python_full_version": full,
             "python_version": full.rsplit(".", 1)[0], "platform_release": "", "platform_version": "",
             "platform_system": system, "sys_platform": platform, "os_name": os_name, "platform_machine": machine}
            for system, platform, os_name, machines in SYSTEMS for machine in machines for full in versions]


def pinned(path: Path) -> dict[str, tuple[str, str]]:
    """{canonical name: (name, version)} of a requirements file's `name==version` lines."""
    pins = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#")[0].strip()
        if line and not line.startswith("-"):
            match = re.fullmatch(r"([A-Za-z0-9][A-Za-z0-9._-]*)==([A-Za-z0-9.+!]+)", line)
            if not match:
                raise DownloadError(f"{path.relative_to(ROOT)}: expected name==version, got {line!r}")
            pins[canonical(match[1])] = (match[1], match[2])
    return pins


def platform_pins() -> dict[str, tuple[str, Requirement]]:
    """{canonical name: (line, requirement)} of tools/download/platform-requirements.txt."""
    pins = {}
    for line in PLATFORM_PINS.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            req = Requirement(line)
            if len(req.specifier) != 1 or next(iter(req.specifier)).operator != "==" or req.marker is None:
                raise DownloadError(f"{PLATFORM_PINS.name}: expected name==version; marker, "
                                    f"got {line!r}")
            pins[canonical(req.name)] = (line.strip(), req)
    return pins


def installed() -> dict[str, tuple[str, list[str]]]:
    """{canonical name: (version, its Requires-Dist lines)} of every package installed in this Python."""
    found = {}
    for dist in metadata.distributions():
        found.setdefault(canonical(dist.metadata["Name"]), (dist.version, dist.requires or []))
    return found


@functools.lru_cache(maxsize=None)
def requirement(line: str) -> Requirement:
    return Requirement(line)


def needed(roots: list[str], versions: dict[str, str], elsewhere: set[str], env: dict[str, str],
           here: dict[str, tuple[str, list[str]]]) -> set[str]:
    """The packages that installing ``roots`` brings in, in one marker environment, read from
    the metadata ``here`` (installed()); those of ``elsewhere`` are not installed here."""
    todo, seen = [(name, (), "asked for") for name in roots], set()
    while todo:
        name, extras, by = todo.pop()
        if (name, extras) in seen:
            continue
        seen.add((name, extras))
        if name not in versions:
            raise DownloadError(f"{name} ({by}, on {env['sys_platform']} with Python {env['python_version']}) is "
                                "pinned nowhere: pin it in requirements.txt, or in "
                                "tools/download/platform-requirements.txt if this system does not install it")
        if name in elsewhere:
            continue
        version, requires = here.get(name, ("none", []))
        if version != versions[name]:
            raise DownloadError(f"{name}: requirements.txt pins {versions[name]}, this Python ({sys.prefix}) has "
                                f"{version}: run this with .venv/bin/python after `make setup`")
        for req in map(requirement, requires):
            dep = canonical(req.name)
            if req.marker and not any(req.marker.evaluate({**env, "extra": e}) for e in ("", *extras)):
                continue
            if dep in versions and not req.specifier.contains(versions[dep], prereleases=True):
                raise DownloadError(f"{name} needs {req}, and {dep} is pinned at {versions[dep]}")
            todo.append((dep, tuple(sorted(req.extras)), f"a dependency of {name}"))
    return {name for name, _ in seen}


def requirements() -> str:
    """The download's requirements.txt: binder/requirements.txt's pins and jupyterlab at
    requirements.txt's, with everything they bring in on any system and supported Python."""
    runtime = pinned(ROOT / "binder" / "requirements.txt")
    tools = pinned(ROOT / "requirements.txt")
    clash = {n: (runtime[n][1], tools[n][1]) for n in runtime.keys() & tools.keys() if runtime[n] != tools[n]}
    if clash:
        raise DownloadError(f"pinned differently in binder/requirements.txt and requirements.txt: {clash}")
    if "jupyterlab" not in tools:
        raise DownloadError("requirements.txt: expected a pin for jupyterlab, found none")
    pins, elsewhere = tools | runtime, platform_pins()
    if pins.keys() & elsewhere.keys():
        raise DownloadError("tools/download/platform-requirements.txt: pinned in requirements.txt already, "
                            f"keep one pin: {sorted(pins.keys() & elsewhere.keys())}")
    versions = {name: version for name, (_, version) in pins.items()}
    versions |= {name: next(iter(req.specifier)).version for name, (_, req) in elsewhere.items()}
    roots = ["jupyterlab", *runtime]

    lines, used, here = set(), set(), installed()
    for env in environments():
        found = needed(roots, versions, set(elsewhere), env, here)
        lines |= {f"{pins[name][0]}=={pins[name][1]}" for name in found if name in pins}
        for name in found & set(elsewhere):
            line, req = elsewhere[name]
            if not req.marker.evaluate(env):
                raise DownloadError(f"tools/download/platform-requirements.txt: {line!r} leaves out "
                                    f"{env['sys_platform']} ({env['platform_machine']}, Python "
                                    f"{env['python_version']}), which needs {name}")
            lines.add(line)
            used.add(name)
    unused = sorted(set(elsewhere) - used)
    if unused:
        raise DownloadError(f"tools/download/platform-requirements.txt pins what nothing needs: {unused}")
    return "".join(line + "\n" for line in sorted(lines, key=lambda line: canonical(Requirement(line).name)))


def library_files() -> list[Path]:
    """backprop_lib's files, without caches and hidden files (.ipynb_checkpoints and the like)."""
    return sorted(p for p in (ROOT / "backprop_lib").rglob("*") if p.is_file() and p.suffix != ".pyc"
                  and not any(part == "__pycache__" or part.startswith(".") for part in p.relative_to(ROOT).parts))


def contents() -> dict[str, bytes]:
    """{path inside the top folder: bytes} of every file in the download."""
    lessons = sorted(LESSONS.glob("*.ipynb"))
    if not lessons:
        raise DownloadError(f"{LESSONS} holds no lesson (*.ipynb): the download carries the lessons' learner "
                            "form, notebooks/lessons/, which `make refresh` writes (tools/learner_notebooks.py)")
    files = {f"lessons/{p.name}": p.read_bytes() for p in lessons}
    files |= {p.relative_to(ROOT).as_posix(): p.read_bytes() for p in library_files()}
    files["benchmarks/results.json"] = (ROOT / "benchmarks" / "results.json").read_bytes()
    for name in ("LICENSE", "LICENSE-text"):  # the code's licence and the text's
        files[name] = (ROOT / name).read_bytes()
    files["requirements.txt"] = requirements().encode()
    for name in ("start.py", "README.md"):
        files[name] = (TEMPLATES / name).read_bytes()
    return files


def build(site_dir: Path) -> Path:
    """Write site_dir/download/backprop-step-by-step-lessons.zip and return its path."""
    path = Path(site_dir) / "download" / NAME
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    with zipfile.ZipFile(partial, "w") as archive:
        for name, data in sorted(contents().items()):
            info = zipfile.ZipInfo(f"{TOP}/{name}", date_time=DATE)
            info.create_system = 3  # Unix, wherever it is built, so that the mode below is read
            info.external_attr = 0o100644 << 16  # a regular file, rw-r--r--
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data, compresslevel=9)
    os.replace(partial, path)
    return path


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(f"usage: python {sys.argv[0]} SITE_DIR   (the built book, e.g. _build/html); got {sys.argv[1:]}")
    try:
        written = build(Path(sys.argv[1]))
    except DownloadError as error:
        sys.exit(f"lessons_download: {error}")
    with zipfile.ZipFile(written) as archive:
        count = len(archive.namelist())
    print(f"The lessons' download: {written} ({written.stat().st_size / 1e6:.1f} MB, {count} files)")
