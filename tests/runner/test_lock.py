"""One run at a time per reports folder, and no lock file left in what is published."""

from __future__ import annotations

import os

import pytest

from yubei_lib.runner.lock import LockedError, RunLock, lock_path


def test_the_lock_lives_outside_the_published_folder(tmp_path):
    out = tmp_path / "reports"
    with RunLock(out):
        assert lock_path(out).exists() and not lock_path(out).is_relative_to(out)
        assert not out.exists() or not any(out.iterdir())
    assert not lock_path(out).with_suffix(".owner").exists()


def test_a_second_holder_is_refused_with_the_first_ones_pid(tmp_path):
    with RunLock(tmp_path):
        with pytest.raises(LockedError, match=f"pid {os.getpid()}"):
            with RunLock(tmp_path):
                pass
    with RunLock(tmp_path):  # free again once released
        pass


def test_different_folders_do_not_block_each_other(tmp_path):
    with RunLock(tmp_path / "a"), RunLock(tmp_path / "b"):
        assert lock_path(tmp_path / "a") != lock_path(tmp_path / "b")
