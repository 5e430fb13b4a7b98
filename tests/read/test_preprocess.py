"""The one preprocessing path: every input kind lands in MNIST framing, bad input gets a message."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from digits.read.preprocess import BadImage, ink_mask, preprocess, read_image_file
from digits.train.sketch import Style, mnist_canvas, paint, place_digit


def framed_ok(img):
    """MNIST's framing: 28x28 in [0, 1], longest side about 20, centre of mass in the middle."""
    assert img is not None and img.shape == (28, 28) and img.dtype == np.float32
    assert 0.0 <= img.min() and img.max() <= 1.0 and img.max() > 0.9
    ys, xs = np.nonzero(img > 0.2)
    longest = max(ys.max() - ys.min() + 1, xs.max() - xs.min() + 1)
    assert 17 <= longest <= 22, longest
    yy, xx = np.mgrid[0:28, 0:28]
    cy, cx = (yy * img).sum() / img.sum(), (xx * img).sum() / img.sum()
    assert abs(cy - 14) < 1.0 and abs(cx - 14) < 1.0, (cy, cx)


def similar(a, b):
    return np.corrcoef(a.ravel(), b.ravel())[0, 1]


@pytest.fixture(scope="module")
def seven(mnist):
    return mnist.x_test[0, ..., 0]  # the first MNIST test digit is a 7


def test_mnist_digit_is_kept_as_it_is(seven):
    out = preprocess(seven)
    framed_ok(out)
    assert similar(out, seven) > 0.95


@pytest.mark.parametrize("paper", ["white", "transparent", "coloured"])
@pytest.mark.parametrize("ink", [(0, 0, 0), (200, 30, 30), (20, 90, 200)])
def test_papers_and_inks(seven, paper, ink):
    style = Style(
        side=600,
        paper=paper,
        paper_rgb=(250, 240, 190) if paper == "coloured" else (255, 255, 255),
        ink_rgb=ink,
        brush=30,
        height=0.5,
    )
    out = preprocess(mnist_canvas(seven, style))
    framed_ok(out)
    assert similar(out, preprocess(seven)) > 0.8


@pytest.mark.parametrize("where", [(0.15, 0.15), (0.85, 0.2), (0.5, 0.85)])
def test_digit_anywhere(seven, where):
    style = Style(side=800, brush=20, height=0.25, cx=where[0], cy=where[1])
    out = preprocess(mnist_canvas(seven, style))
    framed_ok(out)
    assert similar(out, preprocess(seven)) > 0.65


@pytest.mark.parametrize("height,brush", [(0.04, 2), (0.95, 60), (0.5, 2), (0.5, 90)])
def test_tiny_huge_thin_thick(seven, height, brush):
    out = preprocess(mnist_canvas(seven, Style(side=800, brush=brush, height=height)))
    framed_ok(out)
    assert similar(out, preprocess(seven)) > 0.65


@pytest.mark.parametrize("side", [28, 100, 1500])
def test_canvas_sizes(seven, side):
    framed_ok(preprocess(mnist_canvas(seven, Style(side=side, brush=max(2, side // 25), height=0.6))))


def test_input_kinds_agree(seven):
    canvas = mnist_canvas(seven, Style(side=400, brush=16))
    grey = canvas[..., :3].mean(-1).astype(np.uint8)
    kinds = {
        "rgba": canvas,
        "rgb": canvas[..., :3],
        "grey": grey,
        "grey float 0-1": grey / 255.0,
        "grey float 0-255": grey.astype(np.float64),
        "grey + channel": grey[..., None],
        "uint16": grey.astype(np.uint16) * 257,
        "bool": grey < 128,
        "sketchpad dict": {"background": None, "layers": [], "composite": canvas},
        "dict without composite": {
            "background": np.full_like(canvas, 255),
            "layers": [
                paint(place_digit(seven, Style(side=400, brush=16)), Style(side=400, paper="transparent"))
            ],
            "composite": None,
        },
    }
    ref = preprocess(canvas)
    for name, value in kinds.items():
        out = preprocess(value)
        framed_ok(out)
        assert similar(out, ref) > (0.85 if name == "bool" else 0.9), name  # bool loses anti-aliasing


@pytest.mark.parametrize(
    "blank",
    [
        np.full((800, 800, 4), 255, np.uint8),
        np.zeros((800, 800, 4), np.uint8),  # fully transparent
        np.full((100, 100), 0.5),
        np.zeros((0, 0, 3), np.uint8),
        None,
        {"background": None, "layers": [], "composite": None},
    ],
)
def test_nothing_drawn(blank):
    assert preprocess(blank) is None
    assert ink_mask(blank) is None  # so a number reading finds no digits


def test_single_dot_is_not_a_digit():
    canvas = np.full((800, 800, 4), 255, np.uint8)
    canvas[390:410, 390:410, :3] = 0
    assert preprocess(canvas) is None


def test_faint_noise_is_blank():
    rng = np.random.default_rng(0)
    paper = (250 + rng.integers(0, 5, (300, 300, 3))).astype(np.uint8)
    assert ink_mask(paper) is None


@pytest.mark.parametrize(
    "bad,words",
    [
        (np.full((10, 10), np.nan), "NaN"),
        (np.full((10, 10), -3.0), "negative"),
        (np.zeros((4, 4, 5)), "shape"),
        (np.zeros((2, 3, 4, 5)), "shape"),
        (np.array([["a", "b"]]), "numbers"),
        ("picture.png", "Expected an image"),
        (42, "Expected an image"),
    ],
)
def test_bad_input_gets_a_message(bad, words):
    with pytest.raises(BadImage, match=words):
        preprocess(bad)


def test_huge_image_refused_without_copying():
    huge = np.lib.stride_tricks.as_strided(np.zeros(1, np.uint8), shape=(9000, 9000), strides=(0, 0))
    with pytest.raises(BadImage, match="too large"):
        preprocess(huge)


def test_large_photo_is_downscaled(seven):
    big = mnist_canvas(seven, Style(side=3000, brush=120, height=0.5))
    framed_ok(preprocess(big))


def test_read_image_file(tmp_path, seven):
    import cv2

    path = tmp_path / "seven.png"
    canvas = mnist_canvas(seven, Style(side=300, brush=12, paper="transparent", ink_rgb=(200, 0, 0)))
    cv2.imwrite(str(path), cv2.cvtColor(canvas, cv2.COLOR_RGBA2BGRA))
    image = read_image_file(path)
    assert image.shape == (300, 300, 4)
    framed_ok(preprocess(image))
    (tmp_path / "note.png").write_text("not an image")
    with pytest.raises(BadImage, match="not an image"):
        read_image_file(tmp_path / "note.png")
    with pytest.raises(BadImage, match="No such file"):
        read_image_file(tmp_path / "missing.png")


def test_style_changes_do_not_move_the_framing(seven):
    base = Style(side=500, brush=20, height=0.5)
    outs = [preprocess(mnist_canvas(seven, replace(base, brush=b))) for b in (8, 20, 40)]
    assert min(similar(outs[0], o) for o in outs[1:]) > 0.75


def test_tiny_wide_stroke_found_by_fuzzing(quick_recognizer):
    import cv2

    canvas = np.full((8, 8, 4), 255, np.uint8)
    cv2.line(canvas, (0, 0), (7, 5), (0, 0, 0, 255), 3)
    for reading in quick_recognizer.read_number(canvas).digits:
        framed_ok(reading.image)


def test_an_image_file_is_refused_by_its_header_before_decoding(tmp_path, monkeypatch):
    """A 107 KB PNG can hold 9400 x 9400: its size is read from the header, nothing is decoded."""
    import cv2

    from digits.read.preprocess import MAX_PIXELS, image_header

    path = tmp_path / "huge.png"
    path.write_bytes(cv2.imencode(".png", np.zeros((4200, 4200), np.uint8))[1].tobytes())
    assert 4200 * 4200 > MAX_PIXELS and image_header(path) == (4200, 4200, "PNG")

    def decoded(*args):
        raise AssertionError("decoded before its header was read")

    monkeypatch.setattr("digits.read.preprocess.cv2.imdecode", decoded)
    with pytest.raises(BadImage, match="too large") as info:
        read_image_file(path)
    assert "\n" not in str(info.value) and len(str(info.value)) < 120
    with pytest.raises(BadImage, match="not an image"):
        image_header(b"\x89PNG but not really")


def test_crop_keeps_exactly_the_inks_box():
    from digits.read.preprocess import _crop

    rng = np.random.default_rng(3)
    for shape in [(1, 1), (5, 9), (97, 79), (120, 40)]:
        for share in (0.0, 0.002, 0.05, 1.0):
            m = (rng.random(shape) < share).astype(np.float32) * rng.random(shape).astype(np.float32)
            ys, xs = np.nonzero(m > 0.1)
            got = _crop(m, 0.1)
            if not len(ys):
                assert got is None
            else:  # the smallest box holding every pixel above the threshold, values untouched
                np.testing.assert_array_equal(got, m[ys.min() : ys.max() + 1, xs.min() : xs.max() + 1])
