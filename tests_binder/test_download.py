"""The lessons' download, used as a learner uses it (`make binder-check`).

The zip that `make book` puts in the site (tools/lessons_download.py) is built into a scratch
site folder and unpacked into an empty folder; start.py is run there with a plain Python (this
machine's pyenv 3.11.7 where it exists), with HOME and Jupyter's folders of its own:

1. a first run is killed while pip installs (a closed window, a power cut): no stamp is left;
2. the next run starts the set-up over, and serves JupyterLab on lessons/, which lists every
   lesson; stopped, it leaves no server behind;
3. its .venv holds exactly the pinned packages, and the library unpacked beside it;
4. every lesson reproduces every stored output under nbval, in a kernel of that .venv, with the
   main suite's flags;
5. a third run installs nothing and serves JupyterLab again.

And, with no machine of each kind at hand, pip itself says that every pin has a wheel for
Windows, macOS and Linux on each Python start.py accepts (and not on the next below or above),
and that the wheels ask for no package the download does not pin.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import secrets
import shlex
import signal
import subprocess
import sys
import time
import tomllib
import urllib.error
import zipfile
from concurrent.futures import ThreadPoolExecutor
from importlib import metadata
from pathlib import Path
from types import SimpleNamespace

import platformdirs
import pytest
from packaging.requirements import Requirement

import lab_view
from test_binder import free_port, get, shut_down_kernels

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
import lessons_download as ld  # noqa: E402

#: A learner's Python: a plain interpreter, not a virtual environment, where this machine has one.
PYENV = Path("/root/.pyenv/versions/3.11.7/bin/python3.11")
PYTHON = PYENV if PYENV.exists() else Path(sys.executable)
KERNEL = "download-lessons"
#: pip's --platform tags for each system (sys_platform, platform_machine) the learner's README names.
MANYLINUX = [f"manylinux_2_{glibc}" for glibc in range(28, 17, -1)] + ["manylinux2014"]
PLATFORMS = {("linux", "x86_64"): [f"{m}_x86_64" for m in MANYLINUX],
             ("linux", "aarch64"): [f"{m}_aarch64" for m in MANYLINUX],
             ("darwin", "arm64"): ["macosx_14_0_arm64"], ("darwin", "x86_64"): ["macosx_13_0_x86_64"],
             ("win32", "AMD64"): ["win_amd64"]}
#: The pins with no wheel for a system, which pip builds there from source: on an Intel Mac, one
#: (the learner's README says that it needs Apple's command line tools for it).
FROM_SOURCE = {("darwin", "x86_64"): {"argon2-cffi-bindings"}}


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def stamp_of(top: Path) -> tuple[str, int] | None:
    path = top / ".venv" / "backprop-step-by-step-installed.txt"
    return (path.read_text(), path.stat().st_mtime_ns) if path.exists() else None


@contextlib.contextmanager
def start_py(learner, name: str):
    """Run `start.py` in the unpacked folder as a learner would, with a free port and a random
    token; yields it; on the way out, kills whatever of it is left."""
    port, token = free_port(), secrets.token_hex(16)
    log_path = learner.work / f"{name}.log"
    with open(log_path, "w") as log:
        process = subprocess.Popen(
            [PYTHON, "start.py", "--no-browser", "--ip=127.0.0.1", f"--port={port}", "--ServerApp.port_retries=0",
             f"--IdentityProvider.token={token}"],
            cwd=learner.top, env=learner.env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    run = SimpleNamespace(process=process, base=f"http://127.0.0.1:{port}", token=token, log=log_path)
    try:
        yield run
    finally:
        # start.py is not reaped before this (see running), so the group id is still its own
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)  # its group: start.py, pip or JupyterLab
        process.wait()


def running(process) -> bool:
    """Whether the process has not exited; without reaping it, so that its process group's id
    stays its own until start_py kills that group."""
    return os.waitid(os.P_PID, process.pid, os.WEXITED | os.WNOHANG | os.WNOWAIT) is None


def api(run, path: str):
    status, body = get(f"{run.base}{path}{'&' if '?' in path else '?'}token={run.token}")
    assert status == 200, f"{path}: HTTP {status}"
    return json.loads(body)


def wait_until_serving(run) -> None:
    deadline = time.monotonic() + 1800  # a cold pip cache on a slow line; not a speed check
    while True:
        with contextlib.suppress(OSError):
            if get(f"{run.base}/api/status?token={run.token}")[0] == 200:
                return
        assert running(run.process) and time.monotonic() < deadline, \
            f"start.py did not serve JupyterLab:\n{run.log.read_text()[-4000:]}"
        time.sleep(1)


def stop(run) -> None:
    """Stop start.py as a system does (SIGTERM to start.py alone). JupyterLab must stop with it:
    once start.py has exited, the port no longer answers."""
    run.process.terminate()
    deadline = time.monotonic() + 120
    while running(run.process):
        assert time.monotonic() < deadline, f"start.py did not stop on SIGTERM:\n{run.log.read_text()[-3000:]}"
        time.sleep(0.2)
    with pytest.raises(urllib.error.URLError):
        get(f"{run.base}/api/status?token={run.token}")


def served(run) -> dict:
    wait_until_serving(run)
    seen = {"contents": api(run, "/api/contents/?content=1"), "kernelspecs": api(run, "/api/kernelspecs")}
    stop(run)
    seen["log"] = run.log.read_text()
    return seen


def site_packages(top: Path) -> Path | None:
    return next(iter((top / ".venv").glob("lib/python3*/site-packages")), None)


@pytest.fixture(scope="module")
def learner(tmp_path_factory):
    work = tmp_path_factory.mktemp("download")
    archive = ld.build(work / "site")
    unpacked = work / "unpacked"
    unpacked.mkdir()
    with zipfile.ZipFile(archive) as opened:
        opened.extractall(unpacked)
    top = unpacked / ld.TOP
    assert sorted(p.name for p in unpacked.iterdir()) == [ld.TOP]
    home = work / "home"
    home.mkdir()
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("JUPYTER", "IPYTHON", "MPL", "PYTHON", "VIRTUAL_ENV"))}
    env |= {"HOME": str(home), "JUPYTER_CONFIG_DIR": str(work / "jupyter" / "config"),
            "JUPYTER_DATA_DIR": str(work / "jupyter" / "data"), "JUPYTER_RUNTIME_DIR": str(work / "jupyter" / "run"),
            # pip's cache of the same pinned wheels, the runner's own: no new download every run
            "PIP_CACHE_DIR": os.environ.get("PIP_CACHE_DIR", platformdirs.user_cache_dir("pip"))}
    learner = SimpleNamespace(work=work, top=top, env=env, archive=archive, python=top / ".venv" / "bin" / "python")
    print(f"\nThe download: {archive.stat().st_size / 1e6:.1f} MB; start.py run by {PYTHON}")

    # 1. A first run, killed once pip has installed a package or more.
    with start_py(learner, "interrupted") as run:
        deadline = time.monotonic() + 1800
        while not any(p for p in (site_packages(top) or work).glob("*.dist-info")
                      if not p.name.startswith(("pip-", "setuptools-"))):
            assert running(run.process) and time.monotonic() < deadline, \
                f"start.py stopped before pip installed anything:\n{run.log.read_text()[-4000:]}"
            time.sleep(0.2)
        os.killpg(run.process.pid, signal.SIGKILL)
    learner.interrupted = {"log": run.log.read_text(), "stamp": stamp_of(top), "venv": (top / ".venv").is_dir(),
                           "installed": len(list(site_packages(top).glob("*.dist-info")))}
    # 2. The next run: starts over, serves, stops.
    started = time.monotonic()
    with start_py(learner, "recovering") as run:
        learner.recovering = served(run)
    learner.stamp = stamp_of(top)
    print(f"The set-up after the interrupted one, JupyterLab's start and stop: {time.monotonic() - started:.0f} s")
    return learner


def test_an_interrupted_first_set_up_is_started_over_by_the_next_run(learner):
    left = learner.interrupted
    assert left["venv"] and left["installed"] > 0 and left["stamp"] is None, \
        f"expected a partial .venv with no stamp after the kill: {left}"
    log = learner.recovering["log"]
    assert "An earlier set-up did not finish" in log and "[1/3] Creating a Python environment" in log, log[:3000]
    assert log.index("[1/3]") < log.index("[2/3]") < log.index("[3/3]") < log.index("Starting JupyterLab"), log[:3000]
    assert learner.stamp is not None, "no stamp after a set-up that finished"


def test_start_py_serves_every_lesson_in_jupyterlab_and_stops_with_it(learner):
    listed = sorted(item["name"] for item in learner.recovering["contents"]["content"] if item["type"] == "notebook")
    lessons = sorted(p.name for p in (learner.top / "lessons").glob("*.ipynb"))
    assert listed == lessons and len(lessons) >= 12, f"JupyterLab lists {listed}; lessons/ has {lessons}"
    wanted = {json.loads((learner.top / "lessons" / name).read_text())["metadata"]["kernelspec"]["name"]
              for name in lessons}
    have = set(learner.recovering["kernelspecs"]["kernelspecs"])
    assert wanted <= have, f"the lessons ask for kernels {sorted(wanted)}; JupyterLab has {sorted(have)}"


def test_the_environment_holds_exactly_the_pinned_packages_and_the_unpacked_library(learner):
    listed = subprocess.run([learner.python, "-m", "pip", "list", "--format=json", "--disable-pip-version-check"],
                            capture_output=True, text=True, check=True).stdout
    have = {canonical(p["name"]): p["version"] for p in json.loads(listed)}
    lines = (learner.top / "requirements.txt").read_text().splitlines()
    probe = "import json; from packaging.markers import default_environment as d; print(json.dumps(d()))"
    env = json.loads(subprocess.run([learner.python, "-c", probe], capture_output=True, text=True, check=True).stdout)
    wanted = {canonical(r.name): str(r.specifier)[2:] for r in map(Requirement, lines)
              if r.marker is None or r.marker.evaluate(env)}
    bootstrap = {"pip", "setuptools"}  # what venv itself puts there
    differ = {n: (wanted.get(n), have.get(n)) for n in (wanted.keys() | have.keys()) - bootstrap
              if wanted.get(n) != have.get(n)}
    assert not differ, f"packages in .venv other than requirements.txt pins (pinned, installed): {differ}"
    check = subprocess.run([learner.python, "-m", "pip", "check"], capture_output=True, text=True)
    assert check.returncode == 0, f"pip check in the download's .venv:\n{check.stdout}{check.stderr}"
    where = subprocess.run([learner.python, "-c", "import backprop_lib; print(backprop_lib.__path__[0])"], cwd="/",
                           capture_output=True, text=True, check=True).stdout.strip()
    assert where == str(learner.top / "backprop_lib"), f"the kernel imports backprop_lib from {where}"


def test_every_lesson_reproduces_every_stored_output_in_the_downloads_environment(learner):
    """nbval with the main suite's flags (pyproject's addopts), in a kernel of the download's
    .venv, over the zipped lessons."""
    data = learner.work / "kernels"
    spec = data / "kernels" / KERNEL
    spec.mkdir(parents=True)
    spec.joinpath("kernel.json").write_text(json.dumps({
        "argv": [str(learner.python), "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "Python 3 (the download's .venv)", "language": "python"}))
    addopts = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["pytest"]["ini_options"]["addopts"]
    flags = ["--nbval-kernel-name" if f == "--nbval-current-env" else f for f in shlex.split(addopts)]
    assert "--nbval-kernel-name" in flags, flags
    flags.insert(flags.index("--nbval-kernel-name") + 1, KERNEL)
    result = subprocess.run([sys.executable, "-m", "pytest", "-o", "addopts=", *flags, "lessons"], cwd=learner.top,
                            env={**os.environ, "JUPYTER_DATA_DIR": str(data)}, capture_output=True, text=True,
                            timeout=1800)
    summary = result.stdout.strip().splitlines()[-1] if result.stdout.strip() else ""
    print(f"\nnbval over the download's lessons, in its .venv: {summary}")
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]
    passed = int(re.search(r"(\d+) passed", summary).group(1))
    cells = sum(1 for p in (learner.top / "lessons").glob("*.ipynb") for c in json.loads(p.read_text())["cells"]
                if c["cell_type"] == "code" and "".join(c["source"]).strip())  # nbval skips empty cells
    assert passed == cells, f"nbval ran {passed} cells, the lessons have {cells} code cells: {summary}"


def test_a_second_run_installs_nothing_and_serves_jupyterlab(learner):
    before = sorted(p.name for p in site_packages(learner.top).iterdir())
    with start_py(learner, "again") as run:
        seen = served(run)
    log = seen["log"]
    assert log.startswith("The lessons are set up already (.venv): starting JupyterLab."), log[:2000]
    assert "[1/3]" not in log and "Collecting" not in log, log[:2000]
    assert stamp_of(learner.top) == learner.stamp, "the stamp was written again"
    assert sorted(p.name for p in site_packages(learner.top).iterdir()) == before
    assert len([i for i in seen["contents"]["content"] if i["type"] == "notebook"]) >= 12


def test_every_lesson_reads_as_it_should_in_the_downloads_jupyterlab(learner):
    """The JupyterLab a learner gets at home (requirements.txt's pin, not Binder's base), in
    Chromium, read as tests_binder/test_binder.py reads Binder's (lab_view.py): no raw MyST,
    every glued number shown, math typeset, every fold closed, every check cell folded."""
    import learner_notebooks  # tools/, on the path through the root conftest.py
    from playwright.sync_api import sync_playwright

    lab_view.write_settings(Path(learner.env["JUPYTER_CONFIG_DIR"]))  # every cell attached at once
    wrong = {}
    with start_py(learner, "read") as run, sync_playwright() as p:
        wait_until_serving(run)
        browser = p.chromium.launch(executable_path=os.environ.get("CHROMIUM", "/usr/bin/chromium"), args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"])
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        version = api(run, "/api").get("version", "?")
        print(f"\nThe download's JupyterLab (server {version}), every cell attached:")
        for i, path in enumerate(sorted((learner.top / "lessons").glob("*.ipynb"))):
            notebook = json.loads(path.read_text())
            lesson = ROOT / "lessons" / path.name
            view = lab_view.open_notebook(page, f"{run.base}/lab/workspaces/home-{i}/tree/{path.name}?token={run.token}",
                                          notebook)
            book_tags = {c.get("id"): set(c["metadata"].get("tags", [])) for c in json.loads(lesson.read_text())["cells"]}
            found, counts = lab_view.problems(view, notebook, learner_notebooks.shown_values(lesson), book_tags)
            print(f"  {path.stem}: " + ", ".join(f"{k} {v}" for k, v in counts.items())
                  + (f"; {len(found)} wrong" if found else "; as it should read"))
            if found:
                wrong[path.stem] = found
            shut_down_kernels(run.base, run.token)
        browser.close()
    assert not wrong, "lessons that do not read as they should in the download's JupyterLab:\n" + "\n".join(
        f"{name}:\n  " + "\n  ".join(found) for name, found in wrong.items())


def resolve(lines: list[str], tags: list[str], python: str, work: Path) -> tuple[int, str, dict]:
    """pip's dry run of installing ``lines`` (no dependencies) from wheels only, for one system
    and Python: (exit code, pip's messages, its installation report)."""
    work.mkdir(parents=True, exist_ok=True)
    report = work / f"report-{tags[0]}-{python}.json"
    target = work / "target"
    result = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--dry-run", "--ignore-installed", "--no-deps", "--quiet",
         "--disable-pip-version-check", "--only-binary=:all:", *[f"--platform={t}" for t in tags],
         f"--python-version={python}", "--implementation=cp", f"--target={target}", f"--report={report}", *lines],
        capture_output=True, text=True)
    return result.returncode, result.stderr, json.loads(report.read_text()) if result.returncode == 0 else {}


def unpinned(report: dict, env: dict, pinned: dict[str, str]) -> set[str]:
    """What the report's packages ask for, in this marker environment, that ``pinned`` lacks or
    pins at a version they refuse; extras followed."""
    meta = {canonical(i["metadata"]["name"]): i["metadata"] for i in report["install"]}
    extras = {name: {""} for name in meta}
    found, changed = set(), True
    while changed:
        changed = False
        for name, data in meta.items():
            for req in map(Requirement, data.get("requires_dist", [])):
                if req.marker and not any(req.marker.evaluate({**env, "extra": e}) for e in extras[name]):
                    continue
                dep = canonical(req.name)
                if dep not in pinned or not req.specifier.contains(pinned[dep], prereleases=True):
                    found.add(f"{name} needs {req}")
                elif dep in extras and not set(req.extras) <= extras[dep]:
                    extras[dep] |= set(req.extras)
                    changed = True
    return found


def compiled() -> set[str]:
    """The pinned packages whose wheel here is for this system only (not py3-none-any), and
    those not installed here at all: the ones whose wheels may be missing elsewhere."""
    found = set()
    for name in map(canonical, ld.pinned(ROOT / "requirements.txt") | ld.pinned(ROOT / "binder" / "requirements.txt")
                    | ld.platform_pins()):
        try:
            wheel = metadata.distribution(name).read_text("WHEEL") or ""
        except metadata.PackageNotFoundError:
            wheel = ""
        tags = [line.split(":", 1)[1].strip() for line in wheel.splitlines() if line.startswith("Tag:")]
        if not tags or not all(tag.endswith("-none-any") for tag in tags):
            found.add(name)
    return found


def test_every_compiled_pin_has_a_wheel_on_each_system_at_both_ends_of_start_pys_range(tmp_path):
    """For each system the learner's README names, at the oldest and newest Python start.py
    accepts (a package with wheels for both has them between): pip finds a wheel for every pin
    that is not pure Python (a pure one installs anywhere; its Requires-Python is checked by
    tests/test_lessons_download.py), and those wheels ask for nothing unpinned. And no Python
    above the range can install the pins."""
    readme = (ROOT / "tools" / "download" / "README.md").read_text()  # says what FROM_SOURCE says of Macs
    assert "Intel processor" in readme and "argon2-cffi-bindings" in readme and "64-bit" in readme
    requirements = [Requirement(line) for line in ld.requirements().splitlines()]
    native, start = compiled(), ld.start_module()
    assert {"numpy", "scipy", "pywinpty"} <= native, sorted(native)
    ends = {".".join(map(str, start.OLDEST)), f"{start.NEWEST[0]}.{start.NEWEST[1]}.0"}
    cases = [(env, (env["sys_platform"], env["platform_machine"])) for env in ld.environments()
             if (env["sys_platform"], env["platform_machine"]) in PLATFORMS and env["python_full_version"] in ends]
    assert len(cases) == 2 * len(PLATFORMS), [key for _, key in cases]

    def pinned(env):
        return {canonical(r.name): str(r.specifier)[2:] for r in requirements if r.marker is None or r.marker.evaluate(env)}

    def check(case):
        env, key = case
        wanted, source = pinned(env), FROM_SOURCE.get(key, set())
        asked = [f"{n}=={v}" for n, v in wanted.items() if n in native and n not in source]
        code, messages, report = resolve(asked, PLATFORMS[key], env["python_full_version"], tmp_path / "-".join(key))
        if code != 0:
            return f"{key} Python {env['python_full_version']}: {messages.strip().splitlines()[-1:]}"
        problems = unpinned(report, env, wanted)
        for name in sorted(source):  # built from source there: still no wheel?
            if resolve([f"{name}=={wanted[name]}"], PLATFORMS[key], env["python_full_version"], tmp_path / name)[0] == 0:
                problems.add(f"{name} has a wheel now: drop it from FROM_SOURCE and the README")
        return f"{key} Python {env['python_full_version']}: {sorted(problems)}" if problems else None

    above = f"{start.NEWEST[0]}.{start.NEWEST[1] + 1}"
    linux = pinned(next(env for env, key in cases if key == ("linux", "x86_64")))
    with ThreadPoolExecutor(4) as pool:
        failures = [f for f in pool.map(check, cases) if f]
    assert not failures, "pip cannot install the download's pins from wheels:\n" + "\n".join(failures)
    code, _, _ = resolve([f"{n}=={v}" for n, v in linux.items() if n in native], PLATFORMS[("linux", "x86_64")], above,
                         tmp_path / "above")
    assert code != 0, f"the pins install on Python {above} too: raise start.py's NEWEST, and the README's"
