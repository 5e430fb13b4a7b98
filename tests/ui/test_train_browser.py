"""The Train tab in a real browser: Stop leaves the line; the curves follow the data (issue #18, 1 and 10)."""

from __future__ import annotations

import re

import pytest

from tests.ui.test_browser import open_tab

pytestmark = pytest.mark.browser


def train_page(browser, app_url, **sliders):
    """A visitor's page (its own Gradio session) on the Train tab, sliders set."""
    page = browser.new_page(viewport={"width": 1366, "height": 768})
    page.goto(app_url, timeout=120_000)  # a busy server can be slow to serve the page
    open_tab(page, "Train")
    for name, value in sliders.items():
        box = page.locator(f"#train-{name} input[type=number]")
        box.fill(str(value))
        box.press("Enter")
    return page


def test_stop_withdraws_a_waiting_training_and_says_so(browser, app_url):
    from playwright.sync_api import expect

    first, second = train_page(browser, app_url, epochs=50), train_page(browser, app_url)
    first.locator("#train-start").click()
    expect(first.locator("#train-status")).to_contain_text("Training report", timeout=120_000)
    second.locator("#train-start").click()
    waiting = second.locator("#train-status")
    expect(waiting).to_contain_text("Waiting for your turn: number 1 in line", timeout=30_000)
    second.locator("#train-stop").click()
    expect(waiting).to_contain_text("Taken out of the line", timeout=30_000)
    first.locator("#train-stop").click()
    expect(first.locator("#train-status")).to_contain_text("Test accuracy", timeout=120_000)
    # Had it stayed in the line, its turn came when the first run ended, before the first's results.
    expect(waiting).to_contain_text("Taken out of the line")
    assert "Training" not in waiting.inner_text()
    first.close()
    second.close()


def y_axis_range(page, plot: str) -> tuple[float, float]:
    """The y axis's domain, as the chart's SVG describes it to screen readers."""
    label = page.locator(f"#{plot} [aria-label^='Y-axis']").first.get_attribute("aria-label")
    low, high = re.search(r"from ([\d.]+) to ([\d.]+)", label).groups()
    return float(low), float(high)


def test_the_accuracy_curve_zooms_in_after_the_first_epoch(browser, app_url):
    from playwright.sync_api import expect

    page = train_page(browser, app_url, epochs=3, images=3000)
    page.locator("#train-start").click()
    expect(page.locator("#train-status")).to_contain_text("Done", timeout=180_000)
    page.wait_for_function(  # the chart redrawn with the final points
        "() => [...document.querySelectorAll('#train-accuracy [aria-label^=\"Y-axis\"]')]"
        ".some(a => !/from 0(\\.0)? to/.test(a.getAttribute('aria-label')))",
        timeout=30_000,
    )
    low, high = y_axis_range(page, "train-accuracy")
    assert 0.3 < low < high <= 1.0  # not the 0-1 axis on which training and validation overlap
    page.close()
