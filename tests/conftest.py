"""Shared fixtures: the local MNIST file, a quickly trained model, the shipped recognizer."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parent.parent
MNIST = Path(os.environ.get("DIGITS_MNIST", ROOT.parent / "shared" / "data" / "mnist.npz"))
PEN = ROOT.parent / "shared" / "data" / "pen_digits_dev.npz"
os.environ.setdefault("DIGITS_MNIST", str(MNIST))
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
# The longest a test waits for a training worker: it runs at nice 10, so beside two CPU hogs at nice 0
# it gets about a tenth of a core and TensorFlow's import alone takes 60-100 s. Only a failure waits it out.
WORKER_SECONDS = 900.0
SCREENSHOTS = ROOT / "assets"  # the README's and docs' pictures; rewritten only when asked (--screenshots)


def pytest_addoption(parser):
    parser.addoption("--fast", action="store_true", help="only tests that need no model, process or browser")
    parser.addoption(
        "--screenshots",
        action="store_true",
        help="browser tests save their screenshots into assets/ (tracked) instead of each test's tmp_path",
    )


@pytest.fixture
def shots(request, tmp_path) -> Path:
    """Where a browser test saves its screenshots: assets/ with --screenshots, else the test's tmp_path."""
    return SCREENSHOTS if request.config.getoption("--screenshots") else tmp_path


# The fast tier (`bash tests/run.sh --fast`) runs every test that needs none of these: a trained or
# loaded model, Keras itself, a process of its own, the launched app or a browser. A test is marked
# `slow` by the fixtures it asks for (directly or through other fixtures), never by hand.
SLOW_FIXTURES = {
    "quick_model",  # trains the report's CNN
    "shipped_recognizer",  # loads the shipped model: imports TensorFlow
    "keras",  # Keras itself (importing it costs seconds)
    "processes",  # processes of its own: the CLI, a training worker, a Python
    "app_url",  # the launched app
    "client",  # a launched app's client
    "app_process",
    "playwright",  # a browser
}


def pytest_collection_modifyitems(config, items):
    """Mark the tests whose fixtures are slow; with --fast, leave them out."""
    fast, slow = [], []
    for item in items:
        if SLOW_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.slow)
            slow.append(item)
        else:
            fast.append(item)
    if config.getoption("--fast"):
        config.hook.pytest_deselected(items=slow)
        items[:] = fast


class NoKeras:
    """An import finder for the fast tier: importing Keras or TensorFlow there is an error, which names
    the rule, so a fast test that would load them is caught at once (and the tier stays fast)."""

    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in ("keras", "tensorflow"):
            raise ImportError(f"{name} in the fast tier: a test that needs it asks for the `keras` fixture")
        return None


def pytest_configure(config):
    if config.getoption("--fast"):
        sys.meta_path.insert(0, NoKeras())


@pytest.fixture(scope="session")
def keras():
    """Keras, for tests that build or call a network (importing it is what makes them slow)."""
    import keras

    return keras


@pytest.fixture
def processes():
    """Declares that a test starts processes of its own (the CLI, a training worker): it is slow."""


@pytest.fixture
def python(processes):
    """Run Python code in a fresh process from the repository root: its CompletedProcess."""

    def run(code: str, timeout: float = 300, check: bool = True, env: dict | None = None, **kw):
        return subprocess.run(
            [sys.executable, "-c", code],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=check,
            env=env,
            **kw,
        )

    return run


@pytest.fixture(scope="session")
def mnist():
    """Real MNIST from the local file (tests never download)."""
    from digits.train.data import load_mnist

    return load_mnist(MNIST)


@pytest.fixture(scope="session")
def quick_model(mnist):
    """The report's CNN trained for one epoch on 3,000 images (about 90% accurate)."""
    from digits.train.fit import TrainConfig, train

    return train(TrainConfig("report", epochs=1, subset=3000), data=mnist).model


@pytest.fixture(scope="session")
def quick_recognizer(quick_model):
    from digits.read.recognizer import Recognizer

    return Recognizer(quick_model, "quick")


@pytest.fixture(scope="session")
def shipped_recognizer():
    """The recognizer shipped in assets/ (what the app uses by default)."""
    from digits.read.recognizer import Recognizer

    return Recognizer.load()


@pytest.fixture
def rng():
    return np.random.default_rng(0)


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def app_url(tmp_path_factory):
    """The whole app, launched in this process on a free loopback port (its class store in a temp folder)."""
    import app

    # A closed page is forgotten after this grace (600 s in the app), so tests see it freed soon.
    os.environ.setdefault("DIGITS_GRACE_SECONDS", "1")
    os.environ["DIGITS_DATA"] = str(tmp_path_factory.mktemp("digits-data"))  # never the user's own classes
    os.environ.pop("DIGITS_DATABASE_URL", None)
    port = free_port()
    app.serve(prevent_thread_lock=True, server_port=port, quiet=True)
    yield f"http://127.0.0.1:{port}/"
    app.demo.close()


CHROMIUM = "/usr/bin/chromium"  # Debian's, for the browser tests (tests/run.sh installs it)
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def playwright():
    """Playwright's sync API for one test module, once Debian's Chromium is known to be there."""
    from playwright.sync_api import sync_playwright

    assert Path(CHROMIUM).exists(), (
        "Install Debian's chromium (bash tests/run.sh does it) to run browser tests"
    )
    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="module")
def browser(playwright):
    """Debian's headless Chromium, one per test module."""
    browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
    yield browser
    browser.close()


@pytest.fixture(scope="session")
def client(app_url):
    from gradio_client import Client

    return Client(app_url, verbose=False)


def write_png(path: Path, image: np.ndarray) -> Path:
    """Save an RGB(A) or grey uint8 array as a PNG file."""
    import cv2

    if image.ndim == 3:
        image = cv2.cvtColor(image, cv2.COLOR_RGBA2BGRA if image.shape[2] == 4 else cv2.COLOR_RGB2BGR)
    assert cv2.imwrite(str(path), image)
    return path


def sure_drawing(recognizer, mnist, digit, tries=60):
    """A real MNIST `digit` on a sketchpad canvas that the recognizer reads surely and rightly, or None."""
    from digits.train.sketch import Style, mnist_canvas

    for x in mnist.x_test[mnist.y_test == digit][:tries]:
        value = {"background": None, "layers": [], "composite": mnist_canvas(x[..., 0], Style(side=400))}
        if (reading := recognizer.read(value)).sure and reading.digit == digit:
            return value
    return None


@pytest.fixture(scope="session")
def drawings(quick_recognizer, mnist):
    """One drawing per digit the quick model reads surely (so the tests are deterministic)."""
    found = {d: v for d in range(10) if (v := sure_drawing(quick_recognizer, mnist, d)) is not None}
    assert len(found) >= 3, f"the quick model reads only {sorted(found)} surely"
    return found


def write_mnist_npz(path: Path, mnist, n_train: int, n_test: int) -> Path:
    """The first images of `mnist` as a small Keras-layout .npz (uint8, as Keras ships it)."""

    def as_uint8(x):
        return (x[..., 0] * 255).round().astype(np.uint8)

    np.savez(
        path,
        x_train=as_uint8(mnist.x_train[:n_train]),
        y_train=mnist.y_train[:n_train],
        x_test=as_uint8(mnist.x_test[:n_test]),
        y_test=mnist.y_test[:n_test],
    )
    return path


@pytest.fixture
def app_process():
    """Start `python app.py` in the repository with an environment, its output captured; killed after."""
    started = []

    def start(env: dict) -> subprocess.Popen:
        proc = subprocess.Popen(
            [sys.executable, "app.py"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        started.append(proc)
        return proc

    yield start
    for proc in started:
        if proc.poll() is None:
            proc.kill()
            proc.wait(timeout=30)


def client_when_up(proc, port: int, seconds: float = 180):
    """A gradio_client Client for the app `proc` serves on `port`, once it answers."""
    import time

    from gradio_client import Client

    deadline = time.time() + seconds
    while True:
        try:
            return Client(f"http://127.0.0.1:{port}/", verbose=False)
        except Exception:
            assert proc.poll() is None, proc.stdout.read() if proc.stdout else "the app exited"
            assert time.time() < deadline, f"the app did not start within {seconds:.0f} s"
            time.sleep(1)
