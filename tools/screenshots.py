"""Pictures of the built book to look at, as its readers see it: each page at 1280 px in the
light colour mode and at 390 px (a phone) in the dark one, every dropdown opened, cut in pieces
at most 1800 px tall so that an image viewer shows them whole.

    .venv/bin/python tools/screenshots.py lessons/01_single_neuron [OUTDIR [HTMLDIR]]

OUTDIR defaults to _build/screenshots, HTMLDIR to _build/html (run `make book` first). Writes
OUTDIR/<page>-1280-<k>.png and OUTDIR/<page>-390-<k>.png and prints their names.
"""
import functools
import http.server
import sys
import threading
from pathlib import Path
from PIL import Image
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
page_name = sys.argv[1]
out = Path(sys.argv[2]) if len(sys.argv) > 2 else ROOT / "_build" / "screenshots"
html = sys.argv[3] if len(sys.argv) > 3 else str(ROOT / "_build" / "html")
out.mkdir(parents=True, exist_ok=True)

class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *a):
        pass

server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=html))
threading.Thread(target=server.serve_forever, daemon=True).start()
stem = Path(page_name).name
with sync_playwright() as p:
    browser = p.chromium.launch(executable_path="/usr/bin/chromium",
                                args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
    for width, mode in ((1280, "light"), (390, "dark")):
        ctx = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=mode)
        page = ctx.new_page()
        page.goto(f"http://127.0.0.1:{server.server_address[1]}/{page_name}.html", wait_until="networkidle")
        page.evaluate("async () => { await document.fonts.ready; }")  # the maths is typeset in the build; its fonts
        if mode == "dark":
            page.evaluate("() => document.documentElement.dataset.theme = 'dark'")
        # open every dropdown so that its content shows too
        page.evaluate("() => document.querySelectorAll('details').forEach(d => d.open = true)")
        page.evaluate("() => document.querySelectorAll('.dropdown .toggle-button, button.toggle-button').forEach(b => b.click())")
        page.wait_for_timeout(500)
        full = out / f"{stem}-{width}.png"
        page.screenshot(path=str(full), full_page=True)
        ctx.close()
        image = Image.open(full)
        for k, top in enumerate(range(0, image.height, 1800)):
            piece = out / f"{stem}-{width}-{k:02d}.png"
            image.crop((0, top, image.width, min(top + 1800, image.height))).save(piece)
            print(piece)
        full.unlink()
    browser.close()
