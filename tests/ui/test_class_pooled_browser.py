"""Issue #28's acceptance: two children's tablets collect drawings; the teacher's class panel on the Train
tab shows both children's drawings, fine-tunes on them, offers the network; a tablet then reads with it."""

from __future__ import annotations

import re

import pytest

from tests.ui.test_class_browser import open_page, seat_of, target, trace
from tests.ui.test_handwriting_browser import QUICK

pytestmark = pytest.mark.browser
CHECKS = 4  # each child's collected drawings: one is kept aside, the never-taught child's all are


def test_two_tablets_collect_the_teacher_fine_tunes_on_both_and_a_tablet_reads_with_it(
    browser, app_url, monkeypatch, shots
):
    from playwright.sync_api import expect

    from digits.ui import handwriting_finetune

    monkeypatch.setattr(handwriting_finetune, "FINETUNE", QUICK)  # the app runs in this process: short
    teacher = open_page(browser, app_url, "desktop", "Class")
    teacher.locator("#class-mode").get_by_label(re.compile("Trace")).check()
    teacher.locator("#class-collect").get_by_role("checkbox").check()
    teacher.locator("#class-start").click()
    expect(teacher.locator("#class-code")).to_contain_text(
        re.compile(r"[A-Z0-9]{3}-[A-Z0-9]{3}"), timeout=30_000
    )
    code = teacher.locator("#class-code .big-code").inner_text().strip()

    kids = [open_page(browser, f"{app_url}?class={code}", "desktop", "Practice") for _ in range(2)]
    for page in kids:
        expect(page.locator("#class-join-code input")).to_have_value(code, timeout=30_000)
        page.locator("#class-join").click()
        seat_of(page)
        expect(page.locator("#practice-feedback")).to_contain_text("Write over", timeout=15_000)  # trace
    for page in kids:
        for n in range(1, CHECKS + 1):
            score = page.locator("#practice-score")
            expect(score).to_contain_text(f"{n} of", timeout=15_000)
            trace(page, "desktop", target(page))
            page.locator("#practice-check").click()
            expect(page.locator("#practice-feedback")).not_to_contain_text("Write over", timeout=30_000)
            page.locator("#practice-next").click()

    # The teacher's Train tab: the whole class's set, both children, then a fine-tune on it.
    teacher.get_by_role("tab", name=re.compile("Train")).click()
    teacher.get_by_text("The whole class's drawings").click()
    teacher.locator("#class-pooled-load").click()
    pooled = teacher.locator("#class-pooled-set")
    expect(pooled).to_have_attribute("data-children", "2", timeout=30_000)
    expect(pooled).to_have_attribute("data-drawings", str(2 * CHECKS))
    expect(pooled.locator("img.last")).to_have_count(2 * CHECKS)
    expect(pooled).to_contain_text("never taught")
    teacher.locator("#class-finetune").click()
    expect(teacher.locator("#class-status")).to_contain_text("After:", timeout=300_000)
    teacher.screenshot(path=str(shots / "screenshot-class-pooled.png"), full_page=False)
    teacher.locator("#class-offer").click()
    expect(teacher.locator("#class-pooled-view")).to_contain_text("Offered", timeout=30_000)

    # A tablet sees the offer within a few seconds, opts in, reads with it; and goes back.
    child = kids[0]
    offer = child.locator("#class-network")
    expect(offer).to_be_visible(timeout=15_000)
    offer.get_by_role("checkbox").check()
    expect(child.locator("#class-status")).to_contain_text("reads with our class's network", timeout=60_000)
    child.get_by_role("tab", name=re.compile("Draw")).click()
    from tests.ui.test_browser import draw

    draw(child, "#draw-pad", 7)
    expect(child.locator("#draw-model")).to_contain_text("class's network", timeout=60_000)
    child.get_by_role("tab", name=re.compile("Practice")).click()
    offer.get_by_role("checkbox").uncheck()
    expect(child.locator("#class-status")).to_contain_text("Back to the shipped network", timeout=30_000)
