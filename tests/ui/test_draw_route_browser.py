"""The Draw tab in Debian's Chromium reads through the lean route: no Gradio event per drawing."""

from __future__ import annotations

import pytest

from tests.ui.test_browser import draw, open_tab
from tests.ui.test_pad_browser import answer_is, clear, open_page

pytestmark = pytest.mark.browser


def test_the_draw_tab_answers_through_the_route_one_read_at_a_time(browser, app_url):
    page = open_page(browser, app_url, viewport={"width": 1280, "height": 1000})
    try:
        open_tab(page, "Draw")
        page.wait_for_selector("#draw-pad .pad-paper[data-lean='1']", timeout=60_000)  # the page's key
        reads, events, flying = [], [], {"now": 0, "most": 0}

        def sent(request):
            if request.url.endswith("/digits/read"):
                reads.append(request)
                flying["now"] += 1
                flying["most"] = max(flying["most"], flying["now"])
            elif "/queue/join" in request.url:
                events.append(request.url)

        def done(request):
            if request.url.endswith("/digits/read"):
                flying["now"] -= 1

        page.on("request", sent)
        page.on("requestfinished", done)
        page.on("requestfailed", done)
        draw(page, "#draw-pad", 7)
        answer_is(page, "7")
        assert reads and events == []  # read on the route, never through Gradio's queue
        body = reads[-1].post_data_json
        assert body["html"] is True and body["token"] and body["session"]
        for _ in range(3):  # strokes faster than answers: never a second read in flight
            draw(page, "#draw-pad", 1, left=0.6, size=0.3)
        page.wait_for_function("() => document.querySelector('#draw-answer .answer').dataset.points > 0")
        assert flying["most"] == 1
        clear(page)
    finally:
        page.context.close()
