"""A hostile visitor's inputs, replayed against the launched app: none freezes it, none balloons it.

The app runs as `python app.py` on a free loopback port with its own Gradio temp folder and model
cache; the hostile files are made at run time in a temp folder. For each case: the longest wait for
`/gradio_api/info` while the case runs (must stay under 1 s), the server's peak RSS above its level
before the case (psutil, sampled every 10 ms; under 200 MB for uploads), and the reply (one short
plain line). Uploads the API does not name (a model, a class set) go the browser's way: upload, then
the upload event by its index, found from the element's id in /config.
Run: python benchmarks/hostile.py
"""

from __future__ import annotations

import json
import sys
import tempfile
import threading
import time
import uuid
import zipfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import paths  # noqa: F401  (project path and local data, before any digits import)
from paths import ROOT

from benchmarks.class_load import serve
from benchmarks.startup import free_port

MAX_WAIT = 1.0  # seconds /gradio_api/info may take while a case runs
MAX_RISE = 200  # MB of server memory an upload may cost
MAX_REPLY = 300  # characters: a reply is one short line


class Watch:
    """While a case runs: the server's peak RSS (MB) and the longest /gradio_api/info answer (s)."""

    def __init__(self, url: str, pid: int):
        import psutil

        self.url, self.server = url, psutil.Process(pid)
        self.base = self.peak = self.server.memory_info().rss / 2**20
        self.wait, self.done = 0.0, threading.Event()

    def _memory(self):
        while not self.done.wait(0.01):
            self.peak = max(self.peak, self.server.memory_info().rss / 2**20)

    def _info(self):
        import urllib.request

        while not self.done.is_set():
            began = time.perf_counter()
            urllib.request.urlopen(f"{self.url}gradio_api/info", timeout=60).read()
            self.wait = max(self.wait, time.perf_counter() - began)
            self.done.wait(0.05)

    def __enter__(self):
        self.threads = [threading.Thread(target=t, daemon=True) for t in (self._memory, self._info)]
        for t in self.threads:
            t.start()
        return self

    def __exit__(self, *exc):
        self.done.set()
        for t in self.threads:
            t.join(60)


def browser_upload(url: str, elem_id: str, path: Path) -> str:
    """What the page does when a file is dropped on `elem_id`: upload it, run its upload event."""
    import httpx

    config = httpx.get(f"{url}config", timeout=30).json()
    target = next(c["id"] for c in config["components"] if c.get("props", {}).get("elem_id") == elem_id)
    dep = next(d for d in config["dependencies"] if [target, "upload"] in d["targets"])
    with open(path, "rb") as f:
        uploaded = httpx.post(f"{url}gradio_api/upload", files={"files": (path.name, f)}, timeout=120)
    if uploaded.status_code != 200:
        return f"upload refused ({uploaded.status_code}): {uploaded.text[:200]}"
    file = {"path": uploaded.json()[0], "orig_name": path.name, "meta": {"_type": "gradio.FileData"}}
    session = uuid.uuid4().hex[:10]
    data = [file if i == target else None for i in dep["inputs"]]
    body = {"data": data, "fn_index": dep["id"], "session_hash": session, "trigger_id": target}
    httpx.post(f"{url}gradio_api/queue/join", json=body, timeout=30).raise_for_status()
    with httpx.stream(
        "GET", f"{url}gradio_api/queue/data", params={"session_hash": session}, timeout=120
    ) as r:
        for line in r.iter_lines():
            msg = json.loads(line[5:]) if line.startswith("data:") else {}
            if msg.get("msg") == "process_completed":
                out = msg.get("output", {})
                texts = [d for d in out.get("data", []) if isinstance(d, str)]
                return out.get("error") or (texts[0] if texts else json.dumps(out)[:200])
    return "no answer"


def api_call(client, *args, api: str) -> str:
    """The reply to one API call: its error's message, or its answer, as text."""
    try:
        return json.dumps(client.predict(*args, api_name=api))[: MAX_REPLY * 4]
    except Exception as exc:  # the app's refusal, as gradio_client raises it
        return str(exc)


def bomb_model(folder: Path) -> Path:
    """A 1 MB .keras zip whose config.json unpacks to 1 GiB."""
    path = folder / "bomb.keras"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("metadata.json", json.dumps({"keras_version": "3.0.0"}))
        with z.open("config.json", "w") as f:
            block = b" " * 2**20
            for _ in range(1024):
                f.write(block)
        z.writestr("model.weights.h5", b"\0" * 1024)
    return path


def class_set_bomb(folder: Path) -> Path:
    """A class set zip of a few KB holding one 20000 x 20000 PNG."""
    import cv2

    png = cv2.imencode(".png", np.zeros((20000, 20000), np.uint8), [cv2.IMWRITE_PNG_COMPRESSION, 9])[1]
    path = folder / "class_set.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("images/0001_7.png", png.tobytes())
        z.writestr("labels.csv", "file,label,source,width,height,strokes\nimages/0001_7.png,7,teach,0,0,[]\n")
    return path


def keras_models(folder: Path) -> dict[str, Path]:
    """A Lambda-layer model and a model whose weights are NaN, both otherwise digit readers."""
    import keras

    def reader(*middle):
        return keras.Sequential(
            [keras.Input((28, 28, 1)), keras.layers.Flatten(), *middle, keras.layers.Dense(10, "softmax")]
        )

    made = {"lambda": folder / "lambda.keras", "nan": folder / "nan.keras"}
    reader(keras.layers.Lambda(lambda x: x * 2)).save(made["lambda"])
    nan = reader()
    nan.set_weights([np.full(w.shape, np.nan, np.float32) for w in nan.get_weights()])
    nan.save(made["nan"])
    return made


def main() -> int:
    import cv2
    from gradio_client import Client, handle_file

    temp = Path(tempfile.mkdtemp(prefix="hostile-"))
    cache, gradio_temp, files = temp / "cache", temp / "gradio", temp / "files"
    for d in (cache, gradio_temp, files):
        d.mkdir()
    (cache / ".dir-x.keras").mkdir()  # a folder named like a killed save's leftover
    (cache / ".report-x1.keras").write_bytes(b"half a model")  # a leftover the tidy must still delete
    print("making the hostile files ...", flush=True)
    png = files / "huge.png"
    png.write_bytes(cv2.imencode(".png", np.zeros((9400, 9400), np.uint8))[1].tobytes())
    bomb, class_bomb, models = bomb_model(files), class_set_bomb(files), keras_models(files)
    big_download = files / "c2-sized.keras"  # the size of the app's own c2 download
    big_download.write_bytes(np.random.default_rng(0).bytes(16 * 2**20))
    seven = files / "seven.png"
    from digits.train.sketch import Style, mnist_canvas

    digit = np.zeros((28, 28), np.float32)
    digit[4:24, 13:16] = 1.0
    cv2.imwrite(str(seven), mnist_canvas(digit, Style(side=400))[..., :3])

    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    proc = serve([sys.executable, "app.py"], port, DIGITS_CACHE=str(cache), GRADIO_TEMP_DIR=str(gradio_temp))
    failures = []
    try:
        client = Client(url, verbose=False)
        client.predict(handle_file(str(seven)), api_name="/recognize")  # warm: TensorFlow and the model
        browser_upload(url, "class-model-upload", ROOT / "assets" / "recognizer.keras")  # warm: Keras loading

        def case(name, run, upload=False, expect=""):
            with Watch(url, proc.pid) as w:
                reply = run()
            rise = w.peak - w.base
            replies = reply if isinstance(reply, list) else [reply]
            ok = w.wait < MAX_WAIT and (not upload or rise < MAX_RISE)
            ok &= all(len(r) < MAX_REPLY and "\n" not in r.strip() and "Traceback" not in r for r in replies)
            ok &= all(expect.lower() in r.lower() for r in replies)
            print(
                f"{'ok  ' if ok else 'FAIL'} {name}: info wait {w.wait:.2f} s, server {w.base:.0f} -> "
                f"peak {w.peak:.0f} MB (+{rise:.0f}); reply ({len(replies[0])} chars): {replies[0][:140]}",
                flush=True,
            )
            if not ok:
                failures.append(name)

        weights = ("AND", "1e-10000000", "-1", "-1", "0.2")
        case(
            "perceptron w0 1e-10000000",
            lambda: api_call(client, *weights, api="/perceptron_run"),
            expect="1e",
        )
        weights = ("AND", "0.8", "-1", "-1", "1e-20000000")
        case(
            "perceptron rate 1e-20000000",
            lambda: api_call(client, *weights, api="/perceptron_run"),
            expect="1e",
        )
        pad = {"width": "9" * 60_000_000, "height": 400, "strokes": []}
        case("pad width of 60 MB", lambda: api_call(client, pad, api="/read_strokes"), expect="width")

        def four_pngs():
            with ThreadPoolExecutor(4) as pool:
                calls = [
                    pool.submit(api_call, client, handle_file(str(png)), api="/recognize") for _ in range(4)
                ]
                return [c.result() for c in calls]

        case("4 x PNG 9400x9400 (107 KB) to recognize", four_pngs, upload=True, expect="too large")
        case(
            "model zip bomb (config.json 1 GiB)",
            lambda: browser_upload(url, "class-model-upload", bomb),
            True,
            "MB",
        )
        case(
            "class set zip with a 20000x20000 PNG",
            lambda: browser_upload(url, "class-upload", class_bomb),
            True,
            "28",
        )
        case(
            "16 MB model (c2's size) passes the upload",
            lambda: browser_upload(url, "class-model-upload", big_download),
            True,
            "not a Keras model",
        )
        case(
            "Lambda-layer model",
            lambda: browser_upload(url, "class-model-upload", models["lambda"]),
            True,
            "Lambda",
        )
        case(
            "NaN-weight model", lambda: browser_upload(url, "class-model-upload", models["nan"]), True, "NaN"
        )
        tidied = not (cache / ".report-x1.keras").exists() and (cache / ".dir-x.keras").is_dir()
        print(f"{'ok  ' if tidied else 'FAIL'} start-up tidy went past the folder .dir-x.keras", flush=True)
        if not tidied:
            failures.append("tidy")
    finally:
        proc.terminate()
        proc.wait(30)
    print(f"{len(failures)} failed" + (f": {', '.join(failures)}" if failures else ""))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
