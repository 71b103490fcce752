"""Opening a built lesson page in the test's Chromium, for the explorers' browser tests."""


def open_lesson(browser, book_server, lesson: str, selector: str, width: int = 1280, timeout: int = 20000):
    """Open ``lessons/<lesson>.html`` at ``width`` px, wait until ``selector`` (an explorer's root)
    is drawn, and return ``(page, problems)``: ``problems`` collects every console error and
    page error from then on, for the test to assert empty."""
    problems = []
    page = browser.new_page(viewport={"width": width, "height": 900})
    page.on("console", lambda m: m.type == "error" and problems.append(m.text))
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.goto(f"{book_server}/lessons/{lesson}.html", wait_until="networkidle")
    page.locator(selector).first.wait_for(timeout=timeout)
    return page, problems
