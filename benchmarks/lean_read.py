"""The lean reading path against the in-process read, all in one run (issue 31's acceptance).

In this process: `Recognizer.read_both_strokes` on held-out writers' pen digits (CPU per read) and
the `recognize` image read (wall). Then `python app.py` in its own process, read through POST
/digits/read and /digits/recognize: the server's CPU per read (psutil), the answers beside the
in-process ones, the image route's median, and a class (40 children) and a school (200) each
sending one drawing every 0.3-1.5 s from one asyncio loop in another process (school_load.py, its
CPU reported apart), without sessions; then the same 200 through Gradio's REST API (as an API user
calls it with curl). Each class's load average is printed beside it (the machine
is shared). The server's CPU includes its child processes' (in shared mode, the processes that
prepare reads: serve/preparers.py). Ratios are from this one run.
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
import time
import urllib.parse

import numpy as np
import paths  # noqa: F401  (project path and local data, before any digits import)
from class_load import serve
from school_load import LEAN, REST, clients

from benchmarks.startup import free_port
from digits.read.preprocess import read_image_file


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


def cpu(proc) -> float:
    """The server's CPU seconds, with its child processes' (shared mode's read preparers, a spare worker)."""
    total = sum(proc.cpu_times()[:2])
    for child in proc.children(recursive=True):
        try:
            total += sum(child.cpu_times()[:2])
        except Exception:  # psutil.NoSuchProcess: it ended between the listing and the reading
            pass
    return total


def settle(server, seconds: float = 90.0) -> None:
    """Wait (at most `seconds`) until the server and its child processes use under 5% of a core."""
    deadline = time.time() + seconds
    while time.time() < deadline:
        before = cpu(server)
        time.sleep(1.0)
        if cpu(server) - before < 0.05:
            return


def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))] * 1000 if values else float("nan")


def in_process(values: list[dict], one_thread: bool) -> dict:
    """The in-process reads this run compares against (with TensorFlow on one thread, as a Space's server)."""
    from digits.read.recognizer import Recognizer

    if one_thread:
        import tensorflow as tf

        tf.config.threading.set_intra_op_parallelism_threads(1)
    rec = Recognizer.load()
    for v in values[:5]:
        rec.read_both_strokes(v)  # traced and warm, as the server is after its start
    t = time.perf_counter()
    answers = [rec.read_both_strokes(v) for v in values]
    wall = time.perf_counter() - t
    return {
        "rec": rec,
        "answers": [number.to_dict(whole) for whole, number in answers],
        "wall": wall / len(values) * 1000,
    }


def sample_png(value: dict) -> bytes:
    import cv2

    from digits.read.strokes import mask

    return cv2.imencode(".png", 255 - (mask(value) * 255).astype(np.uint8))[1].tobytes()


def class_run(url: str, values: list[dict], children: int, seconds: float, server, mode: str = LEAN) -> dict:
    """One class (or school) of `children` from another process: latencies, errors and both CPUs."""
    load = os.getloadavg()[0]
    before, began = cpu(server), time.perf_counter()
    results = mp.get_context("spawn").Queue()
    args = (url, mode, values, children, seconds, results)
    worker = mp.get_context("spawn").Process(target=clients, args=args)
    worker.start()
    got = results.get()
    worker.join()
    used, took = cpu(server) - before, time.perf_counter() - began
    out = got["times"]
    return {
        "answers": len(out),
        "errors": got["errors"],
        "median": pct(out, 0.5),
        "p95": pct(out, 0.95),
        "cpu_per_read": used / max(len(out), 1) * 1000,
        "client_cpu": got["client_cpu"] / max(len(out), 1) * 1000,
        "load": (load, os.getloadavg()[0]),
        "cores": used / took,  # of the machine's, the share the server got (others' work takes the rest)
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
    local = in_process(values, args.shared)
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
        settle(server)  # in shared mode a spare training worker imports TensorFlow after the start
        before = cpu(server)
        time.sleep(2)
        idle = (cpu(server) - before) / 2  # the server's own CPU per second, reading nothing
        # In process and through the route taken in turns, 5 rounds of each: a machine whose speed drifts
        # (these differ 3x, and shared ones drift within minutes) weighs on both alike.
        rec, rounds = local["rec"], 5
        lean, mine_cpu, route_cpu, took = [], 0.0, 0.0, 0.0
        for k in range(rounds):
            part = slice(k * len(values) // rounds, (k + 1) * len(values) // rounds)
            c = time.process_time()
            for v in values[part]:
                rec.read_both_strokes(v)
            mine_cpu += time.process_time() - c
            before, t = cpu(server), time.perf_counter()
            lean += [api.post("/digits/read", body) for body in bodies[part]]  # one at a time, one child
            took += time.perf_counter() - t
            route_cpu += cpu(server) - before
        local["cpu"] = mine_cpu / len(values) * 1000  # the in-process figure of these same minutes
        lean_cpu = route_cpu / len(bodies) * 1000
        net_cpu = lean_cpu - idle * took / len(bodies) * 1000
        same = sum(
            status == 200 and body == mine
            for (status, body), mine in zip(lean, local["answers"], strict=True)
        )
        image_here, image_route = [], []
        with tempfile.NamedTemporaryFile(suffix=".png") as f:
            f.write(png)
            f.flush()
            for _ in range(rounds):
                for _ in range(6):
                    t = time.perf_counter()
                    rec.read_both(read_image_file(f.name))
                    image_here.append(time.perf_counter() - t)
                for _ in range(6):
                    t = time.perf_counter()
                    api.post("/digits/recognize", png, "image/png")
                    image_route.append(time.perf_counter() - t)
        local["image"] = statistics.median(image_here) * 1000
        image = statistics.median(image_route) * 1000
        runs = {
            (n, mode): class_run(url, values, n, args.seconds, server, mode)
            for n, mode in ((40, LEAN), (200, LEAN), (200, REST))
        }
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    shared = " (shared mode, as on a Space)" if args.shared else ""
    print(f"lean read, one run{shared}")
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
    for (n, mode), r in runs.items():
        way = "POST /digits/read" if mode == LEAN else "REST /gradio_api/call/read_strokes"
        print(
            f"  {n} children, {way}, no sessions (load average {r['load'][0]:.1f} -> {r['load'][1]:.1f}): "
            f"{r['answers']} answers, {len(r['errors'])} errors, median {r['median']:.0f} ms, "
            f"p95 {r['p95']:.0f} ms; server CPU {r['cpu_per_read']:.1f} ms per read, "
            f"the children's process {r['client_cpu']:.2f} ms; the server used {r['cores']:.2f} cores"
        )
        for e in r["errors"][:3]:
            print(f"    error: {e}")


if __name__ == "__main__":
    main()
