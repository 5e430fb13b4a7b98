"""Pencil lifted to answer changed, in Debian's Chromium: the stroke pad beside the old Sketchpad.

The mouse draws real pen digits of held-out writers (their own trajectories) on the Draw tab of
the app, then on a minimal gr.Sketchpad app that reads the same way (the path the pad replaced),
each served by its own Python process. For each digit: the time from the last pointer-up to the last
change of the answer after it (once nothing changed for 1.5 s), and the files added to Gradio's
cache. A digit whose answer does not change within two minutes counts as never answered.
Run: python benchmarks/browser_latency.py [--digits 20]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile

os.environ["GRADIO_TEMP_DIR"] = CACHE = tempfile.mkdtemp(prefix="gradio-cache-")  # before gradio loads

import numpy as np
import paths  # noqa: F401  (project path and local data, before any digits import)
from paths import PEN
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from benchmarks.startup import free_port

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]

# The page JS the old Sketchpad needed: pick the brush whenever no tool is chosen.
OLD_JS = """
() => {
  const arm = () => document.querySelectorAll('.digits-pad').forEach((pad) => {
    const brush = pad.querySelector('button[aria-label="Brush"]');
    const erase = pad.querySelector('button[aria-label="Erase"]');
    const chosen = [brush, erase].some((b) => b && b.classList.contains('highlight'));
    if (brush && !chosen) brush.click();
  });
  new MutationObserver(arm).observe(document.body, { childList: true, subtree: true });
  arm();
}
"""

# In the page: when the pencil last lifted, and when the answer last changed.
WATCH = """(sel) => {
  window.__up = 0; window.__changed = 0;
  window.addEventListener('pointerup', () => { window.__up = performance.now(); }, true);
  new MutationObserver(() => { window.__changed = performance.now(); })
    .observe(document.querySelector(sel), { subtree: true, childList: true, characterData: true,
      attributes: true });
}"""
SETTLED = """() => window.__up > 0 && window.__changed > window.__up
  && performance.now() - window.__changed > 1500"""


def old_app():
    """The old path: a gr.Sketchpad sending its images, read with the same recognizer."""
    import itertools

    import gradio as gr

    from digits.read.recognizer import default_recognizer

    calls = itertools.count()

    def read(value):
        reading = default_recognizer().read_number(value)
        return (
            f"<div class='answer' data-n='{next(calls)}'><div class='big'>{reading.number or '…'}</div></div>"
        )

    with gr.Blocks() as demo:
        pad = gr.Sketchpad(
            type="numpy",
            image_mode="RGBA",
            canvas_size=(560, 560),
            height=640,
            elem_id="old-pad",
            elem_classes=["digits-pad"],
            brush=gr.Brush(default_size=20, colors=["#000000"], color_mode="fixed"),
            layers=False,
            transforms=(),
        )
        answer = gr.HTML("<div class='answer'><div class='big'>…</div></div>", elem_id="old-answer")
        pad.change(read, pad, answer, trigger_mode="always_last", show_progress="hidden")
    return demo


def cache_files() -> int:
    return sum(len(files) for _, _, files in os.walk(CACHE))


def trajectory(strokes_mm: list, box: dict, height: float = 0.6, most: int = 16) -> list:
    """A pen digit's strokes in page pixels, centred on the canvas, `height` of its smaller side.

    At most `most` points per stroke (evenly picked): the old Sketchpad redraws its whole canvas
    on each mouse move, which crawls in a GPU-less headless browser. Both pads get the same points.
    """
    from digits.read.strokes import pen_value

    side = min(box["width"], box["height"])
    value = pen_value(strokes_mm, side=int(side), height=height)
    dx, dy = box["x"] + (box["width"] - side) / 2, box["y"] + (box["height"] - side) / 2
    picked = [[s[int(i)] for i in np.linspace(0, len(s) - 1, min(len(s), most))] for s in value["strokes"]]
    return [[(x + dx, y + dy) for x, y, _ in s] for s in picked]


def run(page, url: str, canvas: str, answer: str, clear, digits: list) -> tuple[list, list]:
    """Draw each digit; (latencies in ms, cache files added) per digit."""
    page.goto(url)
    page.wait_for_selector(canvas, timeout=60_000)
    page.evaluate(WATCH, answer)
    latencies, files = [], []
    for strokes in digits:
        clear(page)
        page.evaluate("() => { window.__up = 0; }")
        before = cache_files()
        box = page.locator(canvas).last.bounding_box()
        for stroke in trajectory(strokes, box):
            page.mouse.move(*stroke[0])
            page.mouse.down()
            for x, y in stroke[1:]:
                page.mouse.move(x, y)
            page.mouse.up()
        try:
            page.wait_for_function(SETTLED, timeout=120_000)
            up, changed = page.evaluate("() => [window.__up, window.__changed]")
            latencies.append(changed - up)
        except PlaywrightTimeout:
            latencies.append(float("nan"))  # no answer in two minutes
        files.append(cache_files() - before)
        print(
            f"  {url} digit {len(files)}: {latencies[-1]:.0f} ms, {files[-1]} files",
            file=sys.stderr,
            flush=True,
        )
    return latencies, files


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--digits", type=int, default=20)
    ap.add_argument("--old-digits", type=int, default=20, help="digits drawn on the old Sketchpad app")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument(
        "--fresh", action="store_true", help="no read before the page opens: the first digit after a start"
    )
    ap.add_argument("--serve-old", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.serve_old:  # the old app's own server process (GRADIO_SERVER_PORT set by the parent)
        from digits.read.recognizer import default_recognizer

        default_recognizer()  # loaded before any drawing, as in a warmed-up server
        old_app().queue().launch(quiet=True, js=OLD_JS, run_history=False)  # as the app: no browser history
        return

    from class_load import call, serve
    from playwright.sync_api import sync_playwright

    from digits.train.data import load_pen_digits, writer_split

    pen = load_pen_digits(PEN)
    held = np.flatnonzero(writer_split(pen.writers))
    picks = np.random.default_rng(args.seed).choice(held, args.digits, replace=False)
    digits = [pen.strokes[i] for i in picks]
    ports = free_port(), free_port()
    servers = [serve([sys.executable, "app.py"], ports[0])]
    if args.old_digits:
        servers.append(serve([sys.executable, __file__, "--serve-old"], ports[1]))
    if not args.fresh:
        empty = '{"data": [{"width": 100, "height": 100, "strokes": [[[10, 10], [90, 90]]]}]}'
        call(f"http://127.0.0.1:{ports[0]}/", "read_strokes", empty)  # a read before the page opens

    def clear_pad(page):
        page.locator("#draw-clear").click()
        page.wait_for_function("() => document.querySelector('#draw-answer .answer')?.dataset.points === '0'")

    def clear_old(page):
        page.locator('#old-pad button[aria-label="Clear canvas"]').click()
        page.wait_for_function("() => true")  # the old pad gives no signal when it is cleared

    results = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 1000})
        results["stroke pad (Draw tab)"] = run(
            page, f"http://127.0.0.1:{ports[0]}/", "#draw-pad canvas", "#draw-answer", clear_pad, digits
        )
        page = browser.new_page(viewport={"width": 1280, "height": 1000})
        results["old gr.Sketchpad app"] = (
            run(
                page,
                f"http://127.0.0.1:{ports[1]}/",
                "#old-pad canvas",
                "#old-answer",
                clear_old,
                digits[: args.old_digits],
            )
            if args.old_digits
            else ([], [])
        )
        browser.close()
    for server in servers:
        server.terminate()
        server.wait(timeout=30)

    print(f"browser latency: {len(digits)} pen digits of held-out writers, mouse in Chromium")
    print("  pointer-up to answer changed (ms)      digits  median    max    cache files per digit")
    for name, (lat, files) in results.items():
        if not lat:
            continue
        done = [x for x in lat if x == x] or [float("nan")]
        print(
            f"  {name:38s} {len(lat):6d} {statistics.median(done):7.0f} {max(done):6.0f}"
            f"    {np.mean(files):.1f}   ({len(lat) - len([x for x in lat if x == x])} never answered)"
        )
        first = lat[0] / statistics.median(done)
        after = " after a fresh start" if args.fresh else ""
        print(f"    first digit{after}: {lat[0]:.0f} ms = {first:.2f}x the median")


if __name__ == "__main__":
    main()
