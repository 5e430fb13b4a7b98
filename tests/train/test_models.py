"""The documents' architectures: their sizes and documented training settings."""

from __future__ import annotations

import pytest

from digits.train import models

# Parameter counts: the report's CNN worked out by hand, notebook C's as its summary printed them.
DOCUMENTED_PARAMS = {"report": 37_610, "c1": 2_435_210, "c2": 4_174_346, "c3": 3_093_386}


@pytest.mark.parametrize("name", list(DOCUMENTED_PARAMS))
def test_parameter_counts_match_the_documents(name, keras):
    assert models.build(name).count_params() == DOCUMENTED_PARAMS[name] == models.get(name).params


@pytest.mark.parametrize("name", list(models.ARCHITECTURES))
def test_each_architecture_states_its_true_weight_count(name, keras):
    assert models.get(name).params == models.build(name).count_params()


def test_reported_params_are_consistent_with_the_table():
    for name, arch in models.ARCHITECTURES.items():
        if "params" in arch.reported:
            assert arch.reported["params"] == DOCUMENTED_PARAMS[name] == arch.params


def test_notebook_a_cases_1_2_4_share_one_network(keras):
    counts = {models.build(n).count_params() for n in ("a1", "a2", "a4")}
    assert counts == {1_379_557}
    assert models.build("a3").count_params() != 1_379_557  # case 3 adds a fourth filter layer


@pytest.mark.parametrize("name", list(models.ARCHITECTURES))
def test_every_network_reads_28x28_into_10_probabilities(name, keras):
    model = models.build(name)
    assert tuple(model.input_shape) == (None, 28, 28, 1)
    # The mirror-aware reader has 8 more: each reversible digit written backwards.
    assert tuple(model.output_shape) == (None, 18 if name == "recognizer_mirror" else 10)
    assert model.layers[-1].activation.__name__ == "softmax"


def test_documented_training_settings():
    get = models.get
    assert (get("report").optimizer, get("report").learning_rate, get("report").epochs) == ("adam", 0.001, 5)
    assert get("report").batch_size == 128 and get("report").reported["test_accuracy"] == 0.9877
    assert (get("a1").optimizer, get("a1").epochs, get("a4").epochs, get("a3").epochs) == (
        "rmsprop",
        10,
        50,
        20,
    )
    assert (get("a2").loss, get("a3").loss) == ("poisson", "kl_divergence")
    assert all(get(n).batch_size == 100 and get(n).epochs == 20 for n in ("b2", "b5", "b8"))
    assert all(get(n).optimizer == "adadelta" and get(n).epochs == 12 for n in ("c1", "c2", "c3"))
    assert models.DEFAULT_MODEL in models.ARCHITECTURES and models.REPORT_MODEL in models.ARCHITECTURES


def test_unknown_name_lists_the_choices():
    with pytest.raises(ValueError, match="report, a1"):
        models.get("lenet")
