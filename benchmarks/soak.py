"""A day on a shared Space in a few minutes: visitors arrive, draw, train a tiny run, use it and leave.

The app runs as `python app.py` in shared mode (DIGITS_SHARED=1) in its own process; each visitor
is a gradio_client Client (its own session, with the browser's heartbeat) in a thread here. Each
draws `--digits` pen digits through read_strokes, trains a tiny run (1 epoch, 1,000 images) through
train_start, uses it (train_use, then three more drawings) and closes the page. Reported: errors,
the server's RSS over time (psutil) against its level after one warm-up visitor, and the files in
Gradio's cache folder.
Run: python benchmarks/soak.py [--visitors 200] [--seconds 240] [--digits 20]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import numpy as np
import paths  # noqa: F401  (project path and local data, before any digits import)

from benchmarks.class_load import pad_values, serve
from benchmarks.startup import free_port

TINY = (
    "report",
    "adam",
    0.001,
    1,
    128,
    1000,
    False,
)  # network, optimizer, rate, epochs, batch, images, augment


def launch(port: int, temp: Path, run_seconds: int) -> subprocess.Popen:
    """The app in shared mode, its Gradio cache in `temp` (counted), a fresh cache of our own."""
    return serve(
        [sys.executable, "app.py"],
        port,
        DIGITS_SHARED="1",
        DIGITS_RUN_SECONDS=str(run_seconds),
        DIGITS_CACHE=tempfile.mkdtemp(prefix="soak-cache-"),
        GRADIO_TEMP_DIR=str(temp),
    )


def visit(url: str, pads: list[dict], rng: np.random.Generator, digits: int, pause: float) -> None:
    """One visitor, start to end; raises on any error the app answers with."""
    from gradio_client import Client

    client = Client(url, verbose=False)
    try:
        for _ in range(digits):
            time.sleep(rng.uniform(0, pause))
            answer = client.predict(pads[int(rng.integers(len(pads)))], api_name="/read_strokes")
            if "digit" not in answer and "error" in answer:
                raise RuntimeError(answer["error"])
        status = client.predict(*TINY, api_name="/train_start")[0]
        if "Test accuracy" not in str(status):
            raise RuntimeError(f"training ended with: {status}")
        used = client.predict(api_name="/train_use")
        used = used if isinstance(used, str) else used[-1]  # the State output is not part of the API
        if "now reads" not in used:
            raise RuntimeError(used)
        for _ in range(3):
            client.predict(pads[int(rng.integers(len(pads)))], api_name="/read_strokes")
    finally:
        client.close()  # the page is closed: the app frees this visitor's state


def files(folder: Path) -> int:
    return sum(1 for f in folder.rglob("*") if f.is_file())


def main() -> None:
    import psutil

    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--visitors", type=int, default=200)
    ap.add_argument("--seconds", type=float, default=240.0, help="visitors arrive over this long")
    ap.add_argument("--digits", type=int, default=20)
    ap.add_argument("--pause", type=float, default=0.5, help="longest pause between two drawings (s)")
    ap.add_argument("--run-seconds", type=int, default=60, help="DIGITS_RUN_SECONDS for the app")
    args = ap.parse_args()
    pads = [json.loads(body)["data"][0] for body in pad_values(100)]
    temp = Path(tempfile.mkdtemp(prefix="soak-gradio-"))
    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    proc = launch(port, temp, args.run_seconds)
    server = psutil.Process(proc.pid)
    curve, errors, most_files = [], [], [0]
    t0 = time.time()
    try:
        visit(url, pads, np.random.default_rng(10_000), args.digits, args.pause)  # warm-up visitor
        warm = server.memory_info().rss / 2**20
        done = threading.Event()

        def sample():
            while not done.is_set():
                curve.append((time.time() - t0, server.memory_info().rss / 2**20))
                # also on stderr as it goes: a run cut short still leaves its curve
                print(f"  {curve[-1][0]:.0f} s: {curve[-1][1]:.0f} MB", file=sys.stderr, flush=True)
                most_files[0] = max(most_files[0], files(temp))
                done.wait(5)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()

        def visitor(k: int) -> None:
            try:
                visit(url, pads, np.random.default_rng(k), args.digits, args.pause)
            except Exception as exc:
                errors.append(f"visitor {k}: {exc.__class__.__name__}: {exc}"[:300])

        threads = []
        for k in range(args.visitors):
            start = t0 + (k + 1) * args.seconds / args.visitors  # arrivals spread over --seconds
            time.sleep(max(start - time.time(), 0))
            threads.append(threading.Thread(target=visitor, args=(k,), daemon=True))
            threads[-1].start()
        for t in threads:
            t.join()
        time.sleep(3)  # the last pages' unload handlers run in the background
        end = server.memory_info().rss / 2**20
        done.set()
        sampler.join()
        curve.append((time.time() - t0, end))
        left = files(temp)
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    print(
        f"soak: {args.visitors} visitors arriving over {args.seconds:.0f} s, {args.digits} digits each, "
        f"one tiny training each (1 epoch, 1,000 images), shared mode; took {time.time() - t0:.0f} s; "
        f"load average {os.getloadavg()[0]:.1f}"
    )
    print(f"  errors: {len(errors)}")
    for e in errors[:5]:
        print(f"    {e}")
    print(
        f"  server RSS: {warm:.0f} MB after warm-up, {end:.0f} MB at the end ({end - warm:+.0f} MB), "
        f"peak {max(r for _, r in curve):.0f} MB"
    )
    print(f"  files in Gradio's cache: at most {most_files[0]}, {left} at the end")
    print("  RSS over time (s: MB): " + ", ".join(f"{t:.0f}: {r:.0f}" for t, r in curve))


if __name__ == "__main__":
    main()
