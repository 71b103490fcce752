"""How soon does a page of the built book show on a slow phone? Run by hand, never by the tests.

Each page is opened in headless Chromium throttled through the DevTools protocol as DevTools'
"Fast 3G" (150 ms latency, 1.6 Mbit/s × 0.9 down) with the CPU slowed 4× (tests/throttling.py),
in a fresh context (no cache), at a phone's width. For each page it prints, over the runs, the
median and the range of:

- first paint: the first contentful paint (``performance.getEntriesByName('first-contentful-paint')``);
- explorer: when the first explorer (``.bp-explorer``) is drawn, on a page that holds one;
- before paint: the bytes on the wire received before the first paint (CDP's Network events).

    .venv/bin/python benchmarks/first_paint.py                     # _build/html, the usual pages
    .venv/bin/python benchmarks/first_paint.py --html DIR --runs 3 lessons/05_network_222 book/glossary
    .venv/bin/python benchmarks/first_paint.py --gzip              # served gzipped, as GitHub Pages does

The book is served as ``make serve`` serves it (Python's http.server: every file as it is), or
with ``--gzip`` gzipped on the fly for text files, the way GitHub Pages' servers answer a browser
that accepts gzip. Times are this machine's: compare builds on one machine, one after the other.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import io
import os
import statistics
import sys
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
from throttling import CPU_SLOWDOWN, DOWN, LATENCY, ThrottledPage  # noqa: E402

PAGES = ["book/intro", "book/glossary", "lessons/01_single_neuron", "lessons/02_computational_graph",
         "lessons/05_network_222", "lessons/07_xor", "lessons/A2_errata"]
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
TEXT = (".html", ".css", ".js", ".json", ".svg", ".txt", ".map")


class Plain(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


class Gzipped(Plain):
    """Text files gzipped when the browser accepts it, as GitHub Pages serves them."""

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if (path.suffix not in TEXT or not path.is_file()
                or "gzip" not in self.headers.get("Accept-Encoding", "")):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), compresslevel=6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


class Server(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        pass  # a page closed before its last file came (a broken pipe): nothing to report


def serve(html: Path, compress: bool) -> str:
    handler = functools.partial(Gzipped if compress else Plain, directory=str(html))
    server = Server(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}"


def visit(browser, url: str, has_widgets: bool, detail: bool = False) -> dict:
    url_base = url.rsplit("/", 2)[0] if "/lessons/" in url or "/book/" in url else url.rsplit("/", 1)[0]
    visit = ThrottledPage(browser)
    try:
        visit.page.goto(url, wait_until="commit")
        visit.wait_for_first_paint()
        if has_widgets:
            visit.page.wait_for_function("() => window.__bpDrawn !== undefined", timeout=300000, polling=200)
        report = visit.report()
        if detail:
            by_url = {}
            for r in visit.received:
                if r.stamp <= visit.paint_stamp:
                    url = visit.urls.get(r.request, "?").split("?")[0].replace(url_base, "")
                    by_url[url] = by_url.get(url, 0) + r.size
            for url, size in sorted(by_url.items(), key=lambda item: -item[1]):
                print(f"    {size / 1000:9.1f} kB  {url}")
        return {"paint": report["fcp"] / 1000, "drawn": report["drawn"] and report["drawn"] / 1000,
                "bytes": visit.bytes_before_first_paint()}
    finally:
        visit.close()


def summary(values: list[float], unit: str, scale: float = 1.0) -> str:
    values = [v * scale for v in values if v is not None]
    if not values:
        return "-"
    return f"{statistics.median(values):6.1f} {unit} ({min(values):.1f}–{max(values):.1f})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("pages", nargs="*", default=PAGES)
    parser.add_argument("--html", type=Path, default=ROOT / "_build" / "html")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--detail", action="store_true", help="list the bytes each file sent before the first paint")
    parser.add_argument("--gzip", action="store_true", help="serve text files gzipped, as GitHub Pages does")
    args = parser.parse_args()

    from playwright.sync_api import TimeoutError as PlaywrightTimeout
    from playwright.sync_api import sync_playwright

    base = serve(args.html, args.gzip)
    print(f"{args.html}, served {'gzipped' if args.gzip else 'as is'}; Fast 3G ({LATENCY * 1000:.0f} ms, "
          f"{DOWN:,.0f} bytes/s down), CPU {CPU_SLOWDOWN}× slower; {args.runs} runs, median (range); "
          f"load average {os.getloadavg()[0]:.2f}")
    print(f"{'page':36} {'first paint':>20} {'first explorer':>20} {'bytes before paint':>24}")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True,
                                    args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                                          "--disable-background-networking"])
        for name in args.pages:
            source = (args.html / f"{name}.html").read_text()
            has_widgets = "application/vnd.jupyter.widget-view+json" in source
            runs = []
            for _ in range(args.runs):
                try:
                    runs.append(visit(browser, f"{base}/{name}.html", has_widgets, args.detail))
                except PlaywrightTimeout:  # a page that never painted (or drew) in the time allowed
                    runs.append({"paint": None, "drawn": None, "bytes": None})
            print(f"{name:36} {summary([r['paint'] for r in runs], 's'):>20} "
                  f"{summary([r['drawn'] for r in runs], 's'):>20} "
                  f"{summary([r['bytes'] for r in runs], 'kB', 1 / 1000):>24}", flush=True)
        browser.close()
    print(f"load average {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
