"""A class drawing at once: 40 children send their digit's strokes to read_strokes every 0.3-1.5 s.

The app runs as `python app.py` in its own process; the children are threads of another process
speaking plain HTTP to Gradio's REST API, each with its own session (as a child's page has one).
Reported: answers, errors, median and p95 latency, and
the server's CPU time per read (psutil), beside a bare Gradio echo app measured the same way in
the same run (the framework's own floor).
With --trainings N, N visitors' trainings (the report's CNN on 60,000 images) run in the app
meanwhile, started through train_start before the class begins. With --shared the app runs as on
a Space (DIGITS_SHARED=1): trainings in worker processes, the server's TensorFlow on one thread.
Run: python benchmarks/class_load.py [--children 40] [--seconds 60] [--trainings 2] [--shared]
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import statistics
import subprocess
import sys
import threading
import time
import urllib.request

import numpy as np
import paths  # noqa: F401  (project path and local data, before any digits import)
from paths import PEN, ROOT

from benchmarks.startup import free_port

ECHO_APP = """
import gradio as gr
with gr.Blocks() as demo:
    box, out, go = gr.JSON(visible=False), gr.JSON(visible=False), gr.Button(visible=False)
    go.click(lambda v: v, box, out, api_name="echo")
demo.queue(default_concurrency_limit=2, max_size=200).launch(quiet=True)
"""


def pad_values(n: int, seed: int = 0) -> list[str]:
    """Held-out writers' pen digits as pad values (JSON request bodies), on pads of several sizes."""
    from digits.read.strokes import pen_value
    from digits.train.data import load_pen_digits, writer_split

    pen = load_pen_digits(PEN)
    rng = np.random.default_rng(seed)
    picks = rng.choice(np.flatnonzero(writer_split(pen.writers)), n, replace=False)
    sides = rng.choice([390, 560, 700, 1000], n)
    return [
        json.dumps({"data": [pen_value(pen.strokes[i], side=int(s))]})
        for i, s in zip(picks, sides, strict=True)
    ]


def call(url: str, api: str, body: str, session: str | None = None) -> None:
    """One request through Gradio's REST API (POST, then read the event's stream); raises on error.

    Without `session` each call is a new visitor: Gradio then builds a session's state, whose cost
    grows with the app's components (about 10 ms for this app), which a page pays once.
    """
    if session is not None:
        body = body.rstrip()[:-1] + f', "session_hash": "{session}"}}'
    req = urllib.request.Request(
        f"{url}gradio_api/call/{api}", data=body.encode(), headers={"Content-Type": "application/json"}
    )
    event_id = json.loads(urllib.request.urlopen(req, timeout=60).read())["event_id"]
    stream = urllib.request.urlopen(f"{url}gradio_api/call/{api}/{event_id}", timeout=60).read().decode()
    if "event: complete" not in stream:
        raise RuntimeError(stream.strip()[:200])


def child(url: str, api: str, bodies: list[str], seed: int, until: float, out: list, errors: list) -> None:
    rng = np.random.default_rng(seed)
    while time.time() < until:
        time.sleep(rng.uniform(0.3, 1.5))  # a child drawing the next digit
        t = time.perf_counter()
        try:
            call(url, api, bodies[int(rng.integers(len(bodies)))], session=f"child-{seed}")
            out.append(time.perf_counter() - t)
        except Exception as exc:
            errors.append(f"{exc.__class__.__name__}: {exc}"[:200])


def clients(url: str, api: str, bodies: list[str], children: int, seconds: float, results) -> None:
    """The class, in its own process: one thread per child."""
    out, errors = [], []
    until = time.time() + seconds
    threads = [
        threading.Thread(target=child, args=(url, api, bodies, k, until, out, errors))
        for k in range(children)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    results.put((out, errors))


def start_trainings(url: str, n: int) -> list:
    """n visitors press Train (long runs); returns (client, job) pairs once every one is training."""
    from gradio_client import Client

    visitors = []
    for _ in range(n):
        client = Client(url, verbose=False)
        job = client.submit("report", "adam", 0.001, 50, 128, 60_000, False, api_name="/train_start")
        for update in job:  # the live status, until its batches are going
            if "Training report" in str(update[0]):
                break
        visitors.append((client, job))
    return visitors


def serve(command: list[str], port: int, trainings: int = 0, **extra: str) -> subprocess.Popen:
    """The server on `port` (more environment in `extra`); returns once it answers."""
    env = dict(os.environ, GRADIO_SERVER_PORT=str(port), TF_CPP_MIN_LOG_LEVEL="3", **extra)
    if trainings:
        env["DIGITS_TRAININGS"] = str(trainings)  # that many at once, none waiting in line
    proc = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 180
    while time.time() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5).read()
            return proc
        except OSError:
            time.sleep(1)
    proc.kill()
    raise SystemExit(f"server on port {port} did not start")


def phase(
    command: list[str],
    api: str,
    bodies: list[str],
    children: int,
    seconds: float,
    trainings: int = 0,
    **extra: str,
) -> dict:
    import psutil

    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    proc = serve(command, port, trainings, **extra)
    visitors = []
    try:
        for body in bodies[:5]:  # warm-up: the model loads on the first read
            call(url, api, body)
        visitors = start_trainings(url, trainings)
        server = psutil.Process(proc.pid)
        before = sum(server.cpu_times()[:2])
        results = mp.get_context("spawn").Queue()
        worker = mp.get_context("spawn").Process(
            target=clients, args=(url, api, bodies, children, seconds, results)
        )
        worker.start()
        out, errors = results.get()
        worker.join()
        cpu = sum(server.cpu_times()[:2]) - before
        training = sum(not job.done() for _, job in visitors)  # still training when the class ended
    finally:
        for client, _ in visitors:
            client.close()
        proc.terminate()
        proc.wait(timeout=30)
    lat = sorted(out) or [float("nan")]
    return {
        "answers": len(out),
        "errors": errors,
        "median": statistics.median(lat) * 1000,
        "p95": lat[min(len(lat) - 1, int(0.95 * len(lat)))] * 1000,
        "cpu_per_read": cpu / max(len(out), 1) * 1000,
        "training": training,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--children", type=int, default=40)
    ap.add_argument("--seconds", type=float, default=60.0)
    ap.add_argument("--trainings", type=int, default=0, help="trainings running in the app meanwhile")
    ap.add_argument("--shared", action="store_true", help="the app in shared mode, as on a Space")
    args = ap.parse_args()
    bodies = pad_values(200)
    results = {
        "read_strokes (the app)": phase(
            [sys.executable, "app.py"],
            "read_strokes",
            bodies,
            args.children,
            args.seconds,
            args.trainings,
            **({"DIGITS_SHARED": "1", "DIGITS_RUN_SECONDS": "3600"} if args.shared else {}),
        ),
        "bare Gradio echo": phase(
            [sys.executable, "-c", ECHO_APP], "echo", bodies, args.children, args.seconds
        ),
    }
    print(
        f"class load: {args.children} children, strokes every 0.3-1.5 s each, {args.seconds:.0f} s; "
        f"{args.trainings} trainings in the app meanwhile{' (shared mode)' if args.shared else ''} "
        f"({results['read_strokes (the app)']['training']} still training at the end); "
        f"load average {os.getloadavg()[0]:.1f}"
    )
    for name, r in results.items():
        print(
            f"  {name:24s} {r['answers']} answers, {len(r['errors'])} errors, median {r['median']:.0f} ms, "
            f"p95 {r['p95']:.0f} ms, server CPU {r['cpu_per_read']:.1f} ms per read"
        )
        for e in r["errors"][:3]:
            print(f"    error: {e}")


if __name__ == "__main__":
    main()
