"""Where the browser tests' Chromium is: ``PLANPUB_CHROMIUM`` first, then PATH.

The one lookup the noxfile, tests/conftest.py and the benchmarks share. Standard library
only: the noxfile imports it with nox's own Python.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

ENV = "PLANPUB_CHROMIUM"
"""A Chromium-based browser to use (path or command name); wins over PATH."""
REQUIRE = "PLANPUB_REQUIRE_BROWSER"
"""Set (``nox -s check``, ``.ci/run``, any CI): a missing browser fails the browser tests
instead of skipping them."""
NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")
"""Commands looked up on PATH, in this order."""
KNOWN = (
    "/Applications/Chromium.app/Contents/MacOS/Chromium",
    "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
    r"C:\Program Files\Google\Chrome\Application\chrome.exe",
    r"C:\Program Files (x86)\Google\Chrome\Application\chrome.exe",
)
"""Where macOS and Windows install them (those rarely put the browser on PATH)."""


def find_chromium() -> str | None:
    """The browser's executable, or None (``PLANPUB_CHROMIUM`` set but wrong: None too)."""
    chosen = os.environ.get(ENV, "").strip()
    if chosen:
        return _executable(chosen)
    for name in NAMES:
        if found := shutil.which(name):
            return found
    return next((path for path in KNOWN if Path(path).is_file()), None)


def _executable(name: str) -> str | None:
    if Path(name).is_file():
        return name
    return shutil.which(name)


def browser_required() -> bool:
    """A missing browser is a failure here (CI), not a skip."""
    return bool(os.environ.get(REQUIRE) or os.environ.get("CI"))


def missing_message() -> str:
    """What to do without a browser (Vietnamese, one message everywhere)."""
    chosen = os.environ.get(ENV, "").strip()
    where = (f"{ENV}={chosen} không trỏ tới tệp chạy được." if chosen else
             f"Không tìm thấy trình duyệt Chromium ({ENV} chưa đặt; trong PATH không có "
             f"{', '.join(NAMES)}).")
    return (
        f"{where} Kiểm thử trên trình duyệt cần Chromium hoặc Google Chrome. Cách cài:\n"
        "  - Debian: sudo apt-get install chromium\n"
        "  - Ubuntu: sudo snap install chromium\n"
        "  - macOS: brew install --cask chromium (hoặc cài Google Chrome)\n"
        "  - Windows: cài Google Chrome\n"
        f"Hoặc đặt {ENV} là đường dẫn tới trình duyệt đã có, ví dụ "
        f"{ENV}=/usr/bin/chromium. Chạy mọi kiểm thử khác không cần trình duyệt: "
        "nox -s tests -- -m \"not browser\""
    )
