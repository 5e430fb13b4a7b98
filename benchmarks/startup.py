"""Seconds to `import app`, and from `python app.py` to the first answered request; peak memory.

Baseline in the same run: the time Python takes just to import TensorFlow and Gradio.
`import app` must stay within 1.1x of it: importing the app builds no network and loads no model.
Run: python benchmarks/startup.py [--repeats 3]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import paths  # noqa: F401  (project path and local data, before any digits import)
from paths import ROOT

from tests.conftest import free_port


def peak_rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def seconds(code: str) -> float:
    """Wall time of a fresh `python -c code` in the project folder."""
    t = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True, capture_output=True)
    return time.perf_counter() - t


def import_times(repeats: int) -> tuple[float, float]:
    """Median seconds to import tensorflow+gradio alone, and to import the app; taken in turns."""
    baseline, app = [], []
    for _ in range(repeats):  # alternating, so a busy moment weighs on both alike
        baseline.append(seconds("import tensorflow, gradio"))
        app.append(seconds("import app"))
    return statistics.median(baseline), statistics.median(app)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3, help="imports timed of each kind")
    args = parser.parse_args()
    imports, app_import = import_times(args.repeats)
    print(f"import: median of {args.repeats} fresh interpreters")
    print(f"  import tensorflow, gradio (baseline)  {imports:6.1f} s")
    ratio = app_import / imports
    print(
        f"  import app                             {app_import:6.1f} s  (ratio {ratio:.2f}, target <= 1.10)"
    )

    import cv2
    from gradio_client import Client, handle_file

    from digits.train.data import load_mnist
    from digits.train.sketch import Style, mnist_canvas

    digit = load_mnist().x_test[0, ..., 0]
    png = Path(tempfile.mkdtemp()) / "seven.png"
    cv2.imwrite(str(png), cv2.cvtColor(mnist_canvas(digit, Style(side=560)), cv2.COLOR_RGBA2BGRA))

    port = free_port()
    env = dict(os.environ, GRADIO_SERVER_PORT=str(port), TF_CPP_MIN_LOG_LEVEL="3")
    start = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "app.py"], cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        while True:
            try:
                client = Client(f"http://127.0.0.1:{port}/", verbose=False)
                break
            except Exception:
                if proc.poll() is not None or time.perf_counter() - start > 180:
                    raise SystemExit("the app did not start") from None
                time.sleep(0.2)
        served = time.perf_counter() - start
        answer = client.predict(handle_file(str(png)), api_name="/recognize")
        first = time.perf_counter() - start
        peak = peak_rss_mib(proc.pid)
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    print("startup: python app.py on this machine")
    print(f"  page served after          {served:6.1f} s")
    print(f"  first drawing read after   {first:6.1f} s  (answer: {answer['digit']})")
    print(f"  peak memory of the server  {peak:6.0f} MiB")
    print(f"  baseline, import tensorflow+gradio alone: {imports:.1f} s  (ratio {first / imports:.2f})")


if __name__ == "__main__":
    main()
