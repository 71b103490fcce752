"""Serve the widget JavaScript from the build, as MathJax is: `make setup` runs this.

The explorers are anywidget widgets kept in each lesson as widget state. In the static page the
html-manager of @jupyter-widgets renders them with no kernel; it needs requirejs, its own
`embed-amd.js` and fonts, and anywidget's AMD module. Fetching them as npm dependencies would pull
about 140 packages to copy six files, so this fetches the two packages' tarballs alone (`npm pack`,
exact versions, checked against the registry's sha512) and copies the files needed into
_vendor/widgets/, with anywidget's AMD module copied from the installed Python package (it always
matches the Python side) and the book's own book/_widgets/require-config.js.

One change is made to the html-manager's embed-amd.js (``PATCHES``): it draws the widgets once
the page is parsed rather than once everything the page holds has loaded (`load` waits for
every figure and font, MathJax's too): the book loads it deferred, so that a phone paints the
text first, and the explorers are drawn as soon as it has come. The change is checked to apply
exactly once, and the file says so in a first line.

    python tools/vendor_widgets.py      # writes _vendor/widgets/
"""

import base64
import hashlib
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

import anywidget

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "_vendor" / "widgets"

# (npm spec, sha512 integrity as the registry states it, files inside the tarball to copy)
PACKAGES = [
    ("requirejs@2.3.8",
     "sha512-7/cTSLOdYkNBNJcDMWf+luFvMriVm7eYxp4BcFCsAX0wF421Vyce5SXP17c+Jd5otXKGNehIonFlyQXSowL6Mw==",
     ["package/require.js"]),
    ("@jupyter-widgets/html-manager@1.0.15",
     "sha512-5thBIV6ymNgmPVOHvzx+gGy8ZSKmSazhtGw4/c4xJDVzRhG9PTeQsRjF3FUTopvFi//SABeNz1yp47bCrJ3CQA==",
     ["package/dist/embed-amd.js", "package/dist/*.woff2"]),
]


# (file, the text as published, the text served, why)
PATCHES = [
    ("embed-amd.js",
     '"complete"===document.readyState?e.renderWidgets():window.addEventListener("load",(function(){e.renderWidgets()}))',
     '"loading"===document.readyState?document.addEventListener("DOMContentLoaded",(function(){e.renderWidgets()})):'
     'e.renderWidgets()',
     "draws the widgets once the page is parsed, not once all of it has loaded"),
]


def patch(folder: Path) -> None:
    """Apply PATCHES, each exactly once, and say so at the top of each file changed."""
    for name, published, served, why in PATCHES:
        path = folder / name
        text = path.read_text(encoding="utf-8")
        if text.count(published) != 1:
            sys.exit(f"{name}: the text to change occurs {text.count(published)} times, not once; "
                     "a new version? Look at PATCHES in tools/vendor_widgets.py again")
        note = f"/* Changed by the book's tools/vendor_widgets.py: {why}. */\n"
        path.write_text(note + text.replace(published, served), encoding="utf-8")


def fetch(spec: str, integrity: str, patterns: list[str], into: Path, work: Path) -> None:
    name = subprocess.run(["npm", "pack", spec, "--silent", "--pack-destination", str(work)],
                          check=True, capture_output=True, text=True).stdout.strip().splitlines()[-1]
    tarball = work / name
    digest = "sha512-" + base64.b64encode(hashlib.sha512(tarball.read_bytes()).digest()).decode()
    if digest != integrity:
        sys.exit(f"{spec}: the tarball's sha512 is {digest}, expected {integrity}; refusing to use it")
    with tarfile.open(tarball) as tar:
        members = [m for m in tar.getmembers() if any(Path(m.name).match(p) for p in patterns)]
        for pattern in patterns:
            if not any(Path(m.name).match(pattern) for m in members):
                sys.exit(f"{spec}: no file matching {pattern} in the tarball")
        for member in members:
            with tar.extractfile(member) as source:
                (into / Path(member.name).name).write_bytes(source.read())


def main() -> None:
    staging = OUT.with_name("widgets.partial")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    with tempfile.TemporaryDirectory() as work:
        for spec, integrity, patterns in PACKAGES:
            fetch(spec, integrity, patterns, staging, Path(work))
    patch(staging)
    shutil.copy(Path(anywidget.__file__).parent / "nbextension" / "index.js", staging / "anywidget.js")
    shutil.copy(ROOT / "book" / "_widgets" / "require-config.js", staging / "require-config.js")
    shutil.rmtree(OUT, ignore_errors=True)
    staging.rename(OUT)
    print(f"widget JavaScript in {OUT.relative_to(ROOT)}: " + ", ".join(sorted(p.name for p in OUT.iterdir())))


if __name__ == "__main__":
    main()
