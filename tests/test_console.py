"""The terminal: one-line messages, and Ctrl-C as a request that is never lost."""

from __future__ import annotations

import os
import signal

import pytest

from digits.console import ctrl_c_as_a_request, say


def test_say_writes_one_line_on_stderr(capsys):
    say("a model file\nis damaged")
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err == "digits: a model file is damaged\n"


def test_the_first_ctrl_c_is_a_request_and_a_second_one_interrupts():
    before = signal.getsignal(signal.SIGINT)
    with ctrl_c_as_a_request() as asked:
        os.kill(os.getpid(), signal.SIGINT)
        assert asked.is_set()
        with pytest.raises(KeyboardInterrupt):
            os.kill(os.getpid(), signal.SIGINT)
            for _ in range(10**6):  # the interrupt arrives within a few bytecodes
                pass
    assert signal.getsignal(signal.SIGINT) is before
