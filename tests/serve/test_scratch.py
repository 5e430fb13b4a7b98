"""A visit's files (digits/serve/scratch.py): made when asked, bounded, freed, tidied after a crash."""

from __future__ import annotations

import os

import pytest

from digits.serve import scratch
from digits.serve.scratch import Scratch, ScratchLimits


def files(folder) -> list[str]:
    return sorted(str(f.relative_to(folder)) for f in folder.rglob("*") if f.is_file())


def test_a_visitors_downloads_are_bounded_and_freed_with_them(tmp_path):
    mine = Scratch(tmp_path / "visitor", ScratchLimits(files=3, megabytes=1))
    paths = [mine.write(f"summary-{k}.csv", lambda p, k=k: p.write_text(f"round {k}")) for k in range(5)]
    assert len({p.parent for p in paths}) == 5  # each download at an address of its own
    kept = sorted(p.name for p in (tmp_path / "visitor").rglob("*.csv"))
    assert kept == ["summary-2.csv", "summary-3.csv", "summary-4.csv"]  # the newest three
    big = mine.write("model.keras", lambda p: p.write_bytes(b"x" * 2**20))  # the newest is always kept
    assert files(tmp_path / "visitor") == [str(big.relative_to(tmp_path / "visitor"))]
    mine.free()
    assert not (tmp_path / "visitor").exists() and not big.exists()


def test_a_refused_download_leaves_no_folder(tmp_path):
    mine = Scratch(tmp_path / "visitor")

    def refuse(path):
        path.write_bytes(b"half")
        raise ValueError("There are no drawings to download yet.")

    with pytest.raises(ValueError):
        mine.write("class_set.zip", refuse)
    assert list(tmp_path.iterdir()) == []


def test_a_visitors_folder_is_named_from_their_session_but_never_shows_it(tmp_path):
    one = scratch.visitor_folder(tmp_path, "abc123")
    assert one == scratch.visitor_folder(tmp_path, "abc123") and "abc123" not in str(one)
    assert scratch.visitor_folder(tmp_path, "../../etc").parent == one.parent  # never a path
    assert scratch.visitor_folder(tmp_path / "elsewhere", "abc123", make=False) is None  # nothing made


def dead_server_folder(parent, name: str = "dead"):
    """What `python app.py` killed with -9 leaves: its held folder (its lock gone with it), a model
    cut off mid-save, a visitor's download."""
    dead = parent / (scratch.PREFIX + name)
    (dead / "runs" / "run-x").mkdir(parents=True)
    (dead / scratch.HELD).write_bytes(b"")  # nobody holds its lock any more
    (dead / "runs" / "run-x" / "model.keras").write_bytes(b"")
    (dead / "visitors" / "ab" / "cd").mkdir(parents=True)
    (dead / "visitors" / "ab" / "cd" / "round-summary.csv").write_text("item,attempts\n5,2\n")
    return dead


def test_start_up_tidies_what_ended_servers_left_and_spares_the_living(tmp_path):
    dead = dead_server_folder(tmp_path)
    living = scratch.held(tmp_path)  # this process: a server still running
    (living / "runs").mkdir()
    old = tmp_path / "digits-run-abc"  # an older version's loose run folder, a day old
    (old / "model.keras").parent.mkdir()
    (old / "model.keras").write_bytes(b"")
    os.utime(old, (0, 0))
    fresh = tmp_path / "digits-summary-def"  # maybe an older version's server still running
    fresh.mkdir()
    other = tmp_path / "someone-elses"
    other.mkdir()
    (tmp_path / (scratch.PREFIX + "a-file")).write_text("not a folder")

    assert scratch.tidy(tmp_path) == 2
    assert not dead.exists() and not old.exists()
    assert living.exists() and fresh.exists() and other.exists()
    assert scratch.tidy(tmp_path / "absent") == 0  # nothing there yet: nothing to do


def test_a_folder_that_cannot_go_stops_nothing_else(tmp_path, monkeypatch):
    first, second = dead_server_folder(tmp_path, "one"), dead_server_folder(tmp_path, "two")
    real = scratch.shutil.rmtree

    def stuck(path, *args, **kwargs):
        if str(path) == str(first):
            raise PermissionError(13, "Permission denied")
        return real(path, *args, **kwargs)

    monkeypatch.setattr(scratch.shutil, "rmtree", stuck)
    assert scratch.tidy(tmp_path) == 1 and first.exists() and not second.exists()
