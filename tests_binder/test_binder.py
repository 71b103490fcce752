"""Binder's view of the book, tested: `make binder-check` (which .ci/run calls after `make test`).

A fresh virtual environment gets what Binder installs and nothing else, by the steps
repo2docker takes, on a copy of the repository as Binder would receive it. The repo2docker is
the one tests_binder/binder-base.txt pins (with its hash): pip downloads its wheel, and its own
files say what to install (tests_binder/binder_base.py reads them; the references below are to
its `buildpacks/`):

1. Binder's base image: `conda/environment.py-3.11-linux-64.lock`, the frozen notebook
   environment repo2docker builds for binder/runtime.txt's Python (JupyterLab, Notebook,
   Jupyter Server, pip, ipykernel, ipywidgets, ... at its versions), installed with pip as
   listed (--no-deps: conda resolved it), conda names mapped to PyPI's; what is not a Python
   package (the interpreter, Node, C libraries) or is a metapackage is left out, each named with
   the reason in binder_base.py, and printed.
2. The command `python/__init__.py` runs for binder/requirements.txt (a `binder/` folder makes
   repo2docker read only it), with that base's pip: `pip install --no-cache-dir -r
   binder/requirements.txt`, less --no-cache-dir (see `replay`).
3. `pip install .` only if there is no `binder/` folder and pyproject.toml has both [project]
   and [build-system]; replayed under the same condition, so that the check notices if the
   layout ever triggers it again.
4. `./binder/postBuild`, from the repository's root.

Then every learner notebook (notebooks/lessons/, what Binder's links open) runs under nbval,
with the flags of the main suite, in a kernel of that environment, and must reproduce every
stored output; and that environment's JupyterLab, started on 127.0.0.1, must open a lesson with
the widget extensions enabled, keep an explorer live both ways, and show every learner notebook
as it should read (tests_binder/lab_view.py): no raw MyST, every glued number in its sentence,
math typeset, solutions and checks folded.

It takes a few minutes, most of it installing packages and running the notebooks: hence its own
make target.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import secrets
import shlex
import shutil
import socket
import subprocess
import sys
import time
import tomllib
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path
from types import SimpleNamespace

import pytest

import binder_base
import lab_view

ROOT = Path(__file__).resolve().parents[1]
KERNEL = "binder-runtime"
#: What Binder's launch buttons open: the lessons in their learner form (tools/learner_notebooks.py).
LEARNER = Path("notebooks") / "lessons"
#: Where `LABVIEW_SCREENSHOTS=<folder> make binder-check` puts pictures of these notebooks in JupyterLab.
SCREENSHOTS = ("01_single_neuron", "05_network_222")
WIDGET_EXTENSIONS = ("@jupyter-widgets/jupyterlab-manager", "anywidget")
#: Build and test tools: none may reach Binder.
TOOLS = ("pytest", "nbval", "xdist", "jupyter_book", "sphinx_book_theme", "playwright", "hypothesis", "zizmor")


def pins(path: Path) -> dict[str, str]:
    """The `name==version` lines of a requirements file (names normalised), nested files not followed."""
    found = {}
    for line in path.read_text().splitlines():
        if re.match(r"[A-Za-z0-9]", line):
            name, version = line.split("==")
            found[re.sub(r"[-_.]+", "-", name).lower()] = version.strip()
    return found


def run(args, log: list, **kw) -> subprocess.CompletedProcess:
    """Run a build step, keep its output for the report, fail with it if the step fails."""
    result = subprocess.run(args, capture_output=True, text=True, **kw)
    log.append(f"$ {shlex.join(map(str, args))}\n{result.stdout}{result.stderr}")
    assert result.returncode == 0, "\n".join(log)[-6000:]
    return result


def repository_as_pushed(dest: Path) -> None:
    """Copy the files git would push (tracked, and untracked but not ignored), as Binder gets
    them: no .venv, no _build, no egg-info of a local editable install."""
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                            cwd=ROOT, capture_output=True, check=True).stdout.decode().split("\0")
    for rel in filter(None, listed):
        src = ROOT / rel
        if src.is_file():  # a file deleted but not yet committed is listed and absent
            (dest / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest / rel)


def repo2docker_binder_dir(repo: Path) -> str:
    """BuildPack.binder_dir: `binder/` or `.binder/` (never both), else the root."""
    has = [d for d in ("binder", ".binder") if (repo / d).is_dir()]
    assert len(has) < 2, "repo2docker refuses a repository with both binder/ and .binder/"
    return has[0] if has else ""


def repo2docker_is_python_package(repo: Path) -> bool:
    """PythonBuildPack._is_python_package: decides whether repo2docker runs `pip install .`."""
    if repo2docker_binder_dir(repo):
        return False
    if (repo / "setup.py").exists():
        return True
    if (repo / "pyproject.toml").exists():
        pyproject = tomllib.loads((repo / "pyproject.toml").read_text())
        return "project" in pyproject and "build-system" in pyproject
    return False


def files_under(repo: Path) -> set[str]:
    return {str(p.relative_to(repo)) for p in repo.rglob("*") if "__pycache__" not in p.parts}


@pytest.fixture(scope="module")
def binder(tmp_path_factory):
    work = tmp_path_factory.mktemp("binder")
    repo, env, home = work / "repo", work / "env", work / "home"
    repo.mkdir()
    home.mkdir()
    repository_as_pushed(repo)
    log: list[str] = []
    started = time.monotonic()

    # repo2docker's own files: its frozen base environment and its install commands.
    buildpacks = binder_base.download_repo2docker(work / "repo2docker", log)
    steps = {"binder_dir": repo2docker_binder_dir(repo), "pip install .": repo2docker_is_python_package(repo)}
    python_version = binder_base.python_version(repo / steps["binder_dir"] / "runtime.txt")
    assert f"{sys.version_info.major}.{sys.version_info.minor}" == python_version, \
        f"Binder runs Python {python_version} (binder/runtime.txt); this check runs on {sys.version.split()[0]}"
    base = binder_base.base_environment(buildpacks, python_version)
    print(f"\n{binder_base.describe(base)}")

    # 1. Binder's base image: the lock's Python packages, exactly as listed (conda resolved them:
    # --no-deps). Its pip first, since repo2docker's later steps run that pip.
    run([sys.executable, "-m", "venv", env], log)
    python, pip = env / "bin" / "python", env / "bin" / "pip"
    run([python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", f"pip=={base.pins['pip']}"], log)
    base_requirements = work / "binder-base-requirements.txt"
    base_requirements.write_text(base.requirements())
    run([pip, "install", "--quiet", "--disable-pip-version-check", "--no-deps", "-r", base_requirements], log)

    # 2.-4. What repo2docker does with the repository, in its order, as the notebook user would.
    build_env = {**os.environ, "PATH": f"{env / 'bin'}{os.pathsep}{os.environ['PATH']}", "HOME": str(home)}
    before = files_under(repo)
    requirements, pip_output = Path(steps["binder_dir"]) / "requirements.txt", ""
    if (repo / requirements).exists():
        result = run([pip, *replay(binder_base.pip_install_requirements(buildpacks, requirements.as_posix()))],
                     log, cwd=repo, env=build_env)
        pip_output = result.stdout + result.stderr
    if steps["pip install ."]:
        run([pip, *replay(binder_base.pip_install_package(buildpacks))], log, cwd=repo, env=build_env)
    post_build = Path(steps["binder_dir"]) / "postBuild"
    if (repo / post_build).exists():
        (repo / post_build).chmod(0o755)
        run([f"./{post_build}"], log, cwd=repo, env=build_env)
    after = files_under(repo)
    print(f"Binder's environment built in {time.monotonic() - started:.0f} s")

    return SimpleNamespace(work=work, repo=repo, env=env, python=python, home=home, log=log, base=base,
                           pip_output=pip_output, steps=steps, new_files=after - before, build_env=build_env)


def replay(command: list[str]) -> list[str]:
    """repo2docker's pip command, less --no-cache-dir: that option only keeps pip's cache out of
    Binder's image, and here it would make pip download every pinned wheel again on every run
    (about 2½ minutes on this machine, against half a minute from the cache) for the same files."""
    assert command[:2] == ["install", "--no-cache-dir"], command
    return [part for part in command if part != "--no-cache-dir"]


def test_binder_reads_its_own_folder_and_does_not_install_the_package(binder):
    assert binder.steps == {"binder_dir": "binder", "pip install .": False}


def test_the_build_leaves_nothing_in_the_repository(binder):
    assert not binder.new_files, f"Binder's build left files in the repository: {sorted(binder.new_files)}"


def installed(python: Path) -> dict[str, str]:
    listed = subprocess.run([python, "-m", "pip", "list", "--format=json"], capture_output=True, text=True,
                            check=True).stdout
    return {re.sub(r"[-_.]+", "-", p["name"]).lower(): p["version"] for p in json.loads(listed)}


def test_the_base_is_repo2dockers_frozen_environment(binder):
    """Every package of the base that binder/requirements.txt does not pin stays at the lock's
    version, and pip saw no conflict when it installed binder/requirements.txt over the base."""
    have, runtime = installed(binder.python), pins(ROOT / "binder" / "requirements.txt")
    wrong = {n: (v, have.get(n)) for n, v in binder.base.pins.items() if n not in runtime and have.get(n) != v}
    assert not wrong, f"base packages not at repo2docker's versions (lock, installed): {wrong}"
    moved = {n: f"{v} -> {runtime[n]}" for n, v in sorted(binder.base.pins.items()) if runtime.get(n, v) != v}
    print(f"\nbinder/requirements.txt moves {len(moved)} of the base's packages: {moved}")
    assert "dependency conflicts" not in binder.pip_output, binder.pip_output[-3000:]


def test_the_environment_holds_the_runtime_pins_and_no_build_or_test_tool(binder):
    installed_now = installed(binder.python)
    wrong = {n: (v, installed_now.get(n)) for n, v in pins(ROOT / "binder" / "requirements.txt").items()
             if installed_now.get(n) != v}
    assert not wrong, f"pinned in binder/requirements.txt, but installed otherwise (pin, installed): {wrong}"
    check = subprocess.run([binder.python, "-m", "pip", "check"], capture_output=True, text=True)
    assert check.returncode == 0, f"pip check on Binder's environment:\n{check.stdout}{check.stderr}"
    probe = "import importlib.util as u, sys; print(' '.join(m for m in sys.argv[1:] if u.find_spec(m)))"
    present = subprocess.run([binder.python, "-c", probe, *TOOLS], capture_output=True, text=True,
                             check=True).stdout.split()
    assert not present, f"build or test tools installed on Binder: {present}"


def test_the_library_is_the_working_copy_and_an_edit_reaches_a_new_kernel(binder):
    """A restarted kernel is a new Python process: each run below is one."""
    probe = binder.repo / "backprop_lib" / "_binder_probe.py"
    code = "import backprop_lib, backprop_lib._binder_probe as p; print(backprop_lib.__path__[0], p.VALUE)"
    seen = []
    for value in (1, 2):
        probe.write_text(f"VALUE = {value}\n")
        out = subprocess.run([binder.python, "-c", code], cwd="/", capture_output=True, text=True, check=True)
        seen.append(out.stdout.split())
    probe.unlink()
    assert seen == [[str(binder.repo / "backprop_lib"), "1"], [str(binder.repo / "backprop_lib"), "2"]]


@pytest.fixture(scope="module")
def kernel(binder):
    """A kernelspec that runs in Binder's environment, found through JUPYTER_DATA_DIR (which
    tools/kernel_env.py, unlike JUPYTER_PATH, leaves alone)."""
    data = binder.work / "jupyter-data"
    spec = data / "kernels" / KERNEL
    spec.mkdir(parents=True)
    spec.joinpath("kernel.json").write_text(json.dumps({
        "argv": [str(binder.python), "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "Python 3 (Binder's environment)", "language": "python",
    }))
    return data


def test_the_kernel_runs_in_binders_environment(binder, kernel, monkeypatch):
    from jupyter_client.manager import start_new_kernel

    monkeypatch.setenv("JUPYTER_DATA_DIR", str(kernel))
    km, kc = start_new_kernel(kernel_name=KERNEL, cwd=str(binder.repo / "lessons"))
    try:
        out = []
        kc.execute_interactive("import sys, backprop_lib; print(sys.prefix); print(backprop_lib.__path__[0])",
                               output_hook=lambda m: out.append(m["content"].get("text", "")), timeout=60)
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)
    assert "".join(out).split() == [str(binder.env), str(binder.repo / "backprop_lib")]


def test_every_learner_notebook_reproduces_every_stored_output_on_binder(binder, kernel):
    """nbval with the main suite's flags (pyproject's addopts), the kernel of Binder's
    environment in place of the current one, over the notebooks Binder's links open (their code
    cells and outputs are the lessons', which tests/test_learner_notebooks.py guarantees)."""
    addopts = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["pytest"]["ini_options"]["addopts"]
    flags = ["--nbval-kernel-name" if f == "--nbval-current-env" else f for f in shlex.split(addopts)]
    assert "--nbval-kernel-name" in flags, flags
    flags.insert(flags.index("--nbval-kernel-name") + 1, KERNEL)
    env = {**os.environ, "JUPYTER_DATA_DIR": str(kernel)}
    notebooks = sorted((binder.repo / LEARNER).glob("*.ipynb"))
    assert [p.name for p in notebooks] == [p.name for p in sorted((binder.repo / "lessons").glob("*.ipynb"))], \
        f"{LEARNER}/ must hold every lesson's learner notebook and no other"
    result = subprocess.run([sys.executable, "-m", "pytest", "-o", "addopts=", *flags, LEARNER.as_posix()],
                            cwd=binder.repo, env=env, capture_output=True, text=True, timeout=1200)
    summary = result.stdout.strip().splitlines()[-1] if result.stdout.strip() else ""
    print(f"\nnbval over {LEARNER}/ on Binder's environment: {summary}")
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]
    passed = int(re.search(r"(\d+) passed", summary).group(1))
    cells = sum(1 for p in notebooks for c in json.loads(p.read_text())["cells"]
                if c["cell_type"] == "code" and "".join(c["source"]).strip())  # nbval skips empty cells
    assert passed == cells, f"nbval ran {passed} cells, the learner notebooks have {cells} code cells: {summary}"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, ""


@contextlib.contextmanager
def jupyter_lab(binder):
    """JupyterLab from Binder's environment on 127.0.0.1, with a random token and its own
    Jupyter folders; yields (base URL, token); stopped on the way out. Its one user setting,
    lab_view.LAB_SETTINGS, attaches every cell of a notebook at once (see lab_view.py)."""
    port, token = free_port(), secrets.token_hex(16)
    jupyter = binder.work / f"jupyter-lab-{port}"
    env = {k: v for k, v in binder.build_env.items() if not k.startswith(("JUPYTER", "IPYTHON", "MPL"))}
    env |= {"JUPYTER_CONFIG_DIR": str(jupyter / "config"), "JUPYTER_DATA_DIR": str(jupyter / "data"),
            "JUPYTER_RUNTIME_DIR": str(jupyter / "runtime")}
    jupyter.mkdir()
    lab_view.write_settings(jupyter / "config")
    log = open(jupyter / "server.log", "w")
    server = subprocess.Popen(
        [binder.env / "bin" / "jupyter", "lab", "--no-browser", "--ip", "127.0.0.1", f"--port={port}",
         "--ServerApp.port_retries=0", f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={binder.repo}",
         # Binder runs it as its notebook user; CI here runs as root, which Jupyter refuses unless told.
         *(["--allow-root"] if os.geteuid() == 0 else [])],
        env=env, stdout=log, stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                if get(f"{base}/api/status?token={token}")[0] == 200:
                    break
            except (urllib.error.URLError, ConnectionError):
                pass
            assert server.poll() is None and time.monotonic() < deadline, \
                f"JupyterLab did not start:\n{(jupyter / 'server.log').read_text()[-3000:]}"
            time.sleep(0.5)
        yield base, token
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log.close()


@pytest.fixture(scope="module")
def lab(binder):
    """One JupyterLab of Binder's environment for every check below: (base URL, token)."""
    with jupyter_lab(binder) as server:
        yield server


@pytest.fixture(scope="module")
def browser():
    """One Chromium for every check below (Debian's: Playwright's own download cannot work here)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=os.environ.get("CHROMIUM", "/usr/bin/chromium"), args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"])
        yield chromium
        chromium.close()


def shut_down_kernels(base: str, token: str) -> None:
    """Every kernel the server runs (opening a notebook starts one), so that none of them keeps
    the machine's two cores from the next notebook."""
    for session in json.loads(get(f"{base}/api/sessions?token={token}")[1]):
        request = urllib.request.Request(f"{base}/api/sessions/{session['id']}?token={token}", method="DELETE")
        urllib.request.urlopen(request, timeout=30).close()


def test_jupyterlab_opens_a_lesson_with_the_widget_extensions_enabled(binder, lab):
    base, token = lab
    port = urllib.parse.urlparse(base).port
    first = sorted((binder.repo / LEARNER).glob("*.ipynb"))[0]
    lesson = first.relative_to(binder.repo).as_posix()
    status, page = get(f"{base}/lab/tree/{lesson}?token={token}")
    assert status == 200, f"/lab/tree/{lesson}: HTTP {status}"
    config = json.loads(re.search(r'<script id="jupyter-config-data" type="application/json">(.*?)</script>',
                                  page, re.S).group(1))
    assert config["appName"] == "JupyterLab"
    assert config["appVersion"] == binder.base.pins["jupyterlab"], "not the JupyterLab of Binder's base"
    print(f"\nJupyterLab {config['appVersion']} opens /lab/tree/{lesson}")
    federated = {e["name"]: e for e in config["federated_extensions"]}
    disabled = set(config.get("disabledExtensions", []))
    print(f"extensions: {', '.join(sorted(federated))}; disabled: {sorted(disabled) or 'none'}")
    for name in WIDGET_EXTENSIONS:
        assert name in federated, f"{name} is not among JupyterLab's extensions: {sorted(federated)}"
        assert not any(d == name or d.startswith(name + ":") for d in disabled), f"{name} is disabled"
        entry = f"{config['fullLabextensionsUrl']}/{name}/{federated[name]['load']}"
        assert get(f"http://127.0.0.1:{port}{entry}?token={token}")[0] == 200, f"{entry} does not load"

    status, body = get(f"{base}/api/contents/{lesson}?token={token}&content=0")
    assert status == 200 and json.loads(body)["type"] == "notebook"
    kernel_name = json.loads(first.read_text())["metadata"]["kernelspec"]["name"]
    specs = json.loads(get(f"{base}/api/kernelspecs?token={token}")[1])["kernelspecs"]
    assert kernel_name in specs, f"the lessons ask for kernel {kernel_name!r}; JupyterLab has {sorted(specs)}"


LIVE_CHECK = {  # a notebook a reader might write: an explorer, then Python reading what the page set
    "cells": [
        {"cell_type": "code", "metadata": {}, "execution_count": None, "outputs": [],
         "source": "from backprop_lib.explorers import NeuronExplorer\nexplorer = NeuronExplorer()\nexplorer"},
        {"cell_type": "code", "metadata": {}, "execution_count": None, "outputs": [],
         "source": "print(f'w={explorer.w!r} loss={explorer.loss!r}')"},
        {"cell_type": "code", "metadata": {}, "execution_count": None, "outputs": [],
         "source": "explorer.w = -2.0"},
    ],
    "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}},
    "nbformat": 4, "nbformat_minor": 5,
}


def test_an_explorer_is_live_in_jupyterlab_both_ways(binder, lab, browser):
    """In JupyterLab, in Chromium: the neuron explorer draws in a cell's output; a slider moved in
    the page reaches the kernel (Python reads the new w, and the library's loss for it), and a
    value set from Python redraws the page. The other explorers share the mechanism."""
    import backprop_lib as bl
    from backprop_lib.pages import examples

    base, token = lab
    notebook = binder.repo / "live_check.ipynb"
    notebook.write_text(json.dumps(LIVE_CHECK))
    ex = examples.single_neuron("stated")
    w_new = 1.25
    expected_loss = bl.loss_of(ex.net.with_parameters(W1=[[w_new]]), ex.x, ex.y)
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    try:
        page.goto(f"{base}/lab/tree/live_check.ipynb?token={token}", wait_until="domcontentloaded")
        cells = page.locator(".jp-Notebook .jp-Cell.jp-CodeCell")
        cells.first.wait_for(timeout=60000)
        # a cell run before the kernel is connected is dropped: wait for the status bar's "Idle"
        page.get_by_text(re.compile(r"\| Idle")).first.wait_for(timeout=90000)
        page.wait_for_timeout(1000)
        page.locator(".jp-Notebook .jp-CodeCell .jp-InputArea-editor").first.click()
        page.keyboard.press("Shift+Enter")
        explorer = page.locator(".jp-OutputArea .bp-neuron")
        try:
            explorer.wait_for(timeout=90000)
        except Exception:
            page.screenshot(path=str(binder.work / "lab-failed.png"))
            print("\nJupyterLab's output area:", page.locator(".jp-OutputArea").first.inner_text()[:2000])
            print("screenshot:", binder.work / "lab-failed.png")
            raise
        shown = explorer.locator('[data-quantity="w"]')
        slider = explorer.locator('input[data-trait="w"]')
        slider.evaluate(f"(el) => {{ el.value = '{w_new}'; el.dispatchEvent(new Event('input', {{bubbles: true}})); "
                        "el.dispatchEvent(new Event('change', {bubbles: true})); }")
        page.wait_for_timeout(1000)
        page.keyboard.press("Escape")
        cells.nth(1).locator(".jp-InputArea-editor").click()
        page.keyboard.press("Shift+Enter")
        printed = cells.nth(1).locator(".jp-OutputArea-output")
        printed.wait_for(timeout=60000)
        text = printed.inner_text()
        page.keyboard.press("Escape")
        cells.nth(2).locator(".jp-InputArea-editor").click()
        page.keyboard.press("Shift+Enter")
        page.wait_for_function("(el) => el.textContent.trim() === '\u22122.0000'", arg=shown.element_handle(),
                               timeout=30000)
    finally:
        page.close()
        notebook.unlink()
        shut_down_kernels(base, token)
    w_seen, loss_seen = (float(part.split("=")[1]) for part in text.split())
    assert w_seen == w_new, f"the kernel did not get the slider's w: it printed {text!r}"
    assert abs(loss_seen - expected_loss) < 1e-12, f"the kernel's loss {loss_seen} is not the library's {expected_loss}"


def test_every_learner_notebook_reads_as_it_should_in_jupyterlab(binder, lab, browser):
    """Every learner notebook opened in that JupyterLab as a Binder link opens it (each in a
    workspace of its own, as a fresh Binder session has; one server, one browser), read from the
    page once every cell is rendered and the math typeset (lab_view.py):
    - no raw MyST ({glue, {term}, {cite, {doc}, {ref}, {prf:, :::{ and ```{ directives) in the
      rendered Markdown;
    - every value the tool glued into the prose (learner_notebooks.shown_values), as many times
      as it was glued, in the rendered text;
    - no math left as TeX ($$) or in MathJax's red (an error, or a macro JupyterLab lacks);
    - every <details> (solutions, dropdowns) closed at load;
    - the input of every cell marked source_hidden folded, and of no other; the output of every
      cell marked outputs_hidden folded, and of no other; and every cell the book hides folded
      (the lesson's tags, matched by cell id), its output too where the book removes the cell;
    - no output JupyterLab cannot render (it shows nothing for one; glue's records aside).
    One line per notebook is printed, with what is wrong, and how many explorers (widget
    outputs) show as their text until their cell is run (an untrusted notebook's widgets do).
    With LABVIEW_SCREENSHOTS=<folder>, chapters 1 and 5 are photographed there (1280 px wide)."""
    import learner_notebooks  # tools/, on the path through the root conftest.py

    base, token = lab
    lessons = sorted((binder.repo / "lessons").glob("*.ipynb"))
    notebooks = sorted((binder.repo / LEARNER).glob("*.ipynb"))
    assert [p.name for p in notebooks] == [p.name for p in lessons], \
        f"{LEARNER}/ must hold every lesson's learner notebook and no other"
    shots = Path(os.environ["LABVIEW_SCREENSHOTS"]) if os.environ.get("LABVIEW_SCREENSHOTS") else None
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    wrong = {}
    print(f"\nJupyterLab {binder.base.pins['jupyterlab']} (Binder's base), every cell attached (windowingMode none):")
    try:
        for i, (lesson, path) in enumerate(zip(lessons, notebooks)):
            notebook = json.loads(path.read_text())
            rel = path.relative_to(binder.repo).as_posix()
            view = lab_view.open_notebook(page, f"{base}/lab/workspaces/learner-{i}/tree/{rel}?token={token}", notebook)
            book_tags = {c.get("id"): set(c["metadata"].get("tags", [])) for c in json.loads(lesson.read_text())["cells"]}
            found, counts = lab_view.problems(view, notebook, learner_notebooks.shown_values(ROOT / "lessons" / lesson.name),
                                              book_tags)
            print(f"  {path.stem}: " + ", ".join(f"{k} {v}" for k, v in counts.items())
                  + (f"; {len(found)} wrong" if found else "; as it should read"))
            for problem in found:
                print(f"      {problem}")
            if found:
                wrong[path.stem] = found
            if shots and path.stem in SCREENSHOTS:
                shots.mkdir(parents=True, exist_ok=True)
                for picture in lab_view.screenshot(page, shots / path.stem):
                    print(f"      screenshot: {picture}")
            shut_down_kernels(base, token)
    finally:
        page.close()
    assert not wrong, "learner notebooks that do not read as they should in JupyterLab:\n" + "\n".join(
        f"{name}:\n  " + "\n  ".join(found) for name, found in wrong.items())
