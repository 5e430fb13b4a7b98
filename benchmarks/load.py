"""Many children drawing at once: concurrent gradio_client sessions against the launched app.

Each session sends a stream of canvases to /recognize on loopback (bounded in count and time),
first with the app idle, then while a training run goes on the Train tab.
Run: python benchmarks/load.py [--sessions 50] [--requests 20] [--no-training]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import paths  # noqa: F401  (project path and local data, before any digits import)
from paths import ROOT

from tests.conftest import free_port

TIME_LIMIT = 300  # seconds per phase, whatever happens


def make_canvases(n: int) -> list[Path]:
    import cv2
    import numpy as np

    from digits.train.data import load_mnist
    from digits.train.sketch import mnist_canvas, random_style

    data = load_mnist()
    rng = np.random.default_rng(0)
    folder = Path(tempfile.mkdtemp())
    files = []
    for i in range(n):
        canvas = mnist_canvas(data.x_test[i, ..., 0], random_style(rng, side=560))
        path = folder / f"c{i}.png"
        cv2.imwrite(str(path), cv2.cvtColor(canvas, cv2.COLOR_RGBA2BGRA))
        files.append(path)
    return files


def session(url: str, canvases: list[Path], n: int, latencies: list, errors: list, deadline: float) -> None:
    from gradio_client import Client, handle_file

    try:
        client = Client(url, verbose=False)
    except Exception as exc:
        errors.append(f"connect: {exc}")
        return
    for i in range(n):
        if time.time() > deadline:
            errors.append("phase time limit")
            return
        t = time.perf_counter()
        try:
            result = client.predict(handle_file(str(canvases[i % len(canvases)])), api_name="/recognize")
            assert "digit" in result
            latencies.append(time.perf_counter() - t)
        except Exception as exc:
            errors.append(f"{exc.__class__.__name__}: {exc}"[:200])


def phase(url: str, canvases, sessions: int, requests: int) -> dict:
    latencies, errors = [], []
    deadline = time.time() + TIME_LIMIT
    threads = [
        threading.Thread(target=session, args=(url, canvases, requests, latencies, errors, deadline))
        for _ in range(sessions)
    ]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    seconds = time.perf_counter() - start
    lat = sorted(latencies) or [float("nan")]
    return {
        "answers": len(latencies),
        "errors": len(errors),
        "seconds": seconds,
        "throughput": len(latencies) / seconds,
        "median": statistics.median(lat),
        "p95": lat[min(len(lat) - 1, int(0.95 * len(lat)))],
        "first_errors": errors[:3],
    }


def start_training(url: str):
    """A teacher presses Train (the report's CNN, all 60,000 images, 15 epochs) in another session."""
    from gradio_client import Client

    return Client(url, verbose=False).submit(images=60000, epochs=15, api_name="/train_start")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--sessions", type=int, default=50)
    ap.add_argument("--requests", type=int, default=20, help="canvases per session")
    ap.add_argument("--no-training", action="store_true")
    args = ap.parse_args()
    canvases = make_canvases(100)
    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    env = dict(os.environ, GRADIO_SERVER_PORT=str(port), TF_CPP_MIN_LOG_LEVEL="3")
    proc = subprocess.Popen(
        [sys.executable, "app.py"], cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        from gradio_client import Client

        for _ in range(180):
            try:
                Client(url, verbose=False)
                break
            except Exception:
                time.sleep(1)
        phase(url, canvases, 2, 3)  # warm-up: the model loads on the first request
        results = {"idle": phase(url, canvases, args.sessions, args.requests)}
        if not args.no_training:
            job = start_training(url)
            time.sleep(3)
            results["while training"] = phase(url, canvases, args.sessions, args.requests)
            status = job.status()
            running = not job.done()
            print(f"training still running at the end of the phase: {running} ({status.code.name})")
            job.cancel()
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    print(
        f"load: {args.sessions} concurrent sessions x {args.requests} canvases each, /recognize on loopback"
    )
    for name, r in results.items():
        print(
            f"  {name:<15} {r['answers']} answers, {r['errors']} errors, {r['throughput']:.1f} answers/s, "
            f"median {r['median'] * 1000:.0f} ms, p95 {r['p95'] * 1000:.0f} ms"
        )
        for e in r["first_errors"]:
            print(f"    error: {e}")


if __name__ == "__main__":
    main()
