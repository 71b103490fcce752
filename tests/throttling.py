"""A page opened as on a slow phone: Chromium's DevTools protocol (CDP) throttles the network to
Fast 3G and the CPU 4×, and records what the page received and when it first painted.

Shared by tests/test_first_paint.py, which asserts bounds on what a page loads and how (never on
a measured time), and benchmarks/first_paint.py, which prints the times.

Fast 3G as DevTools defines it: 150 ms latency, 1.6 Mbit/s down and 750 kbit/s up, each
throughput × 0.9 (DevTools' own factor), so 180,000 bytes/s down.
"""

from __future__ import annotations

import dataclasses

LATENCY = 0.150                                  # seconds, added to every request
DOWN = 1_600_000 * 0.9 / 8                       # bytes per second: 180,000
UP = 750_000 * 0.9 / 8
CPU_SLOWDOWN = 4
FAST_3G = {"offline": False, "latency": LATENCY * 1000, "downloadThroughput": DOWN, "uploadThroughput": UP}

# Where the page stands, read in the page: its first contentful paint, the first explorer drawn,
# and every resource it loaded with how (render-blocking or not) and how many bytes.
# `window.__bpDrawn` is set by the init script below when the first .bp-explorer appears.
REPORT = """() => {
    const paint = performance.getEntriesByName('first-contentful-paint')[0];
    const nav = performance.getEntriesByType('navigation')[0];
    return {
        fcp: paint ? paint.startTime : null,
        drawn: window.__bpDrawn === undefined ? null : window.__bpDrawn,
        document: {name: nav.name, transferSize: nav.transferSize, encodedBodySize: nav.encodedBodySize,
                   decodedBodySize: nav.decodedBodySize},
        resources: performance.getEntriesByType('resource').map(r => ({
            name: r.name, initiatorType: r.initiatorType, renderBlockingStatus: r.renderBlockingStatus,
            startTime: r.startTime, responseEnd: r.responseEnd, transferSize: r.transferSize,
            encodedBodySize: r.encodedBodySize, decodedBodySize: r.decodedBodySize})),
    };
}"""

# Notes, in the page's own clock, the moment the first explorer is drawn.
WATCH_EXPLORERS = """(() => {
    const seen = () => {
        if (window.__bpDrawn === undefined && document.querySelector('.bp-explorer')) {
            window.__bpDrawn = performance.now();
            return true;
        }
        return window.__bpDrawn !== undefined;
    };
    new MutationObserver((records, observer) => { if (seen()) observer.disconnect(); })
        .observe(document, {childList: true, subtree: true});
})();"""


@dataclasses.dataclass
class Received:
    """One chunk of a response, as CDP reported it: which request, how many bytes on the wire,
    and CDP's monotonic timestamp (seconds)."""
    request: str
    size: int
    stamp: float


class ThrottledPage:
    """A fresh Chromium context (no cache) whose one page is throttled to Fast 3G with a 4×
    slower CPU through CDP. ``received`` lists every chunk of data received, ``paint_stamp``
    CDP's timestamp of the first contentful paint, ``urls`` each request's address."""

    def __init__(self, browser, width: int = 390, height: int = 800, colour_mode: str = "light"):
        self.context = browser.new_context(viewport={"width": width, "height": height}, color_scheme=colour_mode)
        self.page = self.context.new_page()
        self.page.add_init_script(WATCH_EXPLORERS)
        self.cdp = self.context.new_cdp_session(self.page)
        self.received: list[Received] = []
        self.urls: dict[str, str] = {}
        self.paint_stamp: float | None = None
        self.requests: list[dict] = []
        self.cdp.on("Network.requestWillBeSent", self._request)
        self.cdp.on("Network.responseReceived", lambda e: self.received.append(
            Received(e["requestId"], int(e["response"].get("encodedDataLength", 0)), e["timestamp"])))
        self.cdp.on("Network.dataReceived", lambda e: self.received.append(
            Received(e["requestId"], int(e["encodedDataLength"]), e["timestamp"])))
        # the rest of a response CDP did not report in chunks (the page's own, for one), when it ends
        self.cdp.on("Network.loadingFinished", lambda e: self.received.append(
            Received(e["requestId"], int(e["encodedDataLength"]) - sum(
                r.size for r in self.received if r.request == e["requestId"]), e["timestamp"])))
        self.cdp.on("Page.lifecycleEvent", self._lifecycle)
        self.cdp.send("Network.enable")
        self.cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
        self.cdp.send("Page.enable")
        self.cdp.send("Page.setLifecycleEventsEnabled", {"enabled": True})
        self.throttle()

    def _request(self, event):
        self.urls[event["requestId"]] = event["request"]["url"]
        self.requests.append({"url": event["request"]["url"], "priority": event["request"].get("initialPriority"),
                              "stamp": event["timestamp"]})

    def requested_before_first_paint(self) -> list[dict]:
        """Each request sent before the first contentful paint: its address and the priority
        Chromium gave it (VeryLow, Low, Medium, High, VeryHigh)."""
        assert self.paint_stamp is not None, "no first contentful paint reported by CDP"
        return [r for r in self.requests if r["stamp"] <= self.paint_stamp]

    def _lifecycle(self, event):
        if event["name"] == "firstContentfulPaint" and self.paint_stamp is None:
            self.paint_stamp = event["timestamp"]

    def throttle(self, on: bool = True):
        """Fast 3G and a 4× slower CPU (on), or neither (off: to let the rest of a page come quickly
        once what is measured has been seen)."""
        conditions = FAST_3G if on else {"offline": False, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1}
        self.cdp.send("Network.emulateNetworkConditions", conditions)
        self.cdp.send("Emulation.setCPUThrottlingRate", {"rate": CPU_SLOWDOWN if on else 1})

    def wait_for_first_paint(self, timeout: int = 120000):
        self.page.wait_for_function(
            "() => performance.getEntriesByName('first-contentful-paint').length > 0", timeout=timeout, polling=50)

    def bytes_before_first_paint(self) -> int:
        """Bytes on the wire (headers and bodies, as CDP counts them) received before the first
        contentful paint."""
        assert self.paint_stamp is not None, "no first contentful paint reported by CDP"
        return sum(r.size for r in self.received if r.stamp <= self.paint_stamp)

    def report(self) -> dict:
        return self.page.evaluate(REPORT)

    def close(self):
        self.context.close()
