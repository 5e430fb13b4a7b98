"""The Train tab in a real browser: Stop leaves the line; the curves hold every point (issues #18, #30)."""

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


def test_the_curves_axes_hold_every_point_from_the_first(browser, app_url):
    """Issue #30, item 6: the loss falling from about 2.3 and the accuracy rising from about 10% show."""
    from playwright.sync_api import expect

    page = train_page(browser, app_url, epochs=3, images=3000)
    page.locator("#train-start").click()
    expect(page.locator("#train-status")).to_contain_text("Done", timeout=180_000)
    page.wait_for_function(  # the accuracy chart redrawn with the run's last points (above 60%)
        "() => [...document.querySelectorAll('#train-accuracy [aria-label^=\"Y-axis\"]')]"
        ".some(a => parseFloat(a.getAttribute('aria-label').split(' to ').pop()) > 0.6)",
        timeout=30_000,
    )
    low, high = y_axis_range(page, "train-loss")
    assert low < 0.5 and high >= 2.0, (low, high)  # the untrained start (~2.3) and the end are both in
    low, high = y_axis_range(page, "train-accuracy")
    assert low <= 0.2 and 0.6 < high <= 1.0, (low, high)  # chance level (~10%) and the end
    page.close()
