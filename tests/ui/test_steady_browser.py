"""Nothing moves under the finger (issue #30): the pad's box is the same from pointerdown to pointerup
while answers arrive, on a tablet, a phone and a projector; a fingertip's wiggled tap is only a dot."""

from __future__ import annotations

import pytest

from tests.ui.test_browser import digit_points, open_tab, pad_box
from tests.ui.test_pad_browser import ANSWER, INK, clear, dense, open_page

pytestmark = pytest.mark.browser
DETAIL = "#draw-answer .detail"
SIZES = {
    "tablet": {"viewport": {"width": 768, "height": 1024}, "has_touch": True, "is_mobile": True},
    "phone": {"viewport": {"width": 390, "height": 844}, "has_touch": True, "is_mobile": True},
    "projector": {"viewport": {"width": 1366, "height": 768}},
}

# The pad's box at every pointer event, in the page, before the pad itself sees the event.
RECORD = """() => { window.padBoxes = [];
  for (const kind of ['pointerdown', 'pointermove', 'pointerup', 'pointercancel'])
    document.addEventListener(kind, () => {
      const r = document.querySelector('#draw-pad .pad-paper').getBoundingClientRect();
      window.padBoxes.push([kind, r.x, r.y, r.width, r.height]);
    }, true); }"""
# The answer to a drawing of more than `n` points is on the page (data-points: the drawing answered).
ANSWERED = """(n) => Number(document.querySelector('#draw-answer .answer').dataset.points) > n"""
# What Gradio's re-render of the pad's template does to it: the canvases lose their pixel sizes.
RERENDER = """() => document.querySelectorAll('#draw-pad canvas').forEach((c) => {
  c.removeAttribute('width'); c.removeAttribute('height'); })"""


class Finger:
    """One pointer, a finger through CDP touch events or the mouse, that can stay down while we wait."""

    def __init__(self, page, touch: bool):
        self.page, self.touch = page, touch
        self.cdp = page.context.new_cdp_session(page) if touch else None

    def _send(self, kind: str, x: float | None = None, y: float | None = None) -> None:
        points = [] if x is None else [{"x": x, "y": y, "radiusX": 4, "radiusY": 4, "force": 0.5, "id": 1}]
        self.cdp.send("Input.dispatchTouchEvent", {"type": kind, "touchPoints": points})

    def down(self, x: float, y: float) -> None:
        if self.touch:
            self._send("touchStart", x, y)
        else:
            self.page.mouse.move(x, y)
            self.page.mouse.down()

    def move(self, x: float, y: float) -> None:
        if self.touch:
            self._send("touchMove", x, y)
        else:
            self.page.mouse.move(x, y)

    def up(self) -> None:
        if self.touch:
            self._send("touchEnd")
        else:
            self.page.mouse.up()

    def close(self) -> None:
        if self.cdp is not None:
            self.cdp.detach()


@pytest.fixture(scope="module", params=list(SIZES))
def screen(request, browser, app_url):
    page = open_page(browser, app_url, **SIZES[request.param])
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    open_tab(page, "Draw")
    yield request.param, page, errors
    page.context.close()
    assert not errors, errors  # no uncaught error in the page, on any test at this size


def test_the_pad_stays_put_while_answers_arrive_mid_stroke(screen):
    """A backwards 3 in one stroke, the finger held down until its answer (with the note) is shown."""
    from playwright.sync_api import expect

    name, page, _ = screen
    clear(page)
    box = pad_box(page, "#draw-pad")
    page.evaluate(RECORD)
    (stroke,) = dense(digit_points(box, 3))
    mirrored = [(2 * box["x"] + box["width"] - x, y) for x, y in stroke]
    finger = Finger(page, SIZES[name].get("has_touch", False))
    try:
        finger.down(*mirrored[0])
        for x, y in mirrored[1:]:
            finger.move(x, y)
        # Still down: wiggle on the last point until the drawing so far is answered, note and all.
        end_x, end_y = mirrored[-1]
        for k in range(200):
            finger.move(end_x + (k % 2), end_y)
            if page.evaluate(ANSWERED, 0) and "backwards" in page.locator(ANSWER).inner_text():
                break
            page.wait_for_timeout(100)
        assert "backwards" in page.locator(ANSWER).inner_text(), page.locator(ANSWER).inner_text()
        page.evaluate(RERENDER)  # the pad's template re-rendered mid-stroke: the stroke goes on
        finger.move(end_x, end_y + 2)
        finger.up()
    finally:
        finger.close()
    expect(page.locator(ANSWER)).to_have_text("3, written backwards", timeout=30_000)
    boxes = page.evaluate("window.padBoxes")
    kinds = [b[0] for b in boxes]
    assert "pointerdown" in kinds and kinds[-1] == "pointerup", kinds  # the mouse moves in before it
    boxes = boxes[kinds.index("pointerdown") :]
    assert len(boxes) > len(mirrored), len(boxes)
    moved = sorted({tuple(b[1:]) for b in boxes})
    assert moved == [tuple(boxes[0][1:])], (name, moved)
    assert page.evaluate(INK, "#draw-pad") > 0  # the ink survived the re-render
    clear(page)


@pytest.mark.parametrize("span", [2, 5, 8])
def test_a_wiggled_tap_is_only_a_dot(screen, span):
    """A fingertip's tap wanders a few pixels: never a digit, a number or a reversal."""
    from playwright.sync_api import expect

    name, page, _ = screen
    clear(page)
    box = pad_box(page, "#draw-pad")
    x, y = box["x"] + 0.45 * box["width"], box["y"] + 0.55 * box["height"]
    finger = Finger(page, SIZES[name].get("has_touch", False))
    try:
        finger.down(x, y)
        for dx, dy in [(span, 0), (span, span), (0, span), (span / 2, span / 3), (1, 1)]:
            finger.move(x + dx, y + dy)
        finger.up()
    finally:
        finger.close()
    expect(page.locator(DETAIL)).to_contain_text("only a dot", timeout=30_000)
    answer = page.locator("#draw-answer").inner_text()
    assert "backwards" not in answer and not any(c.isdigit() for c in page.locator(ANSWER).inner_text())
    clear(page)


# Pixels with any alpha on the pad's under canvas (the guide, the lines), as INK counts the ink's.
UNDER = """(sel) => { const c = document.querySelector(sel + ' canvas.pad-under');
  const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
  let n = 0; for (let i = 3; i < d.length; i += 4) n += d[i] > 0; return n; }"""


@pytest.mark.parametrize("screen", ["projector"], indirect=True)
def test_exercise_book_lines_and_the_pen_size_are_only_the_look(screen):
    """The lines lie under the ink, never in it; a thick pen inks more but reads the same."""
    from playwright.sync_api import expect

    from tests.ui.test_browser import draw

    _, page, _ = screen
    clear(page)
    page.locator("#pad-look").get_by_text("Pen size and exercise-book lines").click()
    assert page.evaluate(UNDER, "#draw-pad") == 0
    page.locator("#pad-lines input").check()
    page.wait_for_function(f"() => ({UNDER})('#draw-pad') > 0")
    assert page.evaluate(INK, "#draw-pad") == 0  # on the background: the reader never sees them
    inked = {}
    for pen in ("thin", "thick"):
        page.locator("#pad-pen").get_by_text(pen, exact=True).click()
        draw(page, "#draw-pad", 7)
        expect(page.locator(ANSWER)).to_have_text("7", timeout=30_000)
        inked[pen] = page.evaluate(INK, "#draw-pad")
        clear(page)
    assert inked["thick"] > 1.8 * inked["thin"], inked
    page.locator("#pad-lines input").uncheck()
    page.wait_for_function(f"() => ({UNDER})('#draw-pad') === 0")
    page.locator("#pad-pen").get_by_text("medium", exact=True).click()
