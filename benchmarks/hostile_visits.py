"""Nothing of a visitor's stays on disk, and a dropped connection strands no page (issue #26, items 2, 5).

Launches `python app.py` on a free loopback port with temp and Gradio cache folders of its own,
after planting what a killed server leaves there (its held folder with a 0-byte model, an older
version's `digits-run-*`). Then visitors (gradio_client, each its own session) make 50 Checks with
collecting on and 20 downloads (round summary, class set in both formats, model) and close their
pages. Asserted: the leftovers were tidied at start; while visiting, every file the visitors got is
in their own folder (Gradio made no copy); after they left, the temp and cache folders hold nothing
of theirs and every download address answers 403/404. Then one page's heartbeat connection is cut
while it stays open: its next click goes on counting its round; closed for good, it is forgotten
after the grace period (DIGITS_GRACE_SECONDS, 3 s here).
Run: python benchmarks/hostile_visits.py [--visitors 5] [--checks 10]
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import paths  # the project path and local data, before any digits import

from benchmarks.class_load import pad_values, serve
from benchmarks.startup import free_port

GRACE = 3.0  # seconds a page that left is kept here (the app's default is 600)
HELD = ".held"  # the lock file of a server's own folder: the server's, not a visitor's
# TensorFlow's code for a traced function (the first model saved), once per process, deleted at exit:
# generated Python, nothing of a visitor's.
TRACED = "__autograph_generated_file"


def servers(path: str) -> bool:
    """Whether a new file is the server's own (its folder's lock, TensorFlow's traced code)."""
    name = Path(path).name
    return name == HELD or name.startswith(TRACED)


def plant_leftovers(folder: Path) -> list[Path]:
    """What a server killed with -9 leaves in `folder`: its held folder with a model cut off mid-save."""
    code = (
        "import sys, os; from digits.serve import scratch; f = scratch.held(sys.argv[1]);"
        "r = f / 'runs' / 'run-x'; r.mkdir(parents=True); (r / 'model.keras').write_bytes(b'');"
        "v = f / 'visitors' / 'ab' / 'cd'; v.mkdir(parents=True); (v / 'round-summary.csv').write_text('5');"
        "os._exit(0)"
    )
    before = set(folder.iterdir())
    subprocess.run([sys.executable, "-c", code, str(folder)], check=True, cwd=paths.ROOT)
    old = folder / "digits-run-killed"  # an older version's run folder, a day old
    old.mkdir()
    (old / "model.keras").write_bytes(b"")
    os.utime(old, (time.time() - 86400,) * 2)
    return sorted(set(folder.iterdir()) - before)


def snapshot(*folders: Path) -> dict[str, int]:
    """Every file under the folders, with its size."""
    return {str(f): f.stat().st_size for d in folders for f in d.rglob("*") if f.is_file()}


def status(url: str) -> int:
    """The HTTP status a download address answers (0: cut off mid-read, as its file was deleted)."""
    try:
        with urllib.request.urlopen(url, timeout=30) as r:
            r.read()
            return r.status
    except urllib.error.HTTPError as e:
        return e.code
    except http.client.IncompleteRead:
        return 0


def file_url(result) -> str:
    """The download address in an endpoint's answer (a FileData dict, alone or first in a tuple)."""
    data = result[0] if isinstance(result, (list, tuple)) else result
    assert isinstance(data, dict) and data.get("url"), f"no file in {str(result)[:200]}"
    return data["url"]


def wait_for(condition, seconds: float = 30.0) -> bool:
    deadline = time.time() + seconds
    while time.time() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return condition()


def visit(url: str, pads: list[dict], checks: int) -> tuple[object, list[str]]:
    """One visitor: Checks with collecting on, then the four downloads; the client and their addresses."""
    from gradio_client import Client

    client = Client(url, verbose=False, download_files=False)
    for k in range(checks):
        client.predict(pads[k % len(pads)], True, api_name="/practice_check")
    urls = [
        file_url(client.predict(api_name="/practice_download")),
        file_url(client.predict("npz + README", api_name="/class_download")),
        file_url(client.predict("PNG + CSV", api_name="/class_download")),
        file_url(client.predict(api_name="/class_model_download")),
    ]
    return client, urls


def dropped_connection(url: str, pad: dict) -> dict:
    """A page whose heartbeat connection is cut goes on counting its round; closed, it is forgotten."""
    import httpx
    from gradio_client import Client

    client = Client(url, verbose=False, download_files=False)
    client.predict(pad, False, api_name="/practice_check")
    before = client.predict(api_name="/practice_next")[2]
    link = file_url(client.predict(api_name="/practice_download"))
    # The wifi blinks: a heartbeat connection of this page is cut (as a browser's reconnect leaves it).
    with httpx.stream("GET", f"{url}gradio_api/heartbeat/{client.session_hash}", timeout=30) as r:
        next(r.iter_lines())
    gone = wait_for(lambda: status(link) in (403, 404))  # the unload ran: the page's downloads went
    after = client.predict(api_name="/practice_next")[2]
    client.close()  # the page is closed for good
    time.sleep(GRACE + 2)  # the grace passes without a word from the page
    fresh = client.predict(api_name="/practice_next")[2]
    return {"before": before, "after": after, "unload_ran": gone, "after_grace": fresh}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--visitors", type=int, default=5)
    ap.add_argument("--checks", type=int, default=10, help="Checks per visitor")
    args = ap.parse_args()
    pads = [json.loads(body)["data"][0] for body in pad_values(20)]
    base = Path(tempfile.mkdtemp(prefix="hostile-visits-"))
    temp, cache = base / "tmp", base / "gradio"
    temp.mkdir()
    cache.mkdir()
    planted = plant_leftovers(temp) + plant_leftovers(cache)
    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    t0 = time.time()
    proc = serve(
        [sys.executable, "app.py"],
        port,
        TMPDIR=str(temp),
        GRADIO_TEMP_DIR=str(cache),
        DIGITS_CACHE=str(base / "models"),
        DIGITS_GRACE_SECONDS=str(GRACE),
    )
    try:
        tidied = [p for p in planted if not p.exists()]
        start = snapshot(temp, cache)
        visits = [visit(url, pads, args.checks) for _ in range(args.visitors)]
        urls = [u for _, us in visits for u in us]
        during = snapshot(temp, cache)
        made = {f: s for f, s in during.items() if f not in start}
        ours = [f for f in made if not servers(f)]
        own = len(made) - len(ours)
        copies = [f for f in ours if "/visitors/" not in f]  # a copy Gradio made would sit elsewhere
        answered = [status(u) for u in urls]
        for client, _ in visits:
            client.close()  # the pages are closed: their heartbeats end, Gradio's unload runs
        closed = wait_for(lambda: all(status(u) in (403, 404) for u in urls))
        after_codes = sorted({status(u) for u in urls})
        left = {f: s for f, s in snapshot(temp, cache).items() if f not in start and not servers(f)}
        dirs = [d for d in (*temp.rglob("*"), *cache.rglob("*")) if d.is_dir() and any(d.iterdir())]
        drop = dropped_connection(url, pads[0])
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    checks, downloads = args.visitors * args.checks, len(urls)
    print(
        f"hostile visits: {args.visitors} visitors, {checks} Checks (collecting on) and {downloads} "
        f"downloads; took {time.time() - t0:.0f} s"
    )
    print(
        f"  start-up tidy: {len(tidied)} of {len(planted)} planted leftovers gone "
        "(a killed server's, an older version's)"
    )
    print(
        f"  while visiting: {len(ours)} files of theirs ({sum(made[f] for f in ours) / 2**20:.1f} MB), "
        f"{len(copies)} outside their folders (Gradio copies); download addresses answered "
        f"{sorted(set(answered))}; {own} files of the server's own (its folder's lock, TensorFlow's code)"
    )
    print(
        f"  after they left: {len(left)} files of theirs in the temp and cache folders "
        f"({sum(left.values()) / 2**20:.1f} MB); addresses answer {after_codes}; non-empty folders: "
        f"{len(dirs)} (the server's own held ones: {sum(d.name.startswith('digits-held-') for d in dirs)})"
    )
    print(
        f"  dropped connection: before the drop '{drop['before']}', after it '{drop['after']}'; "
        f"closed, after the {GRACE:.0f} s grace: '{drop['after_grace']}'"
    )
    for f in [*copies, *left][:5]:
        print(f"    {f}")
    assert len(tidied) == len(planted), "start-up tidy left a killed server's files"
    assert not copies and set(answered) == {200}, "downloads were copied or not served"
    assert closed and not left and set(after_codes) <= {403, 404}, "a visitor's files outlived the visit"
    assert (
        drop["unload_ran"]
        and drop["before"].startswith("Digit 2 of")
        and drop["after"].startswith("Digit 3 of")
    )
    assert drop["after_grace"].startswith("Digit 2 of"), "a closed page was not forgotten after the grace"
    print("  all assertions held")


if __name__ == "__main__":
    main()
