"""A real browser (Debian's headless Chromium, driven by Playwright) uses the app as a class would.

It also takes the README's screenshots: into each test's tmp_path, or into assets/ with --screenshots.
"""

from __future__ import annotations

import re

import pytest

from tests.strokes import DIGIT_STROKES

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def page(browser, app_url):
    page = browser.new_page(viewport={"width": 1280, "height": 1000})
    page.goto(app_url, timeout=120_000)  # a busy server can be slow to serve the page
    page.wait_for_selector("#draw-pad canvas", timeout=60_000)
    yield page
    page.close()


def pad_box(page, pad: str) -> dict:
    """The bounding box of the pad's canvas (its largest, here its only one), scrolled into view."""
    canvas = page.locator(f"{pad} canvas").last
    canvas.scroll_into_view_if_needed()
    return canvas.bounding_box()


def digit_points(box: dict, digit: int, left: float = 0.1, top: float = 0.1, size: float = 0.8) -> list:
    """The digit's mouse path in page pixels, in a square of `size` (fraction of the pad) at left, top."""
    side = min(box["width"], box["height"]) * size
    x0 = (
        box["x"]
        + (box["width"] - min(box["width"], box["height"])) / 2
        + left * min(box["width"], box["height"])
    )
    y0 = (
        box["y"]
        + (box["height"] - min(box["width"], box["height"])) / 2
        + top * min(box["width"], box["height"])
    )
    return [[(x0 + x * side, y0 + y * side) for x, y in stroke] for stroke in DIGIT_STROKES[digit]]


def draw(page, pad: str, digit: int, **where) -> None:
    """Draw a digit with the mouse on the stroke pad `pad` (a CSS selector)."""
    mouse_strokes(page, digit_points(pad_box(page, pad), digit, **where))


def mouse_strokes(page, strokes, steps: int = 4) -> None:
    """Draw strokes (lists of page points) with the mouse, `steps` moves between points."""
    for stroke in strokes:
        page.mouse.move(*stroke[0])
        page.mouse.down()
        for x, y in stroke[1:]:
            page.mouse.move(x, y, steps=steps)
        page.mouse.up()


def open_tab(page, name: str) -> None:
    from playwright.sync_api import expect

    tab = page.get_by_role("tab", name=re.compile(name))
    tab.click()
    expect(tab).to_have_attribute("aria-selected", "true")


# True once the page's fonts are in and each of the selectors holds a decoded picture (gr.Plot's
# matplotlib <img>, the Draw tab's 28 x 28 view) or a curve with a line to see (Vega's SVG path per
# curve: "M x,y Z" for a lone point, an "L" for each further point).
SHOWN = """(sels) => document.fonts.status === 'loaded' && sels.every((s) => {
  const imgs = [...document.querySelectorAll(s + ' img')];
  const lines = [...document.querySelectorAll(s + ' path[aria-roledescription="line mark"]')];
  return imgs.length ? imgs.every((i) => i.complete && i.naturalWidth > 0)
                     : lines.some((l) => (l.getAttribute('d') || '').includes('L')); })"""


def shown(page, *selectors: str) -> None:
    """Wait, before a screenshot, until the fonts and the pictures or curves under `selectors` are drawn."""
    page.wait_for_function(SHOWN, arg=list(selectors), timeout=60_000)


def start_training(page) -> None:
    """On the Train tab, start the report network for 50 epochs and wait until it trains."""
    from playwright.sync_api import expect

    open_tab(page, "Train")
    # 50 epochs: however fast or busy the machine, the test's next steps come long before the end.
    epochs = page.locator("#train-epochs input[type=number]")
    epochs.fill("50")
    epochs.press("Enter")
    expect(page.locator("#train-epochs input[type=range]")).to_have_value("50")
    page.locator("#train-start").click()
    expect(page.locator("#train-status")).to_contain_text("Training report", timeout=60_000)


def test_draw_a_digit_and_see_the_answer(page, shots):
    from playwright.sync_api import expect

    open_tab(page, "Draw")
    draw(page, "#draw-pad", 7)
    expect(page.locator("#draw-answer .big")).to_have_text("7", timeout=30_000)
    expect(page.locator("#draw-top3")).to_contain_text("7")
    shown(page, "#draw-seen")
    page.screenshot(path=str(shots / "screenshot-draw.png"))
    page.locator("#draw-clear").click()
    expect(page.locator("#draw-answer .big")).to_have_text("…", timeout=10_000)


def test_draw_then_redraw_reads_again(page):
    from playwright.sync_api import expect

    open_tab(page, "Draw")
    draw(page, "#draw-pad", 3)
    expect(page.locator("#draw-answer .big")).to_have_text("3", timeout=30_000)
    page.locator("#draw-clear").click()
    draw(page, "#draw-pad", 0)
    expect(page.locator("#draw-answer .big")).to_have_text("0", timeout=30_000)
    page.locator("#draw-clear").click()


def test_about_tab(page, shots):
    from playwright.sync_api import expect

    open_tab(page, "About")
    expect(page.get_by_text("A lesson in four steps")).to_be_visible()
    page.screenshot(path=str(shots / "screenshot-about.png"))


def test_practice_round(page, shots):
    """Everyone's first round starts 4, 6, 2...: draw what is asked, get stars, go on."""
    from playwright.sync_api import expect

    from digits.lesson.writing import WritingLesson

    open_tab(page, "Practice")
    first, second = WritingLesson().round.targets[:2]
    expect(page.locator("#practice-prompt")).to_contain_text(str(first), timeout=10_000)
    page.locator("#practice-check").click()  # nothing drawn yet
    expect(page.locator("#practice-feedback")).to_contain_text("first", timeout=15_000)
    draw(page, "#practice-pad", first)
    page.locator("#practice-check").click()
    expect(page.locator("#practice-feedback")).to_contain_text("⭐", timeout=30_000)
    expect(page.locator("#practice-score")).to_contain_text("Score: 1", timeout=10_000)
    page.screenshot(path=str(shots / "screenshot-practice.png"))
    page.locator("#practice-next").click()
    expect(page.locator("#practice-prompt")).to_contain_text(str(second), timeout=10_000)
    draw(page, "#practice-pad", second)
    page.locator("#practice-check").click()
    expect(page.locator("#practice-score")).to_contain_text("Score: 2", timeout=30_000)


def test_perceptron_learns_and(page, shots):
    from playwright.sync_api import expect

    open_tab(page, "Perceptron")
    page.get_by_role("button", name="Step", exact=True).click()
    expect(page.get_by_text(re.compile(r"Step 1 \(pass 1\).*\(0\.6, -1\.0, -1\.0\)"))).to_be_visible(
        timeout=15_000
    )
    plot = page.locator("#perceptron-plot img")
    before = plot.get_attribute("src")
    page.get_by_role("button", name="Run", exact=True).click()
    expect(page.get_by_text(re.compile(r"Learned AND in 14 passes"))).to_be_visible(timeout=15_000)
    expect(plot).not_to_have_attribute("src", before)  # the learned line, not the last step's
    shown(page, "#perceptron-plot")
    page.screenshot(path=str(shots / "screenshot-perceptron.png"))


def test_train_live_then_stop_and_use(page, shots):
    """Press Train, watch it move, press Stop: it stops, keeps what it learned, and can be used."""
    from playwright.sync_api import expect

    start_training(page)
    expect(page.locator("#train-status")).to_contain_text("on test digits it never saw", timeout=60_000)
    shown(page, "#train-loss", "#train-accuracy")
    page.screenshot(path=str(shots / "screenshot-train.png"), timeout=120_000)
    page.locator("#train-stop").click()
    expect(page.locator("#train-status")).to_contain_text("Stopped", timeout=60_000)
    expect(page.locator("#train-status")).to_contain_text("Test accuracy", timeout=60_000)
    page.locator("#train-use").click()
    expect(page.locator("#train-used")).not_to_be_empty(timeout=15_000)
    shown(page, "#train-loss", "#train-accuracy", "#train-confusion", "#train-mistakes")
    page.screenshot(path=str(shots / "screenshot-train-results.png"), full_page=True, timeout=120_000)
