"""The page as a class meets it: its own fonts, honest About text, whole captions, a warm model."""

from __future__ import annotations

import unicodedata

import pytest

from digits.languages import script_text
from tests.conftest import ARGS, CHROMIUM
from tests.ui.test_browser import draw, open_tab

pytestmark = pytest.mark.browser
CODES = ("hi", "zh", "ar")


@pytest.fixture
def page(browser, app_url):
    page = browser.new_page(viewport={"width": 1280, "height": 1000})
    page.goto(app_url, timeout=120_000)  # a busy server can be slow to serve the page
    page.locator("#draw-pad canvas").last.wait_for(timeout=60_000)  # the pad has two canvases
    yield page
    page.close()


@pytest.fixture(scope="module")
def fontless_browser(playwright, tmp_path_factory):
    """Chromium that sees only DejaVu, as on a bare CI machine: no Devanagari, CJK or Arabic font."""
    conf = tmp_path_factory.mktemp("fonts") / "fonts.conf"
    conf.write_text(
        '<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>'
        f"<dir>/usr/share/fonts/truetype/dejavu</dir><cachedir>{conf.parent}/cache</cachedir></fontconfig>"
    )
    browser = playwright.chromium.launch(
        executable_path=CHROMIUM, args=ARGS, env={"FONTCONFIG_FILE": str(conf)}
    )
    yield browser
    browser.close()


# Each script's characters in spans under the app's CSS (so its web fonts load), then drawn one by one
# on a canvas in the font family the CSS gives them; a missing glyph draws the same box as a
# private-use character that no font has.
MEASURE = """async (codes) => {
  const root = document.querySelector('.gradio-container');
  const canvas = document.createElement('canvas');
  canvas.width = canvas.height = 64;
  const ctx = canvas.getContext('2d', {willReadFrequently: true});
  const out = {};
  for (const [code, text] of Object.entries(codes)) {
    const span = document.createElement('span');
    span.lang = code; span.textContent = text; span.style.cssText = 'font-size: 40px; position: absolute';
    root.appendChild(span);
    ctx.font = '40px ' + getComputedStyle(span).fontFamily;
    // What the browser fetches to show this text (in the control, the fetch fails: boxes).
    await document.fonts.load(ctx.font, text).catch(() => null);
    // And every face of the app's family settled (loaded or failed), however slow the server is.
    await Promise.all([...document.fonts].filter((f) => f.family.replace(/["']/g, '') === 'Digits Noto')
      .map((f) => f.load().catch(() => null)));
    const pixels = (ch) => {
      ctx.clearRect(0, 0, 64, 64);
      ctx.fillText(ch, 8, 48);
      return Array.from(ctx.getImageData(0, 0, 64, 64).data).join();
    };
    const box = pixels('\\uE000');
    out[code] = [...text].filter((ch) => pixels(ch) === box);
    span.remove();
  }
  out.loaded = [...document.fonts].filter((f) => f.family.replace(/["']/g, '') === 'Digits Noto'
    && f.status === 'loaded').length;
  return out;
}"""


def missing_glyphs(browser, app_url, block_fonts: bool) -> dict:
    page = browser.new_page()
    if block_fonts:
        page.route("**/*.woff2", lambda route: route.abort())
    page.goto(app_url, timeout=120_000)  # a busy server can be slow to serve the page
    page.wait_for_selector(".gradio-container", timeout=60_000)
    found = page.evaluate(MEASURE, {code: script_text(code) for code in CODES})
    page.close()
    return found


def test_hindi_chinese_and_arabic_names_render_without_the_machines_fonts(fontless_browser, app_url):
    bare = missing_glyphs(fontless_browser, app_url, block_fonts=True)
    # The control: without the app's fonts this browser really draws boxes (else the test proves nothing).
    # (Letters only: DejaVu has the curly quotes the Chinese lines use.)
    letters = {
        code: [c for c in script_text(code) if unicodedata.category(c)[0] in "LM"] for code in ("hi", "zh")
    }
    assert all(set(letters[code]) <= set(bare[code]) for code in ("hi", "zh")), bare
    for _ in range(3):  # a fresh page each time: a font fetch can fail while the server is busy training
        found = missing_glyphs(fontless_browser, app_url, block_fonts=False)
        if found["loaded"] == len(CODES) and not any(found[code] for code in CODES):
            break
    assert found["loaded"] == len(CODES)
    for code in CODES:
        assert not found[code], f"{code}: {found[code]} still drawn as missing-glyph boxes"


def test_about_says_where_drawings_go(page):
    from playwright.sync_api import expect

    open_tab(page, "About")
    expect(page.get_by_text("A lesson in four steps")).to_be_visible()
    text = " ".join(page.locator("body").inner_text().split())
    assert "read there and not stored" in text and "no drawing leaves" not in text
    assert "Open What the computer sees" not in text  # it is always shown: nothing to open


def test_look_inside_captions_are_whole_in_the_thumbnails(page):
    from playwright.sync_api import expect

    open_tab(page, "Draw")
    draw(page, "#draw-pad", 7)
    expect(page.locator("#draw-answer .big")).to_have_text("7", timeout=30_000)
    page.get_by_text("Look inside the network").click()
    page.locator("#draw-inside").click()
    captions = page.locator("#draw-gallery .caption-label")
    expect(captions).to_have_count(4, timeout=60_000)
    for caption in captions.all():
        assert caption.evaluate("(el) => el.scrollWidth <= el.clientWidth"), caption.inner_text()


def test_the_page_load_warms_the_shipped_model(browser, app_url):
    """Opening the page loads the shipped recognizer in the background, before any drawing."""
    from digits.read import recognizer

    recognizer.SHIPPED.forget()  # as on a freshly started server
    page = browser.new_page()
    page.goto(app_url, timeout=120_000)  # a busy server can be slow to serve the page
    page.locator("#draw-pad canvas").last.wait_for(timeout=60_000)
    assert recognizer.SHIPPED.ready.wait(timeout=120), "the page loaded but the model was not warmed"
    page.close()
