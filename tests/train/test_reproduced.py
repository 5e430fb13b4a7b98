"""The reproduction record: labels that never call a partial run a reproduction, resume, skip, summaries."""

from __future__ import annotations

import json

from digits.train import reproduced
from tests.conftest import ROOT


def test_only_a_full_run_of_every_epoch_can_be_a_reproduction():
    assert reproduced.status(0.9875, 0.9877, 5, 5, None) == "reproduced"
    assert reproduced.status(0.9840, 0.9877, 5, 5, None) == "missed"
    assert reproduced.status(0.9877, 0.9877, 4, 5, None) == "partial"
    assert reproduced.status(0.9877, 0.9877, 5, 5, 2000) == "subset"


def test_results_file_is_written_whole_and_read_forgivingly(tmp_path):
    path = tmp_path / "r.json"
    assert reproduced.load(path) == {}
    path.write_text("{not json")
    assert reproduced.load(path) == {}
    reproduced.save({"c1": {"name": "c1"}, "report": {"name": "report"}}, path)
    assert list(json.loads(path.read_text())["networks"]) == ["report", "c1"]  # the documents' order
    assert [p.name for p in tmp_path.iterdir()] == ["r.json"]  # no temporary file left behind


def test_summary_and_table_say_what_was_measured(tmp_path):
    path = tmp_path / "r.json"
    base = {"cpus": 2, "test_loss": 0.04, "curve": []}
    reproduced.save(
        {
            "report": base
            | dict(
                name="report",
                status="reproduced",
                test_accuracy=0.9874,
                document_accuracy=0.9877,
                epochs_done=5,
                epochs=5,
                wall_seconds=185.0,
            ),
            "b8": base
            | dict(
                name="b8",
                status="partial",
                test_accuracy=0.95,
                document_accuracy=0.9751,
                epochs_done=6,
                epochs=20,
                wall_seconds=3600.0,
            ),
        },  # fmt: skip
        path,
    )
    assert reproduced.summary("report", path) == (
        "Trained here: 98.74% in 3 min on 2 CPU cores, 5 epochs (its document: 98.77%)."
    )
    assert (
        reproduced.summary("report", path, document=False)
        == "Trained here: 98.74% in 3 min on 2 CPU cores, 5 epochs."
    )
    assert reproduced.summary("b8", path).startswith("Trained here only 6 of 20 epochs (60 min")
    assert reproduced.summary("c2", path) == ""
    rows = reproduced.table(path).splitlines()
    assert len(rows) == 2 + len(reproduced.NETWORKS)
    assert "| report | report | 98.77% | 98.74% | 5 of 5 | 3 min | reproduced |" in rows
    assert any(r.startswith("| b8 |") and "6 of 20" in r and "| partial" in r for r in rows)
    assert any(r.startswith("| c2 |") and "not run yet" in r for r in rows)


def test_the_docs_table_is_the_results_file():
    measurements = (ROOT / "docs" / "measurements.md").read_text(encoding="utf-8")
    assert reproduced.table() in measurements  # python benchmarks/reproduce.py --table, pasted whole
