"""The Draw tab in Debian's Chromium: languages, a projector, dots, numbers, the model reading, Teach it."""

from __future__ import annotations

import re

import pytest

from digits.words import say
from tests.ui.test_browser import digit_points, draw, open_tab, pad_box
from tests.ui.test_pad_browser import ANSWER, answer_is, clear, fresh_pad, open_page  # noqa: F401 (fixture)

pytestmark = pytest.mark.browser
DETAIL = "#draw-answer .detail"


@pytest.fixture(scope="module")
def desktop(browser, app_url):
    page = open_page(browser, app_url, viewport={"width": 1280, "height": 1000})
    yield page
    page.context.close()


def choose_language(page, language: str) -> None:
    from playwright.sync_api import expect

    open_tab(page, "Practice")
    if not page.locator("#practice-language").is_visible():  # the menu sits in the teacher's settings
        page.locator("#practice-settings").get_by_text("Teacher settings").first.click()
    page.locator("#practice-language input").click()
    page.get_by_role("option", name=re.compile(language)).click()
    prompt = expect(page.locator("#practice-prompt"))
    if language == "English":  # English names come without "In English:"
        prompt.not_to_contain_text("In ", timeout=15_000)
    else:  # "En français :", "بالعربية:": in the language itself
        prompt.to_contain_text(say("word.in", language), timeout=15_000)


def test_arabic_names_are_isolated_and_follow_the_language(desktop):
    from playwright.sync_api import expect

    choose_language(desktop, "Arabic")
    open_tab(desktop, "Draw")
    draw(desktop, "#draw-pad", 7)
    answer_is(desktop, "7")
    name = desktop.locator(f"{DETAIL} bdi[lang='ar'][dir='rtl']")
    expect(name).to_have_text("سبعة", timeout=10_000)
    expect(desktop.locator("#draw-top3 bdi[lang='ar'][dir='rtl']").first).to_have_text("سبعة")
    # The percentage stays after the name, outside it, in Arabic too: "سبعة · متأكد بنسبة 100%".
    assert re.fullmatch(r"سبعة · متأكد بنسبة \d+%", desktop.locator(DETAIL).inner_text()), desktop.locator(
        DETAIL
    ).inner_text()
    choose_language(desktop, "French")
    open_tab(desktop, "Draw")  # no new stroke: the answer follows the language all the same
    expect(desktop.locator(f"{DETAIL} bdi[lang='fr']")).to_have_text("sept", timeout=15_000)
    choose_language(desktop, "English")
    open_tab(desktop, "Draw")
    expect(desktop.locator(f"{DETAIL} bdi[lang='en']")).to_have_text("seven", timeout=15_000)
    clear(desktop)


def test_a_dot_is_not_nothing_and_a_small_digit_is_read(desktop):
    from playwright.sync_api import expect

    open_tab(desktop, "Draw")
    box = pad_box(desktop, "#draw-pad")
    desktop.mouse.move(box["x"] + 200, box["y"] + 200)
    desktop.mouse.down()
    desktop.mouse.up()
    expect(desktop.locator(DETAIL)).to_contain_text("only a dot", timeout=30_000)
    assert "Nothing drawn" not in desktop.locator(DETAIL).inner_text()
    clear(desktop)
    draw(desktop, "#draw-pad", 4, left=0.45, top=0.45, size=0.1)  # a small 4, the default brush
    answer_is(desktop, "4")
    clear(desktop)


def test_a_number_shows_every_digit_in_order(desktop):
    from playwright.sync_api import expect

    open_tab(desktop, "Draw")
    for i, digit in enumerate((1, 9, 8, 7)):
        draw(desktop, "#draw-pad", digit, left=0.02 + 0.24 * i, top=0.35, size=0.22)
    expect(desktop.locator(ANSWER)).to_have_text(re.compile(r"^\d{4}$"), timeout=30_000)
    number = desktop.locator(ANSWER).inner_text()
    rows = desktop.locator("#draw-top3 .sure-row .sure-label")
    expect(rows).to_have_count(4)
    assert rows.all_inner_texts() == [f"digit {i + 1}: {d}" for i, d in enumerate(number)]
    unsure = desktop.locator("#draw-top3 .sure-row.unsure")
    assert unsure.count() == desktop.locator(f"{ANSWER} .unsure-digit").count()
    clear(desktop)


def test_a_digit_written_backwards_is_named_and_shown_the_right_way_round(desktop):
    from playwright.sync_api import expect

    open_tab(desktop, "Draw")
    box = pad_box(desktop, "#draw-pad")
    for stroke in digit_points(box, 3):  # a 3 mirrored left-right, as young children write it
        points = [(2 * box["x"] + box["width"] - x, y) for x, y in stroke]
        desktop.mouse.move(*points[0])
        desktop.mouse.down()
        for x, y in points[1:]:
            desktop.mouse.move(x, y, steps=4)
        desktop.mouse.up()
    expect(desktop.locator(ANSWER)).to_have_text("3, written backwards", timeout=30_000)
    expect(desktop.locator(f"{DETAIL} .backwards img[alt='your 3 the right way round']")).to_be_visible()
    expect(desktop.locator("#draw-top3 .sure-label").first).to_contain_text("3 · ")
    clear(desktop)


def test_teach_it_keeps_the_drawing_for_the_class_set(desktop):
    from playwright.sync_api import expect

    open_tab(desktop, "Draw")
    draw(desktop, "#draw-pad", 3)
    answer_is(desktop, "3")
    desktop.get_by_text("Teach it").click()
    desktop.locator("#draw-teach-label").get_by_text("3", exact=True).click()
    desktop.locator("#draw-teach").click()
    expect(desktop.locator("#draw-teach-count")).to_contain_text("holds 1 drawing (1 taught here)")
    clear(desktop)
    desktop.locator("#draw-teach").click()  # nothing drawn: one plain line, nothing kept
    expect(desktop.get_by_text("Nothing drawn yet").first).to_be_visible(timeout=15_000)
    expect(desktop.locator("#draw-teach-count")).to_contain_text("holds 1 drawing ")


def test_the_draw_tab_says_which_model_reads_with_a_way_back(desktop):
    from playwright.sync_api import expect

    open_tab(desktop, "Draw")
    expect(desktop.locator("#draw-model")).to_contain_text("the shipped recognizer")
    expect(desktop.locator("#draw-model-back")).to_be_hidden()
    open_tab(desktop, "Train")
    desktop.locator("#train-start").click()
    expect(desktop.locator("#train-status")).to_contain_text("Training report", timeout=60_000)
    desktop.locator("#train-stop").click()
    expect(desktop.locator("#train-status")).to_contain_text("Test accuracy", timeout=120_000)
    desktop.locator("#train-use").click()
    expect(desktop.locator("#train-used")).not_to_be_empty(timeout=15_000)
    open_tab(desktop, "Draw")
    expect(desktop.locator("#draw-model")).to_contain_text("your report network", timeout=15_000)
    desktop.locator("#draw-model-back").click()
    expect(desktop.locator("#draw-model")).to_contain_text("the shipped recognizer", timeout=15_000)
    expect(desktop.locator("#draw-model-back")).to_be_hidden()


@pytest.mark.parametrize("height", [768, 600])  # full screen; a window under tabs, address bar, taskbar
def test_projector_pad_buttons_and_answer_fit_one_screen(browser, app_url, height):
    page = open_page(browser, app_url, viewport={"width": 1366, "height": height})
    try:
        open_tab(page, "Draw")
        assert page.evaluate("window.scrollY") == 0
        for part in ("#draw-pad .pad-paper", "#draw-clear", "#draw-pad-undo", "#draw-answer"):
            box = page.locator(part).bounding_box()
            assert box["y"] >= 0 and box["y"] + box["height"] <= height, (part, box)
        assert page.locator("#draw-pad .pad-paper").bounding_box()["height"] >= 300
        box = page.locator("#draw-pad canvas:not(.pad-under)").bounding_box()  # no scrolling to draw, either
        draw(page, "#draw-pad", 2)
        answer_is(page, "2")
        assert (
            page.evaluate("window.scrollY") == 0
            and page.locator("#draw-pad canvas:not(.pad-under)").bounding_box() == box
        )
    finally:
        page.context.close()
