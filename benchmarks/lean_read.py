"""The lean reading path against the in-process read, all in one run (issue 31's acceptance).

In this process: `Recognizer.read_both_strokes` on held-out writers' pen digits (CPU per read) and
the `recognize` image read (wall). Then `python app.py` in its own process, read through POST
/digits/read and /digits/recognize: the server's CPU per read (psutil), the answers beside the
in-process ones, the image route's median, and a class (40 children) and a school (200) each
sending one drawing every 0.3-1.5 s from threads of another process, without sessions (as a REST
API user calls it). Ratios are from this one run.
Run: python benchmarks/lean_read.py [--seconds 30] [--reads 200]
"""

from __future__ import annotations

import argparse
import http.client
import json
import multiprocessing as mp
import os
import statistics
import sys
import tempfile
import threading
import time
import urllib.parse

import numpy as np
import paths  # noqa: F401  (project path and local data, before any digits import)
from class_load import serve

from benchmarks.startup import free_port


def pad_values(n: int, seed: int = 0) -> list[dict]:
    """Held-out writers' pen digits as pad values, on pads of several sizes (as class_load sends)."""
    from class_load import pad_values as bodies

    return [json.loads(b)["data"][0] for b in bodies(n, seed)]


class Connection:
    """One kept-alive HTTP connection, as a page's browser or an API user's client keeps one."""

    def __init__(self, url: str):
        self.where = urllib.parse.urlsplit(url)
        self.conn = None

    def post(self, path: str, data: bytes, content_type: str = "application/json") -> tuple[int, dict]:
        for attempt in (0, 1):  # a connection the server closed is opened again once
            if self.conn is None:
                self.conn = http.client.HTTPConnection(self.where.hostname, self.where.port, timeout=60)
            try:
                self.conn.request("POST", path, data, {"Content-Type": content_type})
                r = self.conn.getresponse()
                return r.status, json.loads(r.read() or b"{}")
            except (http.client.HTTPException, OSError):
                self.conn.close()
                self.conn = None
                if attempt:
                    raise
        raise AssertionError("unreachable")


def child(url: str, bodies: list[bytes], seed: int, until: float, out: list, errors: list) -> None:
    rng = np.random.default_rng(seed)
    page = Connection(url)
    while time.time() < until:
        time.sleep(rng.uniform(0.3, 1.5))  # a child drawing the next digit
        t = time.perf_counter()
        try:
            status, body = page.post("/digits/read", bodies[int(rng.integers(len(bodies)))])
            if status != 200:
                raise RuntimeError(f"{status}: {body.get('error')}")
            out.append(time.perf_counter() - t)
        except Exception as exc:
            errors.append(f"{exc.__class__.__name__}: {exc}"[:200])


def clients(url: str, bodies: list[bytes], children: int, seconds: float, results) -> None:
    """The class, in its own process: one thread per child."""
    out, errors = [], []
    until = time.time() + seconds
    threads = [
        threading.Thread(target=child, args=(url, bodies, k, until, out, errors)) for k in range(children)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    results.put((out, errors))


def cpu(proc) -> float:
    return sum(proc.cpu_times()[:2])


def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))] * 1000 if values else float("nan")


def in_process(values: list[dict], png: bytes, one_thread: bool) -> dict:
    """The in-process reads this run compares against (with TensorFlow on one thread, as a Space's server)."""
    from digits.read.preprocess import read_image_file
    from digits.read.recognizer import Recognizer

    if one_thread:
        import tensorflow as tf

        tf.config.threading.set_intra_op_parallelism_threads(1)
    rec = Recognizer.load()
    for v in values[:5]:
        rec.read_both_strokes(v)  # traced and warm, as the server is after its start
    t, c = time.perf_counter(), time.process_time()
    answers = [rec.read_both_strokes(v) for v in values]
    wall, used = time.perf_counter() - t, time.process_time() - c
    with tempfile.NamedTemporaryFile(suffix=".png") as f:
        f.write(png)
        f.flush()
        times = []
        for _ in range(30):
            t = time.perf_counter()
            rec.read_both(read_image_file(f.name))
            times.append(time.perf_counter() - t)
    return {
        "answers": [number.to_dict(whole) for whole, number in answers],
        "cpu": used / len(values) * 1000,
        "wall": wall / len(values) * 1000,
        "image": statistics.median(times) * 1000,
    }


def sample_png(value: dict) -> bytes:
    import cv2

    from digits.read.strokes import mask

    return cv2.imencode(".png", 255 - (mask(value) * 255).astype(np.uint8))[1].tobytes()


def class_run(url: str, bodies: list[bytes], children: int, seconds: float, server) -> dict:
    before = cpu(server)
    results = mp.get_context("spawn").Queue()
    worker = mp.get_context("spawn").Process(target=clients, args=(url, bodies, children, seconds, results))
    worker.start()
    out, errors = results.get()
    worker.join()
    used = cpu(server) - before
    return {
        "answers": len(out),
        "errors": errors,
        "median": pct(out, 0.5),
        "p95": pct(out, 0.95),
        "cpu_per_read": used / max(len(out), 1) * 1000,
    }


def main() -> None:
    import psutil

    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--seconds", type=float, default=30.0)
    ap.add_argument("--reads", type=int, default=200)
    ap.add_argument(
        "--shared",
        action="store_true",
        help="the app as on a Space (DIGITS_SHARED=1: TensorFlow on one thread)",
    )
    args = ap.parse_args()
    values = pad_values(args.reads)
    png = sample_png(values[0])
    local = in_process(values, png, args.shared)
    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    shared = {"DIGITS_SHARED": "1", "DIGITS_RUN_SECONDS": "3600"} if args.shared else {}
    proc = serve([sys.executable, "app.py"], port, **shared)
    try:
        server = psutil.Process(proc.pid)
        bodies = [json.dumps({"strokes": v}).encode() for v in values]
        api = Connection(url)
        for body in bodies[:5]:  # the server warmed its model at start: these only settle it
            api.post("/digits/read", body)
        before = cpu(server)
        time.sleep(2)
        idle = (cpu(server) - before) / 2  # the server's own CPU per second, reading nothing
        before = cpu(server)
        t = time.perf_counter()
        lean = [api.post("/digits/read", body) for body in bodies]  # one at a time, as one child
        took = time.perf_counter() - t
        lean_cpu = (cpu(server) - before) / len(bodies) * 1000
        net_cpu = lean_cpu - idle * took / len(bodies) * 1000
        same = sum(
            status == 200 and body == mine
            for (status, body), mine in zip(lean, local["answers"], strict=True)
        )
        times = []
        for _ in range(30):
            t = time.perf_counter()
            api.post("/digits/recognize", png, "image/png")
            times.append(time.perf_counter() - t)
        image = statistics.median(times) * 1000
        load_before = os.getloadavg()[0]
        runs = {n: class_run(url, bodies, n, args.seconds, server) for n in (40, 200)}
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    mode = " (shared mode, as on a Space)" if args.shared else ""
    print(
        f"lean read, one run{mode}; load average {load_before:.1f} before the classes, "
        f"{os.getloadavg()[0]:.1f} after"
    )
    print(
        f"  in process: read_both_strokes {local['wall']:.1f} ms wall, {local['cpu']:.1f} ms CPU per read; "
        f"recognize (image file) median {local['image']:.1f} ms"
    )
    print(
        f"  lean route, one child: server CPU {lean_cpu:.1f} ms per read "
        f"= {lean_cpu / local['cpu']:.2f}x in-process ({net_cpu:.1f} ms = {net_cpu / local['cpu']:.2f}x "
        f"without the {idle * 1000:.0f} ms per second the idle server spends)"
    )
    print(f"  same answers as in process: {same} of {len(bodies)} held-out drawings")
    print(f"  /digits/recognize median {image:.1f} ms = {image / local['image']:.2f}x in-process")
    for n, r in runs.items():
        print(
            f"  {n} children, no sessions: {r['answers']} answers, {len(r['errors'])} errors, median "
            f"{r['median']:.0f} ms, p95 {r['p95']:.0f} ms, server CPU {r['cpu_per_read']:.1f} ms per read"
        )
        for e in r["errors"][:3]:
            print(f"    error: {e}")


if __name__ == "__main__":
    main()
