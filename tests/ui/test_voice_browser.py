"""A child of five plays alone (issue #30, items 3-5): one voice for a reading, heard, in their language.

Debian's Chromium at a 768x1024 touch tablet and a 1366x768 projector. What the page says is captured by
hooking speechSynthesis (SPEECH_HOOK: window.__spoken).
"""

from __future__ import annotations

import re

import pytest

from tests.ui.test_browser import digit_points, draw, mouse_strokes, pad_box
from tests.ui.test_lesson_browser import PAD, SPEECH_HOOK, VIEWS, spoken, start_round
from tests.ui.test_pad_browser import dense, touch

pytestmark = pytest.mark.browser
PRAISE = re.compile(r"\b(well done|brilliant|perfect|great|star|spot on|beautiful)\b", re.I)
FEEDBACK = "#practice-feedback"


def open_practice(browser, app_url, view: str, locale: str = "en-GB"):
    """A fresh visitor (its browser in `locale`) on the Practice tab."""
    from playwright.sync_api import expect

    page = browser.new_context(**VIEWS[view], locale=locale).new_page()
    page.add_init_script(SPEECH_HOOK)
    page.goto(app_url, timeout=120_000)
    page.wait_for_selector("#draw-pad canvas", timeout=60_000)
    page.get_by_role("tab", name=re.compile("Practice")).click()
    expect(page.locator(f"{PAD} canvas").first).to_be_visible()
    return page


@pytest.fixture(params=["tablet", "projector"])
def view(request):
    return request.param


def write(page, view: str, digit: int, mirrored: bool = False, pad: str = PAD) -> None:
    """The digit with a finger (tablet) or the mouse (projector), mirrored left-right if asked."""
    box = pad_box(page, pad)
    strokes = digit_points(box, digit)
    if mirrored:
        strokes = [[(2 * box["x"] + box["width"] - x, y) for x, y in s] for s in strokes]
    if VIEWS[view].get("has_touch"):
        touch(page, dense(strokes))
        return
    if not mirrored:
        draw(page, pad, digit)
        return
    mouse_strokes(page, strokes)


def said_after(page, n: int) -> dict:
    """The line said once the page has said more than `n` lines."""
    page.wait_for_function(f"() => window.__spoken.length > {n}", timeout=30_000)
    return spoken(page)[-1]


def check(page, n: int) -> dict:
    page.locator("#practice-check").click()
    return said_after(page, n)


def test_a_mirrored_7_is_named_backwards_with_no_praise_beside_it(browser, app_url, view, shots):
    from playwright.sync_api import expect

    page = open_practice(browser, app_url, view)
    start_round(page, "free", digits=[7])
    write(page, view, 7, mirrored=True)
    said = check(page, len(spoken(page)))
    expect(page.locator(FEEDBACK)).to_contain_text("That's a 7, written backwards!", timeout=30_000)
    shown = page.locator(FEEDBACK).inner_text()
    assert not PRAISE.search(shown) and "⭐" not in shown and "spot on" not in shown, shown
    assert said == {"text": "That's a 7, written backwards!", "lang": "en-GB"}
    assert len(said["text"].split()) <= 8
    expect(page.locator("#practice-speak .speak-cue")).to_have_text("🔁")  # the try-again picture
    expect(page.locator("#practice-score")).to_contain_text("Score: 0")
    page.screenshot(path=str(shots / f"screenshot-practice-backwards-{view}.png"))
    page.context.close()


def test_hear_it_again_after_a_wrong_answer_and_after_clear(browser, app_url, view):
    from playwright.sync_api import expect

    page = open_practice(browser, app_url, view)
    start_round(page, "free", digits=[7])
    again = page.locator("#practice-speak-again")
    write(page, view, 3)  # not the digit asked
    said = check(page, len(spoken(page)))
    expect(page.locator(FEEDBACK)).not_to_contain_text("Draw the digit, then", timeout=30_000)
    shown = page.locator(FEEDBACK).inner_text()
    assert said["lang"] == "en-GB" and said["text"] and said["text"] in shown  # wrong answers are said
    assert len(said["text"].split()) <= 8 and not PRAISE.search(shown)
    expect(again).to_be_visible()
    page.locator("#practice-clear").click()
    expect(page.locator(FEEDBACK)).to_contain_text("Draw the digit, then")
    expect(again).to_be_visible()
    n = len(spoken(page))
    again.click()
    assert said_after(page, n) == said  # the last feedback, heard again
    page.context.close()


@pytest.mark.parametrize(
    "language, tag, ask, heard, locale, check_label, clear_label",
    [
        ("French", "fr-FR", "Dessine un 7 !", "Dessine un 7 : sept.", "fr-FR", "Vérifier", "🧽 Effacer"),
        ("Arabic", "ar-SA", "ارسم الرقم 7!", "ارسم الرقم 7: سبعة.", "ar", "تحقّق", "🧽 امسح"),
    ],
)
def test_a_round_in_french_and_in_arabic(
    browser, app_url, view, language, tag, ask, heard, locale, check_label, clear_label
):
    from playwright.sync_api import expect

    page = open_practice(browser, app_url, view, locale)
    expect(page.locator("#practice-check")).to_contain_text(check_label)  # gr.I18n, the browser's language
    start_round(page, "free", digits=[7], language=language)
    expect(page.locator("#practice-prompt")).to_contain_text(ask)
    for button, english in (
        ("#practice-pad-show", "Show me"),
        ("#practice-pad-undo", "Undo"),
        ("#practice-clear", "Clear"),
    ):
        expect(page.locator(button)).to_be_visible()
        expect(page.locator(button)).not_to_contain_text(english)
    expect(page.locator("#practice-clear")).to_have_text(clear_label)
    # The round's first prompt (choosing the language said the prompt shown before, another digit).
    page.wait_for_function("(t) => window.__spoken.some((s) => s.text === t)", arg=heard, timeout=30_000)
    assert {"text": heard, "lang": tag} in spoken(page)
    for digit in (7, 3):  # right, then wrong: both in the language
        page.locator("#practice-clear").click()
        write(page, view, digit)
        said = check(page, len(spoken(page)))
        expect(page.locator(FEEDBACK)).to_contain_text(said["text"], timeout=30_000)
        shown = page.locator(FEEDBACK).inner_text()
        assert said["lang"] == tag and not re.search(r"That's|Nice try|Hmm|Draw", shown), shown
        if digit == 7:
            n = len(spoken(page))
            page.locator("#practice-next").click()
            said_after(page, n)  # the next prompt, said before the next try
    page.context.close()


def test_the_draw_tab_says_its_answer_behind_a_switch(browser, app_url):
    from playwright.sync_api import expect

    page = browser.new_context(**VIEWS["projector"]).new_page()
    page.add_init_script(SPEECH_HOOK)
    page.goto(app_url, timeout=120_000)
    page.wait_for_selector("#draw-pad canvas", timeout=60_000)
    switch = page.locator("#draw-speak .speak-switch input")
    expect(switch).to_be_checked()  # on by default, for the child
    draw(page, "#draw-pad", 7)
    page.wait_for_function('() => window.__spoken.some((s) => s.text === "That\'s a 7.")', timeout=30_000)
    assert spoken(page)[-1] == {"text": "That's a 7.", "lang": "en-GB"}
    switch.uncheck()
    n = len(spoken(page))
    page.locator("#draw-clear").click()
    draw(page, "#draw-pad", 4)
    expect(page.locator("#draw-answer .big")).to_have_text("4", timeout=30_000)
    assert len(spoken(page)) == n  # switched off: silent
    page.context.close()


def test_the_missing_voice_note_follows_the_language_chosen(browser, app_url):
    """Issue #30, item 7: "no Hindi voice" was still shown once Chinese was chosen."""
    from playwright.sync_api import expect

    page = open_practice(browser, app_url, "projector")
    note = page.locator("#practice-speak .speak-note")
    start_round(page, "free", digits=[7], language="Hindi")
    expect(note).to_have_text("इस ब्राउज़र में इस भाषा की आवाज़ नहीं है: शब्द मिलकर ज़ोर से पढ़ो।")  # in Hindi
    page.locator("#practice-language input").fill("Chinese")
    page.keyboard.press("Enter")
    expect(page.locator("#practice-prompt")).to_contain_text("画一个7！")
    expect(note).to_have_text("这个浏览器没有这种语言的声音：请大家一起大声读出来。")
    expect(page.locator("#practice-speak-again")).to_have_text("🔊 再听一次")
    page.context.close()


def test_a_class_that_picks_french_meets_no_english_on_practice_or_draw(browser, app_url):
    """Issue #30: the menu's language rules every child-facing word, whatever the browser's language.

    An English browser (gr.I18n would keep Check and Next English): the teacher picks French.
    """
    from playwright.sync_api import expect

    page = open_practice(browser, app_url, "tablet", "en-GB")
    expect(page.locator("#practice-check")).to_have_text("✅ Check")
    start_round(page, "trace", digits=[7], language="French")
    expect(page.locator("#practice-check")).to_have_text("✅ Vérifier")
    expect(page.locator("#practice-next")).to_have_text("➡️ Suivant")
    expect(page.locator("#practice-pad .pad-caption")).to_have_text("✏️ Écris ici")
    expect(page.locator("#practice-pad-show")).to_have_accessible_name("▶️ Montre-moi comment")
    expect(page.locator("#practice-pad-undo")).to_have_text("↶ Annuler")
    expect(page.locator("#practice-prompt")).to_contain_text("En français : sept")
    expect(page.locator(FEEDBACK)).to_contain_text("Repasse sur le chiffre gris")
    shown = page.locator("#practice-row").inner_text()
    assert not re.search(r"\b(Check|Next|Undo|Clear|Show me|Write here|In French|Trace|Draw)\b", shown), shown
    page.get_by_role("tab", name=re.compile("Draw")).click()
    expect(page.locator("#draw-pad .pad-caption")).to_have_text("Dessine un chiffre (ou un nombre entier)")
    expect(page.locator("#draw-clear")).to_have_text("🧽 Effacer")
    page.context.close()


def test_a_french_browser_starts_in_french_on_draw_and_practice(browser, app_url):
    """The page's first language is the browser's when it is one of the ten (as gr.I18n's buttons)."""
    from playwright.sync_api import expect

    page = browser.new_context(**VIEWS["tablet"], locale="fr-FR").new_page()
    page.goto(app_url, timeout=120_000)
    expect(page.locator("#draw-clear")).to_have_text("🧽 Effacer", timeout=30_000)
    expect(page.locator("#draw-answer")).to_contain_text("Dessine un chiffre et je le lirai.")
    page.get_by_role("tab", name=re.compile("Practice")).click()
    expect(page.locator("#practice-prompt")).to_contain_text("Dessine un", timeout=30_000)
    expect(page.locator(FEEDBACK)).to_contain_text("Dessine le chiffre, puis appuie sur")
    expect(page.locator("#practice-clear")).to_have_text("🧽 Effacer")
    page.context.close()
