"""What ``mkdocs build`` / ``mkdocs serve`` (``nox -s build`` / ``serve``) print: our short
Vietnamese lines; MkDocs' and mkdocs-macros' English INFO lines only with ``--verbose``."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import mkdocs_env

PLAN = "plans/pho-minh-2024-boi-thuong-nha-nuoc.yaml"
UNKNOWN = "Nghị định số 999/2099/NĐ-CP"
"""A citation no registry lists: a data warning (not an error) on the plan's page."""
ENGLISH = ("Building documentation", "Cleaning site directory", "Documentation built in",
           "Found local Python module", "[macros]", 'not included in the "nav"',
           "Serving on", "Watching paths", "Shutting down")


def _with_a_warning(repo: Path) -> Path:
    """``repo`` with one task title citing an unknown document (one validation warning)."""
    path = repo / PLAN
    text = path.read_text(encoding="utf-8")
    title = re.search(r"(?m)^    title: .*$", text)
    assert title is not None
    path.write_text(text.replace(title.group(), f"{title.group()} theo {UNKNOWN}", 1),
                    encoding="utf-8")
    return repo


def _build(repo: Path, *flags: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", *flags, "-d",
         str(repo.parent / "site")],
        cwd=repo, env=mkdocs_env(), capture_output=True, text=True, check=False, timeout=600)


def test_a_build_says_what_helps_in_vietnamese_and_each_warning_once(make_repo: Path) -> None:
    done = _build(_with_a_warning(make_repo))
    said = done.stdout + done.stderr
    assert done.returncode == 0, said  # a data warning does not stop a strict build
    for english in ENGLISH:
        assert english not in said
    assert re.search(r"(?m)^INFO +-  Đang dựng trang…$", said)
    assert re.search(r"(?m)^INFO +-  Đã dựng xong \d+ trang trong \d+,\d giây\.$", said), said
    warned = [line for line in said.splitlines() if UNKNOWN in line]
    assert len(warned) == 1, warned  # once, as a warning
    assert re.match(rf"WARNING +-  {PLAN}:\d+: cảnh báo: ", warned[0]), warned


def test_verbose_shows_mkdocs_own_lines(make_repo: Path) -> None:
    done = _build(make_repo, "--verbose")
    said = done.stdout + done.stderr
    assert done.returncode == 0, said
    assert "Documentation built in" in said
    assert "Found local Python module" in said
    assert "Cleaning site directory" in said


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.mark.skipif(os.name == "nt", reason="Ctrl+C is a POSIX signal here")
def test_a_preview_says_where_it_is_when_it_rebuilds_and_that_ctrl_c_stopped_it(
        make_repo: Path) -> None:
    port = _free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--livereload", "--dirty", "--no-strict",
         "-a", f"127.0.0.1:{port}"],
        cwd=_with_a_warning(make_repo), env=mkdocs_env(), stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT, text=True,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))  # as in a terminal
    lines: list[str] = []

    def read_until(text: str, count: int = 1) -> None:
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline and "".join(lines).count(text) < count:
            line = proc.stdout.readline() if proc.stdout else ""
            if not line:
                break
            lines.append(line)

    try:
        read_until("Xem trước tại")
        time.sleep(1)  # let the watcher settle
        (make_repo / "content" / "index.md").touch()  # a saved file
        read_until("Đã dựng xong", 2)
        proc.send_signal(signal.SIGINT)  # what Ctrl+C sends
        rest, _ = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    said = "".join(lines) + rest
    assert proc.returncode == 0, said
    assert f"Xem trước tại http://127.0.0.1:{port}/" in said
    assert said.count("Đã thấy thay đổi, đang dựng lại…") == 1, said
    assert said.count("Đã dựng xong") == 2, said
    assert said.count("Đang dựng trang…") == 1
    assert said.count(UNKNOWN) == 1, said  # the rebuild does not repeat the warning
    assert said.rstrip().endswith("Đã dừng xem trước."), said[-500:]
    for english in ENGLISH:
        assert english not in said
