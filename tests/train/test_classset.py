"""The class set: collecting, the kept-aside split, download and strict upload."""

from __future__ import annotations

import io
import zipfile

import numpy as np
import pytest

from digits.read import strokes
from digits.read.preprocess import frame
from digits.train.classfile import CSV_NAME, NPZ_NAME, export, load
from digits.train.classset import ClassSet, ClassSetError, Limits
from tests.strokes import pad_value

SEVEN = {"width": 400, "height": 300, "strokes": [[[100, 60, 0], [300, 60, 80], [180, 260, 200]]]}


def small_set(mnist, n: int = 12) -> ClassSet:
    cs = ClassSet()
    for i in range(n):
        cs.add(int(mnist.y_test[i]), mnist.x_test[i], source="practice" if i % 2 else "teach")
    cs.add(7, pad=SEVEN)
    return cs


def plain_line(exc: pytest.ExceptionInfo) -> str:
    message = str(exc.value)
    assert message and "\n" not in message and "Traceback" not in message
    return message


def test_add_remove_and_counts(mnist):
    cs = small_set(mnist, 4)
    assert len(cs) == 5
    assert cs.counts()[7] == int((mnist.y_test[:4] == 7).sum()) + 1
    drawn = cs.drawings[-1]
    assert drawn.image.shape == (28, 28) and drawn.image.max() == pytest.approx(1.0)
    assert drawn.canvas == (400, 300) and drawn.strokes[0].shape == (3, 3)
    removed = cs.remove(0)
    assert len(cs) == 4 and removed.label == int(mnist.y_test[0])


@pytest.mark.parametrize(
    "kwargs",
    [
        {"label": 10, "image": np.zeros((28, 28))},
        {"label": "seven", "image": np.zeros((28, 28))},
        {"label": 3, "image": np.zeros((32, 32))},
        {"label": 3, "image": np.full((28, 28), np.nan)},
        {"label": 3, "pad": {"width": 10, "height": 10, "strokes": [[[1]]]}},
        {"label": 3, "pad": {"width": 0, "height": 10, "strokes": [[[1, 2, 0], [5, 6, 9]]]}},
        {"label": 3, "pad": {"width": 10, "height": 10, "strokes": [[[1, 2, 0], [5, float("nan"), 9]]]}},
        {"label": 3, "pad": {"width": 10, "height": 10, "strokes": [[[1, 2]]] * 1001}},
        {"label": 3, "pad": {"width": 10, "height": 10, "strokes": []}},
        {"label": 3, "image": np.zeros((28, 28)), "source": "server"},
    ],
)
def test_bad_drawings_are_refused_and_change_nothing(mnist, kwargs):
    cs = small_set(mnist, 3)
    with pytest.raises(ClassSetError) as exc:
        cs.add(**kwargs)
    plain_line(exc)
    assert len(cs) == 4


def test_the_class_set_reads_a_pad_value_as_the_reader_does(shipped_recognizer):
    """One parser, one renderer: the class set's picture is the 28x28 input the reader saw."""
    for value in (SEVEN, pad_value(4), pad_value(8, side=1200)):
        drawing = ClassSet().add(3, pad=value)
        assert (drawing.image == frame(strokes.mask(value))).all()
        assert (drawing.image == shipped_recognizer.read_strokes(value).image).all()
    # t is optional, as strokes.parse takes it: missing times are kept as 0
    plain = {"width": 400, "height": 300, "strokes": [[p[:2] for p in SEVEN["strokes"][0]]]}
    drawing = ClassSet().add(7, pad=plain)
    assert drawing.strokes[0][:, 2].tolist() == [0, 0, 0]
    assert (drawing.image == ClassSet().add(7, pad=SEVEN).image).all()


def test_a_long_drawing_is_kept_up_to_the_parsers_limit_and_the_set_to_its_points():
    line = [[float(i % 300), float(i // 300), float(i)] for i in range(strokes.MAX_POINTS)]
    long = {"width": 400, "height": 400, "strokes": [line]}
    assert len(ClassSet().add(1, pad=long).strokes[0]) == strokes.MAX_POINTS  # 5,000 was the old cap
    with pytest.raises(ClassSetError) as exc:
        ClassSet().add(1, pad={**long, "strokes": [line, line[:1]]})
    assert f"at most {strokes.MAX_POINTS}" in plain_line(exc)
    cs = ClassSet(limits=Limits(max_points=5))
    cs.add(7, pad=SEVEN)
    with pytest.raises(ClassSetError) as exc:
        cs.add(7, pad=SEVEN)
    assert "5 pen points" in plain_line(exc) and len(cs) == 1
    with pytest.raises(ClassSetError) as exc:
        cs.extend(cs)
    assert "5 pen points" in plain_line(exc) and len(cs) == 1


def test_an_image_and_a_pad_together_are_a_mistake_of_the_caller():
    with pytest.raises(TypeError, match="not both"):
        ClassSet().add(7, image=np.zeros((28, 28)), pad=SEVEN)


def test_split_keeps_every_fourth_aside_and_never_moves_earlier_ones(mnist):
    cs = small_set(mnist, 11)
    teach, aside = cs.split()
    assert (len(teach), len(aside)) == (9, 3)
    assert np.flatnonzero(cs.aside_mask()).tolist() == [3, 7, 11]
    assert "3 of the class's 12 drawings" in cs.split_note()
    before = cs.aside_mask().copy()
    cs.add(1, mnist.x_test[0])
    assert (cs.aside_mask()[: len(before)] == before).all()


@pytest.mark.parametrize("fmt", ["npz", "png"])
def test_download_and_upload_round_trip(mnist, tmp_path, fmt):
    cs = small_set(mnist)
    path = export(cs, tmp_path / f"class.{fmt}.zip", fmt)
    names = zipfile.ZipFile(path).namelist()
    assert (NPZ_NAME in names and "README.txt" in names) if fmt == "npz" else CSV_NAME in names
    back = load(path)
    assert len(back) == len(cs)
    for a, b in zip(cs.drawings, back.drawings, strict=True):
        assert (a.label, a.source, a.canvas) == (b.label, b.source, b.canvas)
        assert np.abs(a.image - b.image).max() <= 0.5 / 255 + 1e-6  # stored as 8-bit pixels
        assert len(a.strokes) == len(b.strokes)
        for s, t in zip(a.strokes, b.strokes, strict=True):
            np.testing.assert_allclose(s, t, atol=0.01)


def test_a_bare_npz_uploads_too(mnist, tmp_path):
    path = export(small_set(mnist), tmp_path / "class.zip")
    bare = tmp_path / "class_set.npz"
    bare.write_bytes(zipfile.ZipFile(path).read(NPZ_NAME))
    assert len(load(bare)) == 13


def npz_zip(tmp_path, **arrays) -> str:
    buf = io.BytesIO()
    np.savez(buf, **arrays)
    path = tmp_path / "bad.zip"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr(NPZ_NAME, buf.getvalue())
    return path


def damaged(tmp_path, mnist, cut: bool):
    data = bytearray(export(small_set(mnist), tmp_path / "good.zip").read_bytes())
    if cut:
        data = data[: len(data) // 2]
    else:
        data[200:260] = bytes(60)  # inside the compressed class_set.npz: its CRC fails
    (tmp_path / "bad.zip").write_bytes(bytes(data))
    return tmp_path / "bad.zip"


def png_zip(tmp_path, csv_text: str, image: np.ndarray | None = None):
    import cv2

    path = tmp_path / "bad.zip"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr(CSV_NAME, csv_text)
        if image is not None:
            z.writestr("a.png", cv2.imencode(".png", image)[1].tobytes())
    return path


def other_zip(tmp_path):
    path = tmp_path / "other.zip"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("photo.jpg", b"not really")
    return path


BAD_UPLOADS = {
    "not a zip": (lambda t, m: t / "notes.txt", "not a class set"),
    "wrong image shape": (
        lambda t, m: npz_zip(t, images=np.zeros((3, 32, 32), np.uint8), labels=np.array([1, 2, 3])),
        "28 x 28",
    ),
    "labels out of range": (
        lambda t, m: npz_zip(t, images=np.zeros((2, 28, 28), np.uint8), labels=np.array([3, 12])),
        "0-9",
    ),
    "labels not a list": (
        lambda t, m: npz_zip(t, images=np.zeros((2, 28, 28), np.uint8), labels=np.zeros((2, 2))),
        "labels",
    ),
    "no labels": (lambda t, m: npz_zip(t, images=np.zeros((2, 28, 28), np.uint8)), "labels"),
    "empty": (
        lambda t, m: npz_zip(t, images=np.zeros((0, 28, 28), np.uint8), labels=np.zeros(0)),
        "no drawings",
    ),
    "pickled objects": (
        lambda t, m: npz_zip(t, images=np.zeros((1, 28, 28), np.uint8), labels=np.array([{"a": 1}], object)),
        "damaged",
    ),
    "corrupted": (lambda t, m: damaged(t, m, cut=False), "damaged"),
    "cut off": (lambda t, m: damaged(t, m, cut=True), "not a class set"),
    "png of another size": (
        lambda t, m: png_zip(t, "file,label\na.png,3\n", np.zeros((30, 30), np.uint8)),
        "28 x 28",
    ),
    "png missing": (lambda t, m: png_zip(t, "file,label\nb.png,3\n"), "missing"),
    "csv label out of range": (
        lambda t, m: png_zip(t, "file,label\na.png,-1\n", np.zeros((28, 28), np.uint8)),
        "0-9",
    ),
    "another zip": (lambda t, m: other_zip(t), "neither"),
    "strokes without a pad size": (
        lambda t, m: png_zip(t, 'file,label,strokes\na.png,3,"[[[1,2,0]]]"\n', np.zeros((28, 28), np.uint8)),
        "no pad size",
    ),
    "strokes the pad could not send": (
        lambda t, m: png_zip(
            t, "file,label,width,height,strokes\na.png,3,9,9,[[[1]]]\n", np.zeros((28, 28), np.uint8)
        ),
        "[x, y]",
    ),
}


@pytest.mark.parametrize("case", BAD_UPLOADS)
def test_every_bad_upload_gives_one_plain_line_and_changes_nothing(mnist, tmp_path, case):
    (tmp_path / "notes.txt").write_text("these are not drawings")
    make, expected = BAD_UPLOADS[case]
    path = make(tmp_path, mnist)
    cs = small_set(mnist, 3)
    with pytest.raises(ClassSetError) as exc:
        cs.extend(load(path))
    assert expected in plain_line(exc)
    assert len(cs) == 4


def test_size_and_count_limits(mnist, tmp_path):
    path = export(small_set(mnist), tmp_path / "class.zip")
    for limits, expected in [
        (Limits(max_bytes=path.stat().st_size - 1), "too large"),
        (Limits(max_items=5), "at most 5"),
        (Limits(max_unpacked=1000), "unpacks to too much"),
    ]:
        with pytest.raises(ClassSetError) as exc:
            load(path, limits)
        assert expected in plain_line(exc)
    assert len(load(path, Limits(max_bytes=path.stat().st_size))) == 13


def test_a_zip_bomb_is_refused_before_unpacking(tmp_path):
    path = tmp_path / "bomb.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(NPZ_NAME, bytes(3 * 2**20))  # 3 MB of zeros packs into a few kB
    assert path.stat().st_size < 20_000
    with pytest.raises(ClassSetError) as exc:
        load(path, Limits(max_unpacked=2**20))
    assert "unpacks to too much" in plain_line(exc)


def test_nothing_to_download(tmp_path):
    with pytest.raises(ClassSetError) as exc:
        export(ClassSet(), tmp_path / "x.zip")
    assert "no drawings" in plain_line(exc)
    assert not (tmp_path / "x.zip").exists()


def test_a_class_set_written_by_the_earlier_code_still_uploads(tmp_path):
    """The zip's format is unchanged: arrays as the first class sets were written (x, y, t points)."""
    buf = io.BytesIO()
    np.savez_compressed(
        buf,
        images=np.zeros((2, 28, 28), np.uint8),
        labels=np.array([7, 1], np.uint8),
        sources=np.array(["teach", "import"]),
        canvas=np.array([[400, 300], [0, 0]], np.int32),
        points=np.array(SEVEN["strokes"][0], np.float32),
        stroke_len=np.array([3], np.int32),
        n_strokes=np.array([1, 0], np.int32),
    )
    path = tmp_path / "old.zip"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr(NPZ_NAME, buf.getvalue())
    old = load(path)
    assert [d.label for d in old.drawings] == [7, 1] and [d.canvas for d in old.drawings] == [
        (400, 300),
        (0, 0),
    ]
    np.testing.assert_array_equal(old.drawings[0].strokes[0], np.array(SEVEN["strokes"][0], np.float32))
    assert old.drawings[1].strokes == ()


def test_a_class_set_png_is_checked_by_its_header_before_decoding(tmp_path, monkeypatch):
    """A 1.5 KB zip holding a 20000 x 20000 PNG cost 758 MB before its check: here 3000 x 3000."""
    import cv2

    big = cv2.imencode(".png", np.zeros((3000, 3000), np.uint8))[1].tobytes()
    path = tmp_path / "big.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("a.png", big)
        z.writestr(CSV_NAME, "file,label\na.png,3\n")

    def decoded(*args):
        raise AssertionError("decoded before its header was read")

    monkeypatch.setattr("digits.train.classfile.cv2.imdecode", decoded)
    with pytest.raises(ClassSetError) as exc:
        load(path)
    assert "28 x 28" in plain_line(exc)


def test_a_member_packed_like_a_zip_bomb_is_refused_within_the_unpacked_limit(tmp_path):
    path = tmp_path / "bomb.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(NPZ_NAME, bytes(20 * 2**20))  # 20 MB of zeros: under the 200 MB limit, packed 1000:1
    with pytest.raises(ClassSetError) as exc:
        load(path)
    assert "zip bomb" in plain_line(exc)
