"""The browser tests, the noxfile and the benchmarks find Chromium one way (tests/browserpath.py):
``PLANPUB_CHROMIUM`` first, then PATH; without one, one message says how to get one."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import browserpath


def _executable(folder: Path, name: str) -> Path:
    folder.mkdir(exist_ok=True)
    path = folder / name
    path.write_text("#!/bin/sh\n", encoding="utf-8")
    path.chmod(0o755)
    return path


@pytest.fixture
def bare_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A PATH with only ``tmp_path/bin`` on it, and no PLANPUB_CHROMIUM."""
    folder = tmp_path / "bin"
    folder.mkdir()
    monkeypatch.setenv("PATH", str(folder))
    monkeypatch.delenv(browserpath.ENV, raising=False)
    monkeypatch.setattr(browserpath, "KNOWN", ())
    return folder


@pytest.mark.skipif(os.name == "nt", reason="POSIX executables")
def test_path_is_searched_for_the_usual_names(bare_path: Path) -> None:
    assert browserpath.find_chromium() is None
    found = _executable(bare_path, "chromium-browser")  # Ubuntu's name
    assert browserpath.find_chromium() == str(found)


@pytest.mark.skipif(os.name == "nt", reason="POSIX executables")
def test_planpub_chromium_comes_first(bare_path: Path, tmp_path: Path,
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    _executable(bare_path, "chromium")
    chosen = _executable(tmp_path / "elsewhere", "chrome")
    monkeypatch.setenv(browserpath.ENV, str(chosen))
    assert browserpath.find_chromium() == str(chosen)


def test_without_a_browser_the_message_says_how_to_get_one(
        bare_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(browserpath.ENV, "/khong/co/chromium")
    assert browserpath.find_chromium() is None  # a wrong setting is not silently ignored
    message = browserpath.missing_message()
    assert "PLANPUB_CHROMIUM=/khong/co/chromium không trỏ tới tệp chạy được" in message
    for system in ("Debian", "Ubuntu", "macOS", "Windows"):
        assert f"  - {system}: " in message
    assert 'nox -s tests -- -m "not browser"' in message
