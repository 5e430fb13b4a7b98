"""A real browser teaches the network the class's handwriting: collect, fine-tune live, before and after,
download the set and the model, upload both into a fresh page and use them.

Takes the docs' screenshots: into the test's tmp_path, or into assets/ with --screenshots.
"""

from __future__ import annotations

import re

import pytest

from digits.train.classfile import export
from digits.train.classset import ClassSet
from digits.train.finetune import FinetuneConfig
from tests.ui.test_browser import draw, open_tab

pytestmark = pytest.mark.browser
PAD_DIGITS = (1, 4, 7, 0)  # drawn with the mouse; the other 16 come as an uploaded set
QUICK = FinetuneConfig(epochs=2, copies=4, mnist=1000)


def fresh_page(browser, app_url):
    page = browser.new_context(viewport={"width": 1280, "height": 1000}, accept_downloads=True).new_page()
    page.goto(app_url, timeout=120_000)  # a busy server can be slow to serve the page
    page.wait_for_selector("#draw-pad canvas", timeout=60_000)
    open_tab(page, "Train")
    page.locator("#class-pad canvas").last.scroll_into_view_if_needed()
    return page


def sixteen(mnist, path):
    cs = ClassSet()
    for digit in range(10):
        for image in mnist.x_test[mnist.y_test == digit][: 2 if digit < 6 else 1]:
            cs.add(digit, image[:, ::-1, 0], source="import")  # mirrored: a handwriting MNIST lacks
    assert len(cs) == 16
    return export(cs, path)


def download(page, button: str, file: str, path):
    from playwright.sync_api import expect

    page.locator(button).click()
    link = page.locator(f"{file} a").first
    expect(link).to_be_visible(timeout=60_000)
    with page.expect_download() as info:
        link.click()
    info.value.save_as(path)
    return path


def test_teach_the_class_handwriting_then_carry_it_to_a_fresh_page(
    browser, app_url, mnist, tmp_path, monkeypatch, shots
):
    from playwright.sync_api import expect

    from digits.ui import handwriting_finetune

    monkeypatch.setattr(
        handwriting_finetune, "FINETUNE", QUICK
    )  # the app runs in this process: a short lesson
    page = fresh_page(browser, app_url)
    counts = page.locator("#class-counts")
    expect(counts).to_contain_text("No drawings yet")
    for n, digit in enumerate(PAD_DIGITS, start=1):
        page.locator("#class-label").get_by_text(str(digit), exact=True).click()
        draw(page, "#class-pad", digit)
        page.locator("#class-add").click()
        expect(counts).to_contain_text(f"{n} drawing", timeout=30_000)  # "1 drawing", "2 drawings"
    page.locator("#class-upload input[type=file]").set_input_files(str(sixteen(mnist, tmp_path / "more.zip")))
    expect(counts).to_contain_text("20 drawings", timeout=30_000)
    expect(counts).to_contain_text("5 of 20 kept aside for the after")
    page.screenshot(path=str(shots / "screenshot-class-set.png"), full_page=False)

    page.locator("#class-before").click()
    expect(page.locator("#class-before-text")).to_contain_text("Before", timeout=60_000)

    # Fine-tune, started paused: one step, a new learning rate, resume; each shows on the curves.
    page.locator("#class-paused").get_by_role("checkbox").check()
    page.locator("#class-finetune").click()
    status, loss = page.locator("#class-status"), page.locator("#class-loss")
    expect(status).to_contain_text("Paused", timeout=60_000)
    page.locator("#class-step").click()
    expect(page.locator("#class-controls-note")).to_contain_text("One more batch", timeout=15_000)
    expect(status).to_contain_text("Paused after batch 1", timeout=60_000)
    # The pause's legend: a run paused before its first point has no line to mark (the chart keeps
    # what it shows until then), so it is looked for once the step has made one.
    expect(loss).to_contain_text("1. ⏸ paused (epoch", timeout=60_000)
    page.locator("#class-rate input").fill("0.002")
    page.locator("#class-set-rate").click()
    expect(page.locator("#class-controls-note")).to_contain_text("0.002", timeout=15_000)
    expect(loss).to_contain_text("2. rate → 0.002 (epoch", timeout=30_000)
    page.locator("#class-resume").click()
    expect(loss).to_contain_text("3. ▶ resumed (epoch", timeout=30_000)
    expect(status).to_contain_text("After:", timeout=300_000)
    expect(status).to_contain_text(re.compile(r"Before: \d+ of the 5 kept-aside.*now read right"))
    expect(page.locator("#class-after-plot")).not_to_be_empty()
    page.locator("#class-before-text").scroll_into_view_if_needed()
    page.screenshot(path=str(shots / "screenshot-class-finetune.png"), full_page=False)

    set_file = download(page, "#class-download", "#class-set-file", tmp_path / "class_set.zip")
    model_file = download(page, "#class-model-download", "#class-model-file", tmp_path / "model.keras")
    expect(page.locator("#class-model-message")).to_contain_text("fine-tuned")

    other = fresh_page(browser, app_url)
    other.locator("#class-upload input[type=file]").set_input_files(str(set_file))
    expect(other.locator("#class-counts")).to_contain_text("20 drawings", timeout=30_000)
    other.locator("#class-model-upload input[type=file]").set_input_files(str(model_file))
    expect(other.locator("#class-model-message")).to_contain_text(
        "uploaded model model.keras", timeout=60_000
    )
    other.locator("#class-before").click()
    expect(other.locator("#class-before-text")).to_contain_text(
        "your uploaded model model.keras", timeout=60_000
    )
    open_tab(other, "Draw")
    draw(other, "#draw-pad", 7)
    expect(other.locator("#draw-answer .big")).to_have_text(re.compile(r"\d"), timeout=30_000)

    bad = tmp_path / "notes.zip"
    bad.write_text("not a class set")
    open_tab(other, "Train")
    other.locator("#class-upload input[type=file]").set_input_files(str(bad))
    expect(other.locator("#class-message")).to_contain_text("not a class set", timeout=30_000)
    expect(other.locator("#class-counts")).to_contain_text("20 drawings")
