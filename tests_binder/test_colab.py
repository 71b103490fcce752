"""Colab's view of the lessons, replayed: `make binder-check` (which .ci/run calls).

Colab opens one learner notebook (notebooks/lessons/NN.ipynb) alone, in a runtime of its own
packages, in the folder /content, with `google.colab` already imported by its kernel. The
learner uploads the lessons' zip there (tools/lessons_download.py builds it) and runs the
notebook, set-up cell first. Replayed here:

1. A fresh venv of Python 3.13 with Colab's own packages at Colab's versions
   (tests_binder/colab-stack.txt says where they come from), installed with --no-deps as listed,
   and a stand-in `google.colab` module that the kernel imports at its start (an IPython startup
   file), as Colab's kernel does.
2. The set-up cell alone, in an empty folder with the zip, on that fresh venv: it unpacks the
   zip, installs its pins, and must leave Colab's own kernel and lesson packages as they were
   (replacing one under a running kernel needs a restart). The packages it adds or replaces are
   printed. Every Colab runtime starts fresh, so this first install is the one every learner's
   set-up cell makes; the notebooks after it find the pins installed.
3. Every learner notebook, copied alone into an empty folder with the zip (Colab's /content),
   runs top to bottom in a kernel of that venv, started in that folder (nbclient; two at a time,
   on this machine's two cores). Each must run with no error, and glue the numbers it stored,
   name for name: a number equal to the stored one, exactly, or within a relative 1e-9 (see
   `REL_TOL`); a value glued as Markdown (a power of ten) equal as text. One summary line per
   notebook is printed.
4. The set-up cell without the zip: it raises, telling the learner what to do.

While _config.yml names the book's repository, the set-up cell clones it instead of unpacking
the zip. GitHub is out of reach here, so git's `url.<base>.insteadOf` (in the kernel's
environment only) serves that URL from a local repository of the files as pushed.

It takes some minutes: installing Colab's packages, then the lessons, two at a time.
"""

from __future__ import annotations

import concurrent.futures
import json
import math
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path
from types import SimpleNamespace

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
import colab_cell  # noqa: E402
from kernel_env import DROPPED  # noqa: E402

#: Colab's Python is 3.13 (3.13.15 in its published list); pyenv's 3.13.0 here.
PYTHON = Path("/root/.pyenv/versions/3.13.0/bin/python3.13")
STACK = Path(__file__).with_name("colab-stack.txt")
LEARNER = ROOT / "notebooks" / "lessons"
NOTEBOOKS = sorted(LEARNER.glob("*.ipynb"))
KERNEL = "colab-replay"
WORKERS = 2
#: Glued numbers are written with 12 significant digits (backprop_lib.pages.glue.GLUE_DIGITS).
#: Colab's numpy (2.1.3, its own OpenBLAS) is not the book's (2.4.6): a sum or a matrix product
#: taken in another order changes a float's last bits (about 1e-16 relative), which can move
#: the 12th digit of a rounded value by one (1e-11 relative), more after thousands of training
#: steps. 1e-9 allows that, and still catches any change a reader could see in the prose, which
#: shows at most 6 significant digits.
REL_TOL = 1e-9
#: Colab's packages that a lesson's kernel runs on: the set-up cell must leave them as they are.
COLAB_OWN = ("numpy", "scipy", "pandas", "matplotlib", "matplotlib-inline", "scikit-learn", "ipython",
             "ipykernel", "ipywidgets", "traitlets", "jupyter-client", "jupyter-core", "tornado", "pyzmq",
             "comm", "widgetsnbextension", "jupyterlab-widgets", "pillow")
#: What the learner must be told when the zip is missing, and words that are not for a learner.
TOLD = (colab_cell.ZIP, "How to run the lessons", "every lesson page links to it", "Files panel",
        "the folder icon on the left", "Run this cell again", "python start.py")
NOT_FOR_LEARNERS = ("_config.yml", "make ", "maintainer", "README")

DRIVER = r"""
import json, sys, time, traceback
import nbformat
from nbclient import NotebookClient
source, cwd, out, kernel = sys.argv[1:5]
nb = nbformat.read(source, as_version=4)
started, failure = time.monotonic(), None
try:
    NotebookClient(nb, timeout=900, kernel_name=kernel, allow_errors=True,
                   resources={"metadata": {"path": cwd}}).execute()
except Exception:  # a timeout or a dead kernel: keep what ran, say what happened
    failure = traceback.format_exc()[-3000:]
nbformat.write(nb, out)
print(json.dumps({"seconds": time.monotonic() - started, "failure": failure}))
"""


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def stack_pins() -> dict[str, str]:
    pins = {}
    for line in STACK.read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            name, version = line.split("==")
            pins[canonical(name)] = version.strip()
    return pins


def run(args, **kw) -> subprocess.CompletedProcess:
    result = subprocess.run([str(a) for a in args], capture_output=True, text=True, **kw)
    assert result.returncode == 0, (f"expected `{' '.join(map(str, args))}` to succeed, got exit code "
                                    f"{result.returncode}:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}")
    return result


def installed(python: Path) -> dict[str, str]:
    listed = run([python, "-m", "pip", "list", "--format=json", "--disable-pip-version-check"]).stdout
    return {canonical(p["name"]): p["version"] for p in json.loads(listed)}


def repository_as_pushed(dest: Path) -> None:
    """The files git would push (tracked, and untracked but not ignored)."""
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                            cwd=ROOT, capture_output=True, check=True).stdout.decode().split("\0")
    for rel in filter(None, listed):
        if (ROOT / rel).is_file():
            (dest / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / rel, dest / rel)


def github_served_locally(work: Path, url: str, branch: str) -> dict[str, str]:
    """Git settings, as environment variables, under which `git clone URL` clones a local
    repository of the files as pushed, on ``branch``."""
    origin = work / "origin"
    origin.mkdir()
    repository_as_pushed(origin)
    git = ["git", "-c", "user.name=replay", "-c", "user.email=replay@example.org", "-c", f"init.defaultBranch={branch}"]
    for args in (["init", "--quiet"], ["add", "."], ["commit", "--quiet", "-m", "as pushed"]):
        run([*git, *args], cwd=origin)
    return {"GIT_CONFIG_COUNT": "1", "GIT_CONFIG_KEY_0": f"url.{origin.as_uri()}.insteadOf",
            "GIT_CONFIG_VALUE_0": url}


@pytest.fixture(scope="module")
def colab(tmp_path_factory):
    assert PYTHON.is_file(), (f"expected Colab's Python, 3.13, at {PYTHON}, got no such file "
                              "(pyenv install 3.13.0 puts it there)")
    assert NOTEBOOKS, f"expected the learner notebooks in {LEARNER}, got none (python tools/learner_notebooks.py)"
    work = tmp_path_factory.mktemp("colab")
    maker = ROOT / "tools" / "lessons_download.py"
    assert maker.is_file(), f"expected {maker}, whose build(site_dir) writes the lessons' zip, got no such file"
    from lessons_download import build

    zip_path = build(work / "site")
    assert zip_path == work / "site" / "download" / colab_cell.ZIP and zip_path.is_file(), (
        f"expected tools/lessons_download.py's build() to write {work / 'site' / 'download' / colab_cell.ZIP}, "
        f"got {zip_path}")

    env_dir, started = work / "env", time.monotonic()
    run([PYTHON, "-m", "venv", env_dir])
    python = env_dir / "bin" / "python"
    pins = stack_pins()
    quiet = ["--quiet", "--disable-pip-version-check"]
    run([python, "-m", "pip", "install", *quiet, f"pip=={pins['pip']}"])
    run([python, "-m", "pip", "install", *quiet, "--no-deps", "-r", STACK])
    print(f"\nColab's packages installed in {time.monotonic() - started:.0f} s")
    fresh = installed(python)

    # google.colab, imported by the kernel at its start: a stand-in module, and a startup file.
    site = Path(run([python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"]).stdout.strip())
    (site / "google" / "colab").mkdir(parents=True)
    (site / "google" / "colab" / "__init__.py").write_text(
        '"""A stand-in for Colab\'s google.colab: its kernel imports it at start; nothing more."""\n')
    ipython_dir = work / "ipython"
    (ipython_dir / "profile_default" / "startup").mkdir(parents=True)
    (ipython_dir / "profile_default" / "startup" / "00-colab.py").write_text("import google.colab\n")

    data = work / "jupyter-data"
    (data / "kernels" / KERNEL).mkdir(parents=True)
    (data / "kernels" / KERNEL / "kernel.json").write_text(json.dumps({
        "argv": [str(python), "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "Python 3 (Colab replay)", "language": "python",
    }))
    # Colab's kernel environment: none of this machine's settings for the book's own kernels.
    env = {k: v for k, v in os.environ.items()
           if k not in (*DROPPED, "PYTHONHASHSEED", "PYTHONPATH", "VIRTUAL_ENV", "JPY_SESSION_NAME")
           and not k.startswith(("JUPYTER", "GIT_"))}
    env |= {"PATH": f"{env_dir / 'bin'}{os.pathsep}{os.environ['PATH']}", "JUPYTER_DATA_DIR": str(data),
            "IPYTHONDIR": str(ipython_dir), "MPLCONFIGDIR": str(work / "matplotlib")}
    url, branch = colab_cell.repository()
    if url is not None:
        env |= github_served_locally(work, url, branch)
    return SimpleNamespace(work=work, python=python, env=env, zip=zip_path, fresh=fresh)


def content_folder(colab, name: str, notebook: Path | None = None, with_zip: bool = True) -> Path:
    """A new empty folder, as Colab's /content, holding ``notebook`` and the lessons' zip."""
    folder = colab.work / "content" / name
    folder.mkdir(parents=True)
    if with_zip:
        shutil.copy(colab.zip, folder / colab.zip.name)
    if notebook is not None:
        shutil.copy(notebook, folder / notebook.name)
    return folder


def execute(colab, notebook: Path, folder: Path) -> SimpleNamespace:
    """Run ``notebook`` top to bottom in a Colab kernel started in ``folder``."""
    out = folder.parent / f"{folder.name}.executed.ipynb"
    result = subprocess.run([sys.executable, "-c", DRIVER, notebook, folder, out, KERNEL], env=colab.env,
                            capture_output=True, text=True, timeout=3600)
    assert result.returncode == 0, f"expected the notebook runner to finish, got:\n{result.stderr[-3000:]}"
    report = json.loads(result.stdout.splitlines()[-1])
    return SimpleNamespace(nb=nbformat.read(out, as_version=4), **report)


def one_cell_notebook(folder: Path, *sources: str) -> Path:
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(s) for s in sources])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    path = folder.parent / f"{folder.name}.cells.ipynb"
    nbformat.write(nb, path)
    return path


def errors(nb) -> list[tuple[int, str, str, str]]:
    """(cell index, cell id, exception name, its message's first line) of every error output."""
    return [(i, cell.get("id", ""), out.ename, (out.evalue.splitlines() or [""])[0])
            for i, cell in enumerate(nb.cells) if cell.cell_type == "code"
            for out in cell.get("outputs", []) if out.output_type == "error"]


def glued(nb) -> dict[str, dict[str, str]]:
    """name -> the MIME bundle it was glued with (myst-nb's prefix taken off), last glue kept."""
    found = {}
    for cell in nb.cells:
        for out in cell.get("outputs", []) if cell.cell_type == "code" else []:
            record = (out.get("metadata") or {}).get("scrapbook")
            if record:
                prefix = record.get("mime_prefix", "")
                found[record["name"]] = {k.removeprefix(prefix): "".join(v) if isinstance(v, list) else v
                                         for k, v in out.get("data", {}).items()}
    return found


def assert_ran(ran, what: str) -> None:
    stopped, failed = ran.failure, errors(ran.nb)
    assert not stopped, f"{what}: expected the run to finish, it stopped:\n{stopped}"
    assert not failed, f"{what}: expected no error, got, per (cell index, id, error, message): {failed}"


def number(text):
    try:
        return float(text)
    except (TypeError, ValueError):
        return None


def compare_glue(stored: dict, ran: dict) -> SimpleNamespace:
    """The stored glued values against those of a run: numbers within ``REL_TOL`` (exact counted
    apart), Markdown as text; tables and figures are not compared (pandas and matplotlib are
    Colab's versions, and the prose quotes no table's text)."""
    seen = SimpleNamespace(numbers=0, exact=0, close=0, worst=0.0, markdown=0, other=0, wrong=[],
                           missing=sorted(set(stored) - set(ran)), extra=sorted(set(ran) - set(stored)))
    for name in sorted(set(stored) & set(ran)):
        want, got = stored[name], ran[name]
        if (w := number(want.get("text/plain"))) is not None:
            seen.numbers += 1
            g = number(got.get("text/plain"))
            if g == w:
                seen.exact += 1
            elif g is not None and math.isclose(g, w, rel_tol=REL_TOL, abs_tol=0.0):
                seen.close += 1
                seen.worst = max(seen.worst, abs(g - w) / abs(w))
            else:
                seen.wrong.append(f"{name}: stored {want.get('text/plain')}, got {got.get('text/plain')}")
        elif "text/markdown" in want:
            seen.markdown += 1
            if got.get("text/markdown") != want["text/markdown"]:
                seen.wrong.append(f"{name}: stored {want['text/markdown']!r}, got {got.get('text/markdown')!r}")
        else:
            seen.other += 1
    return seen


def test_the_replay_is_colabs_stack_with_google_colab_imported_at_the_kernels_start(colab):
    pins, have = stack_pins(), colab.fresh
    wrong = {name: (version, have.get(name)) for name, version in pins.items() if have.get(name) != version}
    assert not wrong, f"expected Colab's versions (colab-stack.txt, installed) in the replay's venv: {wrong}"
    folder = content_folder(colab, "probe", with_zip=False)
    probe = one_cell_notebook(folder, 'import sys, numpy, IPython, ipywidgets, sklearn\n'
                                      'print("google.colab" in sys.modules, sys.version_info[:2], numpy.__version__, '
                                      'IPython.__version__, ipywidgets.__version__, sklearn.__version__)')
    ran = execute(colab, probe, folder)
    assert_ran(ran, "the probe")
    printed = "".join(out.get("text", "") for out in ran.nb.cells[0].outputs)
    expected = (f"True (3, 13) {pins['numpy']} {pins['ipython']} {pins['ipywidgets']} {pins['scikit-learn']}\n")
    assert printed == expected, f"expected the kernel to print {expected!r}, got {printed!r}"


@pytest.fixture(scope="module")
def set_up(colab):
    """The set-up cell alone on the fresh venv, with the zip: its first, real install."""
    before = installed(colab.python)
    first = next(c for c in nbformat.read(NOTEBOOKS[0], as_version=4).cells if c.cell_type == "code")
    folder = content_folder(colab, "set-up")
    probe = one_cell_notebook(folder, first.source, "import os, sys, backprop_lib\n"
                                                    "print(os.getcwd()); print(sys.path[0]); print(backprop_lib.__file__)")
    ran = execute(colab, probe, folder)
    after = installed(colab.python)
    changed = {name: (before.get(name), after.get(name)) for name in sorted(set(before) | set(after))
               if before.get(name) != after.get(name)}
    print("\nThe set-up cell's pip, on Colab's packages (before -> after): "
          + ", ".join(f"{n} {a or '-'} -> {b or '-'}" for n, (a, b) in changed.items()))
    shown = [out.get("text", "") for out in ran.nb.cells[0].outputs if out.output_type == "stream"]
    if shown:
        print("The set-up cell printed:\n" + "".join(shown).strip())
    return SimpleNamespace(ran=ran, folder=folder, changed=changed, after=after)


def test_the_set_up_cell_unpacks_the_zip_installs_the_pins_and_keeps_colabs_own_packages(colab, set_up):
    assert_ran(set_up.ran, "the set-up cell with the zip")
    url, _ = colab_cell.repository()
    if url is None:  # the zip's top folder and its lessons
        top = set_up.folder / colab_cell.TOP
        lessons = top / "lessons"
    else:  # the clone, and its learner notebooks
        top = set_up.folder / url.rsplit("/", 1)[1]
        lessons = top / "notebooks" / "lessons"
    printed = "".join(out.get("text", "") for out in set_up.ran.nb.cells[1].outputs).split("\n")
    assert printed[:3] == [str(lessons), str(top), str(top / "backprop_lib" / "__init__.py")], (
        f"expected the kernel in {lessons}, {top} first on sys.path and the library from it, got {printed[:3]}")
    wrong = [pin for pin in colab_cell.pins() if set_up.after.get(canonical(pin.split("==")[0])) != pin.split("==")[1]]
    assert not wrong, f"expected the set-up cell's pins installed, got otherwise: {wrong}"
    replaced = {name: change for name, change in set_up.changed.items() if name in COLAB_OWN}
    assert not replaced, f"expected Colab's own kernel and lesson packages left as they are, got (before, after): {replaced}"


@pytest.fixture(scope="module")
def replay(colab, set_up):
    """Every learner notebook, alone in an empty folder with the zip, run in a Colab kernel."""
    def one(path):
        return path, execute(colab, path, content_folder(colab, path.stem, path))

    started = time.monotonic()
    results = {}
    with concurrent.futures.ThreadPoolExecutor(WORKERS) as pool:
        for path, ran in pool.map(one, NOTEBOOKS):
            seen = compare_glue(glued(nbformat.read(path, as_version=4)), glued(ran.nb))
            failed = errors(ran.nb)
            status = "ran" if not failed and not ran.failure else f"FAILED ({len(failed)} error outputs)"
            if failed:
                i, cell_id, ename, evalue = failed[0]
                status += f", first in cell {i} ({cell_id}): {ename}: {evalue[:160]}"
            if ran.failure:
                status += f", the run stopped: {ran.failure.strip().splitlines()[-1]}"
            print(f"\n{path.name}: {status}; {ran.seconds:.0f} s; glued numbers {seen.numbers}: {seen.exact} exact, "
                  f"{seen.close} within {REL_TOL:g}"
                  f" (largest {seen.worst:.1e}); Markdown {seen.markdown}; not compared {seen.other}; "
                  f"wrong {len(seen.wrong)}, missing {len(seen.missing)}, extra {len(seen.extra)}", flush=True)
            results[path.name] = SimpleNamespace(ran=ran, glue=seen, errors=failed)
    print(f"\nThe learner notebooks ran on Colab's replay in {time.monotonic() - started:.0f} s, "
          f"{WORKERS} at a time", flush=True)
    return results


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_every_learner_notebook_runs_alone_on_colab_and_glues_its_stored_numbers(replay, path):
    first = next(c for c in nbformat.read(path, as_version=4).cells if c.cell_type == "code")
    assert first.get("id") == colab_cell.CELL_ID, (
        f"{path.name}: expected the Colab set-up cell ({colab_cell.CELL_ID!r}) first, got cell {first.get('id')!r}")
    result = replay[path.name]
    assert_ran(result.ran, path.name)
    seen = result.glue
    assert not seen.missing and not seen.extra, (
        f"{path.name}: expected the stored glue names, got {seen.missing} missing and {seen.extra} extra")
    assert not seen.wrong, f"{path.name}: expected the stored glued values (numbers within {REL_TOL:g}), got: " \
                           + "; ".join(seen.wrong[:20])


def test_without_the_zip_the_set_up_cell_tells_the_learner_what_to_do(colab, set_up):
    """The cell as it is written while the book names no repository: the learner notebooks' own
    then (checked), and with a repository named, the cell the tool writes without it."""
    url, _ = colab_cell.repository()
    cell = next(c for c in nbformat.read(NOTEBOOKS[0], as_version=4).cells if c.cell_type == "code").source
    if url is None:
        assert colab_cell.cell_source() in cell, (
            f"{NOTEBOOKS[0].name}: expected the set-up cell the tool writes now, got:\n{cell}")
    else:
        config = colab.work / "_config.yml"
        config.write_text("repository:\n  branch: main\n")
        cell = colab_cell.cell_source(config)
    folder = content_folder(colab, "no-zip", with_zip=False)
    ran = execute(colab, one_cell_notebook(folder, cell), folder)
    failed = errors(ran.nb)
    assert [f[2] for f in failed] == ["FileNotFoundError"], f"expected one FileNotFoundError, got {failed}"
    said = next(out.evalue for out in ran.nb.cells[0].outputs if out.output_type == "error")
    print(f"\nWithout the zip, the set-up cell says:\n{said}")
    missing = [words for words in TOLD if words not in said]
    assert not missing, f"expected the learner to be told {missing}, got: {said}"
    for words in NOT_FOR_LEARNERS:
        assert words not in said, f"expected no word for maintainers ({words!r}), got: {said}"
    left = sorted(p.name for p in folder.iterdir())
    assert left == [], f"expected the cell to leave {folder} empty, got {left}"
