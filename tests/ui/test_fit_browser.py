"""Every tab fits its screen, the child view, and no serious accessibility fault (issue #30, items 5-7).

At a 768x1024 tablet and a 390x844 phone (touch, through CDP: Playwright's tap) and a 1366x768
projector (mouse): no element past the screen's edges, no cut label, the main controls on the first
screen, every tab reachable, no page error. axe-core (axe-playwright-python) checks each tab. With
--screenshots the pictures of each tab at the three sizes go to assets/ (docs/teachers.md shows them).
"""

from __future__ import annotations

import re

import pytest

from digits.words import say
from tests.ui.test_browser import draw

pytestmark = pytest.mark.browser
SIZES = {
    "768x1024": {"viewport": {"width": 768, "height": 1024}, "has_touch": True, "is_mobile": True},
    "390x844": {"viewport": {"width": 390, "height": 844}, "has_touch": True, "is_mobile": True},
    "1366x768": {"viewport": {"width": 1366, "height": 768}},
}
TABS = ("Draw", "Practice", "Perceptron", "Train", "Class", "About")
SHOWN = {  # what tells that a tab has drawn itself
    "Draw": "#draw-pad canvas",
    "Practice": "#practice-pad canvas",
    "Perceptron": "#perceptron-plot img",
    "Train": "#train-start",
    "Class": "#class-start",
    "About": "text=A lesson in four steps",
}
FIRST_SCREEN = {  # inside the viewport without scrolling: width and height
    "Draw": ["#draw-pad .pad-paper", "#draw-pad-undo", "#draw-clear"],
    "Practice": [
        "#practice-pad .pad-paper",
        "#practice-pad-undo",
        "#practice-clear",
        "#practice-check",
        "#practice-next",
    ],
    "Perceptron": ["#perceptron-step", "#perceptron-epoch", "#perceptron-run", "#perceptron-reset"],
    "Train": ["#train-start", "#train-stop"],
    "Class": ["#class-start", "#class-delete"],
    "About": [],
}
ACROSS = {"Train": ["#train-loss", "#train-accuracy", "#class-loss", "#class-accuracy"]}  # width only
SCROLLED = {("Train", "390x844")}  # a phone scrolls to Train's button, past its 13 settings

# Every visible control or picture past the viewport's left or right edge, and every button whose
# label does not fit it ("Show me how" cut to "Show r"). Screen-reader-only text is skipped.
OUTSIDE = """() => {
  const W = window.innerWidth, out = [];
  const name = (el) => `${el.tagName} #${el.id} .${String(el.className).slice(0, 30)} "${
    (el.innerText || el.value || '').trim().slice(0, 24)}"`;
  const sel = 'button, input, select, textarea, canvas, img, svg, table, label, [role=tab], .pad-paper';
  for (const el of document.querySelectorAll(sel)) {
    if (el.closest('.sr-only, .visually-hidden, [aria-hidden="true"]')) continue;
    const r = el.getBoundingClientRect();
    if (r.width < 2 || r.height < 2 || getComputedStyle(el).visibility === 'hidden') continue;
    // A wide table scrolls sideways in a box of its own (Gradio's dataframe): that box is checked.
    let edge = r;
    for (let up = el.parentElement; el.tagName === 'TABLE' && up; up = up.parentElement) {
      if (!['auto', 'scroll'].includes(getComputedStyle(up).overflowX)) continue;
      edge = up.getBoundingClientRect();
      break;
    }
    if (edge.left < -1 || edge.right > W + 1) {
      out.push(`${name(el)} spans x ${Math.round(edge.left)}-${Math.round(edge.right)}`);
    }
    if (el.tagName === 'BUTTON' && el.scrollWidth > el.clientWidth + 1) out.push(`${name(el)} is cut`);
  }
  if (document.documentElement.scrollWidth > W + 1) out.push(`the page scrolls sideways`);
  return out;
}"""


def open_page(browser, app_url, size: str, query: str = ""):
    """A fresh visitor at `size`; its page errors are collected in page.errors."""
    page = browser.new_context(**SIZES[size]).new_page()
    page.errors = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    page.goto(app_url + query, timeout=120_000)  # a busy server can be slow to serve the page
    page.locator("#draw-pad canvas").last.wait_for(timeout=60_000)
    return page


def open_tab(page, size: str, name: str, click: bool = False) -> None:
    """A finger taps the tab on a touch screen, the mouse clicks it on the projector (or when asked)."""
    from playwright.sync_api import expect

    tab = page.get_by_role("tab", name=re.compile(name))
    tab.tap() if SIZES[size].get("has_touch") and not click else tab.click()
    expect(tab).to_have_attribute("aria-selected", "true")
    page.locator(SHOWN[name]).first.wait_for(timeout=60_000)
    page.evaluate("() => window.scrollTo(0, 0)")


def box(page, selector: str) -> dict:
    found = page.locator(selector).first
    assert found.is_visible(), f"{selector} is not shown"
    return found.bounding_box()


def on_screen(page, selector: str, height: bool = True) -> str | None:
    """Why `selector` is not inside the viewport (None when it is); `height`: below the fold counts."""
    b, view = box(page, selector), page.viewport_size
    right, bottom = b["x"] + b["width"], b["y"] + b["height"]
    if b["x"] < -1 or right > view["width"] + 1:
        return f"{selector} spans x {b['x']:.0f}-{right:.0f} of {view['width']}"
    if height and (b["y"] < -1 or bottom > view["height"] + 1):
        return f"{selector} spans y {b['y']:.0f}-{bottom:.0f} of {view['height']}"
    return None


def visible_tabs(page) -> list[str]:
    return [t.inner_text().strip() for t in page.get_by_role("tab").all() if t.is_visible()]


@pytest.mark.parametrize("size", SIZES)
def test_every_tab_fits_the_screen_and_every_tab_is_reachable(browser, app_url, size, shots):
    page = open_page(browser, app_url, size)
    tabs = visible_tabs(page)
    assert len(tabs) == len(TABS) and all(t in " ".join(tabs) for t in TABS), tabs  # no "..." menu
    for tab in page.get_by_role("tab").all():
        assert on_screen(page, f'[role="tab"][data-tab-id="{tab.get_attribute("data-tab-id")}"]') is None
    problems = []
    for name in TABS:
        open_tab(page, size, name)
        problems += [f"{name}: {p}" for p in page.evaluate(OUTSIDE)]
        for selector in FIRST_SCREEN[name]:
            problems.append(on_screen(page, selector, height=(name, size) not in SCROLLED))
        problems += [on_screen(page, s, height=False) for s in ACROSS.get(name, [])]
        page.screenshot(path=str(shots / f"screenshot-{name.lower()}-{size}.png"))
    problems = [p for p in problems if p]
    assert not problems, f"at {size}:\n" + "\n".join(problems)
    assert not page.errors, page.errors
    page.context.close()


def test_wrong_answer_feedback_and_check_fit_a_projector(browser, app_url):
    from playwright.sync_api import expect

    page = open_page(browser, app_url, "1366x768")
    open_tab(page, "1366x768", "Practice")
    asked = page.locator("#practice-prompt .prompt-big").inner_text().strip()
    draw(page, "#practice-pad", 0 if asked == "1" else 1)  # not the digit asked for
    page.locator("#practice-check").click()
    feedback = page.locator("#practice-feedback")
    expect(feedback).not_to_contain_text("press Check", timeout=30_000)
    page.evaluate("() => window.scrollTo(0, 0)")
    for selector in ("#practice-feedback", "#practice-check", "#practice-next", "#practice-clear"):
        assert on_screen(page, selector) is None, (on_screen(page, selector), feedback.inner_text())
    assert not page.errors, page.errors
    page.context.close()


@pytest.mark.parametrize("size", SIZES)
def test_the_child_view_shows_draw_and_practice_big_and_nothing_else(browser, app_url, size):
    page = open_page(browser, app_url, size, "?view=child")
    assert [re.sub(r"\W", "", t) for t in visible_tabs(page)] == ["Draw", "Practice"]
    for hidden in ("#welcome", "footer", "button.label-wrap", "#practice-settings", "text=Use via API"):
        assert not any(e.is_visible() for e in page.locator(hidden).all()), f"{hidden} shown to a child"
    for name in ("Draw", "Practice"):
        open_tab(page, size, name)
        assert not any(e.is_visible() for e in page.locator("button.label-wrap").all())
        problems = [on_screen(page, s) for s in FIRST_SCREEN[name]] + page.evaluate(OUTSIDE)
        assert not [p for p in problems if p], problems
    assert box(page, "#practice-check")["height"] >= 60  # big: 64 px buttons for small fingers
    page.goto(app_url, timeout=120_000)  # the same browser without ?view=child: the teacher's page
    page.locator("#draw-pad canvas").last.wait_for(timeout=60_000)
    assert len(visible_tabs(page)) == len(TABS)
    assert page.locator("#welcome").is_visible() == (size != "390x844")  # a phone needs its title's 43 px
    assert not page.errors, page.errors
    page.context.close()


def serious(page, where: str) -> list[str]:
    """axe-core's serious and critical violations on the page as it is now, one line each."""
    from axe_playwright_python.sync_playwright import Axe

    found = []
    for v in Axe().run(page).response["violations"]:
        if v["impact"] in ("serious", "critical"):
            nodes = "; ".join(" ".join(n["target"]) for n in v["nodes"][:4])
            found.append(f"{where}: {v['id']} ({v['impact']}, {len(v['nodes'])}×): {nodes}")
    return found


@pytest.mark.parametrize("query", ["", "?view=child"])
def test_no_serious_or_critical_accessibility_violations_on_any_tab(browser, app_url, query):
    found = []
    page = open_page(browser, app_url, "1366x768", query)
    for name in TABS if not query else ("Draw", "Practice"):
        open_tab(page, "1366x768", name)
        found += serious(page, name)
    assert not found, "\n".join(found)
    page.context.close()


def finger(page, pad: str, digit: int) -> None:
    """A finger writes the digit on the pad (CDP touch events)."""
    from tests.ui.test_browser import digit_points, pad_box
    from tests.ui.test_pad_browser import dense, touch

    touch(page, dense(digit_points(pad_box(page, pad), digit)))


def checked(page) -> None:
    """Practice mid-round: a wrong digit written with a finger and checked, its feedback shown."""
    from playwright.sync_api import expect

    open_tab(page, "768x1024", "Practice", click=True)
    asked = page.locator("#practice-prompt .prompt-big").inner_text().strip()
    finger(page, "#practice-pad", 0 if asked == "1" else 1)  # not the digit asked for
    page.locator("#practice-check").click()  # (Chromium drops the click of the first tap after CDP strokes)
    expect(page.locator("#practice-feedback")).not_to_contain_text("press Check", timeout=30_000)
    expect(page.locator("#practice-speak .speak-cue")).not_to_be_empty()  # the picture cue shown


def test_no_serious_accessibility_violations_mid_round_in_the_child_view_and_beside_curves(browser, app_url):
    """axe on the states a child and a class meet, not only each tab's first view: a 768x1024 tablet."""
    from playwright.sync_api import expect

    found = []
    child = open_page(browser, app_url, "768x1024", "?view=child")
    open_tab(child, "768x1024", "Draw")
    finger(child, "#draw-pad", 7)
    expect(child.locator("#draw-answer .answer")).not_to_have_attribute("data-points", "0", timeout=30_000)
    found += serious(child, "child view, Draw answered")
    checked(child)
    found += serious(child, "child view, Practice after a Check")
    child.context.close()

    page = open_page(browser, app_url, "768x1024")
    checked(page)
    found += serious(page, "Practice after a Check")
    open_tab(page, "768x1024", "Train", click=True)
    for name, value in (("epochs", 1), ("images", 1000)):
        box = page.locator(f"#train-{name} input[type=number]")
        box.fill(str(value))
        box.press("Enter")
    page.locator("#train-start").click()
    expect(page.locator("#train-status")).to_contain_text("Test accuracy", timeout=300_000)
    expect(page.locator("#train-loss")).to_contain_text("validation")  # the curves drawn
    found += serious(page, "Train with its curves")
    assert not found, "\n".join(found)
    assert not page.errors, page.errors
    page.context.close()


@pytest.mark.parametrize("view", ["?view=child", ""], ids=["child", "teacher"])
def test_a_phone_fits_practice_in_every_language(browser, app_url, view):
    """The pad, its buttons and Check on a 390x844 phone, no label cut, whichever language the page is in.

    Each browser starts the page in its own language (app.py): French's three pad buttons were cut,
    and Arabic's prompt squeezed the voice and score into a 50 px column with Check 240 px below. The
    teacher's page (six tabs on two rows, and the title) left Check 8-59 px below in seven languages.
    """
    from playwright.sync_api import expect

    from digits.languages import LANGUAGES

    problems = []
    for lang in LANGUAGES.values():
        context = browser.new_context(**SIZES["390x844"], locale=lang.code)
        page = context.new_page()
        page.goto(app_url + view, timeout=120_000)
        page.locator("#draw-pad canvas").last.wait_for(timeout=60_000)
        open_tab(page, "390x844", "Practice")
        expect(page.locator("#practice-clear")).to_have_text(say("pad.clear", lang.name), timeout=30_000)
        page.evaluate("() => window.scrollTo(0, 0)")
        problems += [f"{lang.name}: {p}" for p in page.evaluate(OUTSIDE)]
        problems += [
            f"{lang.name}: {p}" for p in map(lambda s: on_screen(page, s), FIRST_SCREEN["Practice"]) if p
        ]
        context.close()
    assert not problems, "\n".join(problems)
