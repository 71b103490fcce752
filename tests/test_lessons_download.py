"""The lessons' download (tools/lessons_download.py), checked quickly in every `make test`: what
the zip holds, that it is the same bytes every time, that its requirements are exact pins that
agree with the project's, and that start.py refuses a Python it cannot use. Unpacking it and
running start.py for real is tests_binder/test_download.py (`make binder-check`)."""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
import zipfile
from importlib import metadata
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
import lessons_download as ld  # noqa: E402

#: Build and test tools: none belongs in a learner's environment.
TOOLS = ("pytest", "nbval", "pytest-xdist", "hypothesis", "playwright", "zizmor", "jupyter-book", "sphinx-book-theme",
         "coverage")


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The zip, built twice: by build() and by the command line, into two site folders."""
    first = ld.build(tmp_path_factory.mktemp("site"))
    site = tmp_path_factory.mktemp("site")
    result = subprocess.run([sys.executable, ROOT / "tools" / "lessons_download.py", site], capture_output=True,
                            text=True)
    assert result.returncode == 0, f"the command line failed:\n{result.stdout}{result.stderr}"
    second = site / "download" / ld.NAME
    assert str(second) in result.stdout, f"expected the zip's path in what it prints, got {result.stdout!r}"
    return first, second


@pytest.fixture(scope="module")
def start():
    spec = importlib.util.spec_from_file_location("start_under_test", ld.TEMPLATES / "start.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def pins(path: Path) -> dict[str, str]:
    found = {}
    for line in path.read_text().splitlines():
        if re.match(r"[A-Za-z0-9]", line):
            name, version = line.split("==")
            found[canonical(name)] = version.strip()
    return found


def test_the_zip_holds_one_folder_with_everything_a_learner_needs_and_nothing_else(built):
    tracked = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard", "backprop_lib"],
                             cwd=ROOT, capture_output=True, check=True).stdout.decode().split("\0")
    library = {p for p in tracked if p and (ROOT / p).is_file()}
    lessons = {f"lessons/{p.name}" for p in (ROOT / "notebooks" / "lessons").glob("*.ipynb")}
    expected = lessons | library | {"benchmarks/results.json", "requirements.txt", "start.py", "README.md",
                                      "LICENSE", "LICENSE-text"}
    assert len(lessons) >= 12 and len(library) > 30, (sorted(lessons), sorted(library))
    with zipfile.ZipFile(built[0]) as archive:
        names = archive.namelist()
        assert {n.partition("/")[0] for n in names} == {ld.TOP}, f"expected one top folder {ld.TOP}/: {names[:5]}"
        inside = {n.partition("/")[2] for n in names}
        assert inside == expected, (f"missing from the zip: {sorted(expected - inside)}; "
                                    f"not expected in it: {sorted(inside - expected)}")
        sources = {"start.py": ld.TEMPLATES / "start.py", "README.md": ld.TEMPLATES / "README.md",
                   **{n: ROOT / "notebooks" / n if n.startswith("lessons/") else ROOT / n
                      for n in expected - {"start.py", "README.md", "requirements.txt"}}}
        changed = [n for n, src in sources.items() if archive.read(f"{ld.TOP}/{n}") != src.read_bytes()]
        assert not changed, f"zipped files that differ from their source: {changed}"


def test_the_zip_is_the_same_bytes_every_time_entries_in_name_order_at_a_fixed_time(built):
    first, second = (p.read_bytes() for p in built)
    assert first == second, f"two builds differ: {len(first)} and {len(second)} bytes"
    with zipfile.ZipFile(built[0]) as archive:
        infos = archive.infolist()
    assert [i.filename for i in infos] == sorted(i.filename for i in infos)
    stamps = {(i.date_time, oct(i.external_attr >> 16), i.create_system) for i in infos}
    assert stamps == {(ld.DATE, "0o100644", 3)}, f"expected every entry at {ld.DATE}, mode 0o100644, Unix: {stamps}"


def test_every_requirement_is_an_exact_pin_that_agrees_with_the_projects_pins(built):
    with zipfile.ZipFile(built[0]) as archive:
        lines = archive.read(f"{ld.TOP}/requirements.txt").decode().splitlines()
    runtime, project = pins(ROOT / "binder" / "requirements.txt"), pins(ROOT / "requirements.txt")
    platform = [line for line in ld.PLATFORM_PINS.read_text().splitlines() if line and not line.startswith("#")]
    found = {}
    for line in lines:
        match = re.fullmatch(r"([A-Za-z0-9][A-Za-z0-9._-]*)==([A-Za-z0-9.]+)(; .+)?", line)
        assert match, f"requirements.txt: expected name==version (and a marker, for one system only), got {line!r}"
        assert canonical(match[1]) not in found, f"requirements.txt pins {match[1]} twice"
        found[canonical(match[1])] = match[2]
        if match[3]:
            assert line in platform, f"{line!r}: a marker, yet not a line of {ld.PLATFORM_PINS.name}"
        else:
            assert (runtime | project).get(canonical(match[1])) == match[2], \
                f"{line!r}: the project pins {(runtime | project).get(canonical(match[1]))}"
    assert [canonical(Requirement(line).name) for line in lines] == sorted(found), "expected lines in name order"
    missing = {n: v for n, v in runtime.items() if found.get(n) != v}
    assert not missing, f"binder/requirements.txt pins, not in the download's requirements.txt (or otherwise): {missing}"
    assert found.get("jupyterlab") == project["jupyterlab"], (found.get("jupyterlab"), project["jupyterlab"])
    assert set(platform) <= set(lines), f"{ld.PLATFORM_PINS.name}'s lines, not all in requirements.txt"
    tools = [t for t in TOOLS if canonical(t) in found]
    assert not tools, f"build or test tools in a learner's requirements: {tools}"


@pytest.mark.parametrize("pins_text, message", [
    # pywinpty is what jupyter_server and terminado need on Windows only
    ('colorama==0.4.6; sys_platform == "win32"\nappnope==1.0.0; platform_system == "Darwin"\n',
     "pywinpty (a dependency of "),
    ('colorama==0.4.6; sys_platform == "win32"\nappnope==1.0.0; platform_system == "Darwin"\n'
     'pywinpty==3.1.2; os_name == "nt" and platform_machine == "AMD64"\n', "leaves out win32 (ARM64"),
    ('colorama==0.4.6; sys_platform == "win32"\nappnope==1.0.0; platform_system == "Darwin"\n'
     'pywinpty==3.1.2; os_name == "nt"\nappscript==1.3.0; sys_platform == "darwin"\n', "what nothing needs: ['appscript']"),
    ('colorama==0.4.6; sys_platform == "win32"\nappnope==1.0.0; platform_system == "Darwin"\n'
     'pywinpty==2.0.0; os_name == "nt"\n', "needs pywinpty"),
    ('colorama==0.4.6\n', "expected name==version; marker"),
])
def test_a_package_some_system_needs_must_be_pinned_for_it(tmp_path, monkeypatch, pins_text, message):
    path = tmp_path / "platform-requirements.txt"
    path.write_text(pins_text)
    monkeypatch.setattr(ld, "PLATFORM_PINS", path)
    with pytest.raises(ld.DownloadError) as error:
        ld.requirements()
    assert message in str(error.value), f"expected {message!r} in the error, got: {error.value}"


def test_no_learner_notebook_is_refused_with_the_folder_and_the_command_that_writes_them(tmp_path, monkeypatch):
    monkeypatch.setattr(ld, "LESSONS", tmp_path)
    with pytest.raises(ld.DownloadError) as error:
        ld.build(tmp_path / "site")
    assert str(tmp_path) in str(error.value) and "make refresh" in str(error.value), str(error.value)
    assert not (tmp_path / "site" / "download" / ld.NAME).exists()


def test_start_py_accepts_exactly_the_pythons_the_pins_install_on(start):
    compile((ld.TEMPLATES / "start.py").read_text(), "start.py", "exec")
    assert start.OLDEST == (3, 11, 5) and start.NEWEST == (3, 14), (start.OLDEST, start.NEWEST)
    for version in [(3, 11, 5), (3, 11, 7), (3, 12, 0), (3, 13, 1), (3, 14, 9)]:
        assert start.python_problem(version) is None, version
    for version in [(2, 7, 18), (3, 10, 13), (3, 11, 4), (3, 15, 0), (4, 0, 0)]:
        problem = start.python_problem(version)
        assert problem and "need Python 3.11.5 to 3.14.x" in problem and ".".join(map(str, version)) in problem, \
            (version, problem)


def test_start_py_run_by_an_old_python_says_which_it_needs_and_makes_nothing(tmp_path):
    (tmp_path / "start.py").write_bytes((ld.TEMPLATES / "start.py").read_bytes())
    fake = ("import runpy, sys; sys.version_info = (3, 10, 13, 'final', 0); "
            "runpy.run_path('start.py', run_name='__main__')")
    result = subprocess.run([sys.executable, "-c", fake], cwd=tmp_path, capture_output=True, text=True)
    assert result.returncode == 1, (result.returncode, result.stdout, result.stderr)
    assert "The lessons need Python 3.11.5 to 3.14.x; this is Python 3.10.13." in result.stderr, result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["start.py"], "start.py made files before refusing"


def test_every_pin_accepts_each_python_start_py_accepts_and_one_refuses_the_python_below(built, start):
    """Requires-Python of each pinned package installed here (pip refuses a package whose
    Requires-Python leaves the learner's Python out); whether wheels exist for each Python is
    tests_binder/test_download.py's check."""
    with zipfile.ZipFile(built[0]) as archive:
        names = [Requirement(line).name for line in archive.read(f"{ld.TOP}/requirements.txt").decode().splitlines()]
    accepted = sorted({env["python_full_version"] for env in ld.environments()})
    below = ".".join(map(str, (*start.OLDEST[:2], start.OLDEST[2] - 1)))
    refusing, below_refused_by = {}, []
    for name in names:
        try:
            wanted = SpecifierSet(metadata.metadata(name).get("Requires-Python") or "")
        except metadata.PackageNotFoundError:
            continue  # for another system only: tests_binder/test_download.py asks pip
        refusing |= {f"{name} ({wanted})": v for v in accepted if not wanted.contains(v)}
        below_refused_by += [name] if not wanted.contains(below) else []
    assert accepted[0] == ".".join(map(str, start.OLDEST)) and len(accepted) == start.NEWEST[1] - start.OLDEST[1] + 1
    assert not refusing, f"pinned packages that refuse a Python start.py accepts: {refusing}"
    assert below_refused_by, f"every pin accepts Python {below}: lower start.py's OLDEST (and the README's)"


def test_the_readme_gives_the_command_and_the_pythons_start_py_accepts(start):
    readme = (ld.TEMPLATES / "README.md").read_text()
    for needed in ("python start.py", "py start.py", "python3 start.py", "--no-browser --port=8899",
                   f"Python {'.'.join(map(str, start.OLDEST))} to {'.'.join(map(str, start.NEWEST))}"):
        assert needed in readme, f"the learner's README does not say {needed!r}"
