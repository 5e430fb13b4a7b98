"""Inside the network: saliency maps, first-layer filters and feature maps, and their pictures."""

import numpy as np
import pytest
from numpy.lib.stride_tricks import sliding_window_view

from digits.read.insight import first_conv, first_layer, saliency
from digits.read.recognizer import Recognizer
from digits.train.sketch import Style, mnist_canvas
from digits.ui.draw_insight import inside_views


def linear_model(tail: str = "dense_softmax", seed: int = 0):
    """Flatten -> Dense: the class score of digit c is exactly pixels . W[:, c]."""
    import keras

    L = keras.layers
    layers = [keras.Input((28, 28, 1)), L.Flatten()]
    if tail == "dense_softmax":
        layers.append(L.Dense(10, activation="softmax"))
    elif tail == "activation_softmax":
        layers += [L.Dense(10), L.Activation("softmax")]
    else:
        layers.append(L.Dense(10))
    model = keras.Sequential(layers)
    dense = next(layer for layer in model.layers if isinstance(layer, L.Dense))
    w = np.random.default_rng(seed).normal(size=(784, 10)).astype(np.float32)
    dense.set_weights([w, np.zeros(10, np.float32)])
    return model, w


@pytest.mark.parametrize("tail", ["dense_softmax", "activation_softmax", "scores"])
def test_saliency_is_the_class_score_gradient(tail, rng, keras):
    model, w = linear_model(tail)
    image = rng.random((28, 28)).astype(np.float32)
    for digit in (4, 7):
        expected = np.abs(w[:, digit]).reshape(28, 28)
        np.testing.assert_allclose(saliency(model, image, digit), expected / expected.max(), atol=1e-5)


def test_saliency_of_a_trained_cnn(quick_model, mnist):
    image = mnist.x_test[0]
    digit = int(mnist.y_test[0])
    heat = saliency(quick_model, image, digit)
    assert heat.shape == (28, 28) and heat.dtype == np.float32
    assert heat.min() >= 0 and heat.max() == pytest.approx(1.0)
    assert (heat > 0.05).mean() > 0.02  # a region, not one pixel
    assert not np.allclose(heat, saliency(quick_model, image, (digit + 1) % 10))


def test_saliency_comes_from_the_model_in_use(quick_model, mnist):
    from digits.train.models import build

    image = mnist.x_test[1]
    other = build("report")  # same architecture, untrained weights
    assert not np.allclose(saliency(quick_model, image, 3), saliency(other, image, 3), atol=1e-3)
    with pytest.raises(ValueError, match="28x28"):
        saliency(quick_model, np.zeros((14, 14)), 3)


def correlate(image, kernel, padding):
    """Keras' Conv2D by hand: cross-correlation of a 28x28 image with a (h, w) kernel."""
    h, w = kernel.shape
    if padding == "same":
        image = np.pad(image, ((h // 2, h // 2), (w // 2, w // 2)))
    return np.einsum("ijkl,kl->ij", sliding_window_view(image, (h, w)), kernel)


def test_first_layer_of_the_report_cnn(quick_model, mnist):
    image = mnist.x_test[2][..., 0]
    filters, maps = first_layer(quick_model, image)
    conv = first_conv(quick_model)
    kernel, bias = (np.asarray(v) for v in conv.get_weights())
    assert filters.shape == (8, 5, 5) and maps.shape == (8, 24, 24)
    np.testing.assert_allclose(filters, np.transpose(kernel[:, :, 0, :], (2, 0, 1)))
    for k in range(8):
        expected = np.maximum(correlate(image, filters[k], "valid") + bias[k], 0)  # relu
        np.testing.assert_allclose(maps[k], expected, atol=1e-4)


def test_first_layer_of_the_recognizer_architecture(rng, keras):
    from digits.train.models import build

    model = build("recognizer")
    image = rng.random((28, 28, 1)).astype(np.float32)
    filters, maps = first_layer(model, image)
    assert filters.shape == (32, 3, 3) and maps.shape == (32, 28, 28)
    for k in (0, 31):
        np.testing.assert_allclose(maps[k], correlate(image[..., 0], filters[k], "same"), atol=1e-4)


def test_a_model_without_convolutions_has_no_first_layer_to_show(keras):
    model, _ = linear_model()
    with pytest.raises(ValueError, match="no convolution"):
        first_layer(model, np.zeros((28, 28)))


def drawing_of(mnist, index):
    canvas = mnist_canvas(mnist.x_test[index][..., 0], Style())
    return {"background": None, "layers": [], "composite": canvas}


def test_inside_views_show_the_model_in_use(quick_recognizer, mnist):
    drawing = drawing_of(mnist, 0)
    reading = quick_recognizer.read(drawing)
    views = inside_views(quick_recognizer, drawing)
    assert len(views) == 4
    for picture, caption in views:
        assert picture.dtype == np.uint8 and picture.ndim == 3 and picture.shape[2] == 3
        assert isinstance(caption, str) and 10 < len(caption) <= 30  # whole in a gallery thumbnail
    seen, filters, maps, heat = (picture for picture, _ in views)
    assert seen.shape == (280, 280, 3)
    np.testing.assert_array_equal(
        seen[5::10, 5::10, 0], (reading.image.reshape(28, 28) * 255).astype(np.uint8)
    )
    assert "28 x 28" in views[0][1] and "8 filters, 5 x 5" in views[1][1]
    assert views[3][1].endswith(f"for {reading.digit}")
    assert heat.shape == (280, 280, 3) and heat.std() > 5
    assert filters.shape == (2 * 60 + 4, 4 * 60 + 3 * 4, 3)  # 8 filters in rows of 4
    assert maps.shape == (2 * 112 + 4, 4 * 112 + 3 * 4, 3)


def test_inside_views_follow_the_architecture(mnist, keras):
    from digits.train.models import build

    recognizer = Recognizer(build("recognizer"), "untrained")
    views = inside_views(recognizer, drawing_of(mnist, 0))
    assert "32 filters, 3 x 3" in views[1][1]
    assert views[1][0].shape == (4 * 60 + 3 * 4, 8 * 60 + 7 * 4, 3)  # 32 filters in rows of 8
    maps = views[2][0]
    assert maps[:8, :8].max() < 10 and maps.max() > 200  # blank paper stays dark, strokes light up


def test_inside_views_of_an_empty_canvas_are_empty(quick_recognizer):
    blank = {"background": None, "layers": [], "composite": np.full((300, 300, 4), 255, np.uint8)}
    assert inside_views(quick_recognizer, blank) == []
