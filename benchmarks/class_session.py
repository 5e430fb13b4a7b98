"""A class session against the launched app: 40 children join and practise, the teacher's dashboard open.

`python app.py` runs in its own process with a fresh data folder (SQLite), or on --url. The children
are threads of another process speaking plain HTTP to the app's API (docs/api.md, "A class through
the API"), each with its own session, as each tablet has one page: join with the code, follow the
class's settings every 3 s (the tablet's timer), and every 3-8 s write the digit asked (a held-out
writer's real pen digit of that label) and press Check, then Next. The teacher's page asks for the
dashboard every second, as its timer does.
With --outage S the database is taken away for S seconds in the middle (SQLite: another program holds
its write lock; PostgreSQL: it refuses connections, which needs --admin-url): the children keep
practising and their Checks wait in the server's memory.
Reported: Checks sent and rows stored (must be equal: 0 lost), errors, Check p50/p95, the dashboard's
freshness (from a Check's answer to the first board that counts it, outside the outage) p50/p95, the
server's CPU per Check, the teacher's line during the outage.
Run: python benchmarks/class_session.py [--children 40] [--seconds 120] [--outage 20] [--url URL]
"""

from __future__ import annotations

import argparse
import html
import json
import multiprocessing as mp
import os
import re
import sys
import tempfile
import threading
import time
import urllib.request

import numpy as np
import paths  # noqa: F401  (project path and local data, before any digits import)
from class_load import serve
from class_store import away
from paths import PEN

from tests.conftest import free_port

SETTINGS = [[str(d) for d in range(10)], 50, "free", "English", "plain", "open", "plain", "straight"]
SETTINGS += [False, False, False]  # sound, strict, collect: as in docs/api.md's table
FOLLOW_SECONDS = 3.0  # the tablet's timer (digits/ui/class_join.py)
BOARD_SECONDS = 1.0  # the dashboard's timer (digits/ui/class_teacher.py)


# ---------------------------------------------------------------- the app's API over plain HTTP


def call(url: str, api: str, data: list, session: str) -> list:
    """One event through Gradio's REST API in `session` (POST, then its stream); its outputs, or raises."""
    body = json.dumps({"data": data, "session_hash": session}).encode()
    req = urllib.request.Request(
        f"{url}gradio_api/call/{api}", data=body, headers={"Content-Type": "application/json"}
    )
    event_id = json.loads(urllib.request.urlopen(req, timeout=60).read())["event_id"]
    stream = urllib.request.urlopen(f"{url}gradio_api/call/{api}/{event_id}", timeout=60).read().decode()
    if "event: complete" not in stream:
        raise RuntimeError(f"{api}: {stream.strip()[-200:]}")
    return json.loads(stream.split("event: complete", 1)[1].split("data:", 1)[1].strip().splitlines()[0])


def pen_digits(per_label: int = 40, seed: int = 0) -> dict[str, list[dict]]:
    """Held-out writers' pen digits as pad values, `per_label` of each digit, on pads of several sizes."""
    from digits.read.strokes import pen_value
    from digits.train.data import load_pen_digits, writer_split

    pen = load_pen_digits(PEN)
    rng = np.random.default_rng(seed)
    held = np.flatnonzero(writer_split(pen.writers))
    out = {}
    for d in range(10):
        mine = rng.choice(held[pen.labels[held] == d], per_label, replace=False)
        out[str(d)] = [pen_value(pen.strokes[i], side=int(rng.choice([390, 560, 700]))) for i in mine]
    return out


def asked(prompt_html: str) -> str | None:
    """The digit the prompt asks for (its big figure)."""
    found = re.search(r"class='prompt-big'>(\d)<", prompt_html)
    return found.group(1) if found else None


# ---------------------------------------------------------------- the class, in its own process


def child(url, code, k, drawings, until, out, stop) -> None:
    """One tablet: join, then follow every 3 s and check a drawing every 3-8 s until `until`."""
    rng, session = np.random.default_rng(1000 + k), f"tablet-{k}-{os.getpid()}"
    try:
        joined = call(url, "class_join", [code], session)  # (the page's stored seat, token, status, ...)
        status = next(o for o in joined if isinstance(o, str) and "class-line" in o)
        assert "(seat " in status, status
        call(url, "class_follow", [], session)
        prompt = call(url, "practice_next", [], session)[0]
    except Exception as exc:
        out["errors"].append(f"join: {exc}"[:200])
        return
    next_check = time.time() + rng.uniform(3, 8)
    while time.time() < until and not stop.is_set():
        try:
            if time.time() >= next_check:
                label = asked(prompt) or str(rng.integers(10))
                pad = drawings[label][int(rng.integers(len(drawings[label])))]
                pad = {
                    **pad,
                    "strokes": [[[x + rng.uniform(-1, 1), y, t] for x, y, t in s] for s in pad["strokes"]],
                }
                began = time.perf_counter()
                call(url, "practice_check", [pad, False], session)
                done = time.time()
                out["checks"].append((done, time.perf_counter() - began))
                prompt = call(url, "practice_next", [], session)[0]
                next_check = time.time() + rng.uniform(3, 8)
            call(url, "class_follow", [], session)
        except Exception as exc:
            out["errors"].append(f"{exc.__class__.__name__}: {exc}"[:200])
        stop.wait(min(FOLLOW_SECONDS, max(0.0, next_check - time.time())))


def teacher(url, key, until, out, stop) -> None:
    """The dashboard, asked for every second: when each board was seen and how many Checks it counted."""
    session = f"teacher-{os.getpid()}"
    call(url, "class_open", [url, key], session)
    while time.time() < until + 5 and not stop.is_set():
        began = time.perf_counter()
        try:
            board, problem, *_ = call(url, "class_board", [key, False], session)
            out["board_s"].append(time.perf_counter() - began)
            found = re.search(r"data-checks='(\d+)'", str(board))  # an unchanged board is not sent again
            if found:
                out["boards"].append((time.time(), int(found.group(1))))
            line = html.unescape(re.sub("<[^>]+>", "", problem)).strip() if isinstance(problem, str) else ""
            if line:
                waiting = r"\d+ Checks? waits? here and (is|are)"  # one line however many wait
                out["lines"].add(re.sub(waiting, "N Checks wait here and are", line)[:120])
        except Exception as exc:
            out["errors"].append(f"board: {exc}"[:200])
        stop.wait(BOARD_SECONDS)


def the_class(url, code, key, children, seconds, results) -> None:
    """Every tablet and the teacher's page, as threads of this process."""
    drawings = pen_digits()
    out = {"checks": [], "errors": [], "boards": [], "board_s": [], "lines": set()}
    until, stop = time.time() + seconds, threading.Event()
    threads = [threading.Thread(target=teacher, args=(url, key, until, out, stop))]
    threads += [
        threading.Thread(target=child, args=(url, code, k, drawings, until, out, stop))
        for k in range(children)
    ]
    for t in threads:
        t.start()
        time.sleep(0.05)  # the class comes in over a few seconds, not in one instant
    for t in threads:
        t.join()
    out["lines"] = sorted(out["lines"])
    results.put(out)


# ---------------------------------------------------------------- measured


def freshness(checks: list[tuple[float, float]], boards: list[tuple[float, int]]) -> list[tuple]:
    """For each Check (in the order answered): when it was answered, and the wait until a board counted it."""
    done = sorted(t for t, _ in checks)
    waits, b = [], 0
    for n, t in enumerate(done, start=1):
        while b < len(boards) and (boards[b][1] < n or boards[b][0] < t):
            b += 1
        if b < len(boards):
            waits.append((t, boards[b][0] - t))
    return waits


def stored(url, key, sent: int, seconds: float = 60) -> int:
    """Rows of the class's Checks in the database, waited for up to `seconds` until all `sent` are there.

    Checks that waited in the server's memory for the database are written once it is back."""
    from digits.classroom.attempts import checks
    from digits.classroom.store import Store

    store = Store.open(url)
    try:
        deadline = time.time() + seconds
        while (rows := len(checks(store, key))) < sent and time.time() < deadline:
            time.sleep(0.5)
        return rows
    finally:
        store.close()


def p(values: list[float], q: float) -> float:
    return float(np.percentile(values, q)) * 1000 if values else float("nan")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--children", type=int, default=40)
    parser.add_argument("--seconds", type=float, default=120)
    parser.add_argument("--outage", type=float, default=0, help="seconds without the database, mid-run")
    parser.add_argument("--url", help="the app's DIGITS_DATABASE_URL (default: SQLite in a new folder)")
    parser.add_argument("--admin-url", help="PostgreSQL: the server's `postgres` database, for --outage")
    args = parser.parse_args()

    import psutil
    import sqlalchemy as sa

    from digits.classroom.store import database_url

    folder = tempfile.mkdtemp(prefix="class-session-")
    env = {"DIGITS_DATA": folder, **({"DIGITS_DATABASE_URL": args.url} if args.url else {})}
    db = database_url(env)
    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    proc = serve([sys.executable, "app.py"], port, **env)  # the app, answering
    try:
        key, code_html, *_ = call(url, "class_start", [url, *SETTINGS], "teacher-start")
        code = re.search(r">([A-Z0-9]{3}-[A-Z0-9]{3})<", code_html).group(1)
        server = psutil.Process(proc.pid)
        cpu_before = sum(server.cpu_times()[:2])
        ctx = mp.get_context("spawn")
        results = ctx.Queue()
        clients = ctx.Process(target=the_class, args=(url, code, key, args.children, args.seconds, results))
        clients.start()
        outage = (float("inf"), float("inf"))
        if args.outage:
            time.sleep(max(0.0, (args.seconds - args.outage) / 2))
            with away(sa.make_url(db), args.admin_url):
                began = time.time()
                time.sleep(args.outage)
            outage = (began, time.time())
        out = results.get()
        clients.join()
        cpu = sum(server.cpu_times()[:2]) - cpu_before
        sent = len(out["checks"])
        rows = stored(db, key, sent)
    finally:
        proc.terminate()
        proc.wait(timeout=60)
    latency = [s for _, s in out["checks"]]
    waits = freshness(out["checks"], out["boards"])
    fresh = [w for t, w in waits if not outage[0] <= t <= outage[1]]  # a Check that waited is the outage's
    held = [w for t, w in waits if outage[0] <= t <= outage[1]]
    print(
        f"class session: {args.children} children, {args.seconds:.0f} s, {db.get_backend_name()}, "
        f"outage {args.outage:.0f} s; load average {os.getloadavg()[0]:.1f} at the end"
    )
    print(f"  Checks sent {sent}, rows stored {rows}, lost {sent - rows}; errors {len(out['errors'])}")
    print(f"  Check: p50 {p(latency, 50):.0f} ms, p95 {p(latency, 95):.0f} ms (target p95 <= 500 ms)")
    print(
        f"  dashboard freshness: p50 {p(fresh, 50):.0f} ms, p95 {p(fresh, 95):.0f} ms (target <= 2,000 ms);"
        f" board call p95 {p(out['board_s'], 95):.0f} ms"
    )
    if held:
        print(f"  Checks answered during the outage reached the board after at most {max(held):.1f} s")
    print(f"  server CPU {cpu / max(sent, 1) * 1000:.0f} ms per Check (follows and boards included)")
    print("  the teacher's line:", "; ".join(out["lines"]) or "none")
    for e in out["errors"][:5]:
        print("  error:", e)
    if rows != sent or out["errors"]:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
