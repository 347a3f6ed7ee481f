"""The CMS's local backend: ``decap-server`` (pinned in ``server/package-lock.json``).

It serves the forms a working copy instead of a forge: in ``git`` mode each save commits to
a branch ``cms/<collection>/<slug>`` and publishing merges it, as a pull request would.
``npm ci`` installs exactly the locked versions and checks each package's integrity.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import socket
import subprocess
import time
from collections.abc import Mapping
from importlib import resources
from pathlib import Path

from planpub.cms.bundle import CACHE, BundleError

SERVER_FILES = ("package.json", "package-lock.json")


def _lock_digest() -> str:
    data = resources.files("planpub.cms").joinpath("server", "package-lock.json").read_bytes()
    return hashlib.sha256(data).hexdigest()


def ensure_server(root: Path) -> Path:
    """The ``decap-server`` entry point, installed with ``npm ci`` once per lock file."""
    folder = root / CACHE / "server"
    marker = folder / ".installed"
    entry = folder / "node_modules" / "decap-server" / "dist" / "index.js"
    digest = _lock_digest()
    if entry.is_file() and marker.is_file() and marker.read_text().strip() == digest:
        return entry
    npm = shutil.which("npm")
    if npm is None:
        raise BundleError("cần Node.js và npm để chạy biểu mẫu trên máy này. Gợi ý: Debian, "
                          "Ubuntu: sudo apt-get install nodejs npm; macOS: brew install node; "
                          "Windows: cài Node.js LTS từ nodejs.org.")
    folder.mkdir(parents=True, exist_ok=True)
    for name in SERVER_FILES:
        (folder / name).write_bytes(
            resources.files("planpub.cms").joinpath("server", name).read_bytes())
    done = subprocess.run(
        [npm, "ci", "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error"],
        cwd=folder, capture_output=True, text=True, check=False)
    if done.returncode != 0 or not entry.is_file():
        raise BundleError("npm ci không cài được decap-server:\n" + done.stderr[-2000:])
    marker.write_text(digest + "\n")
    return entry


def free_port() -> int:
    """A TCP port nothing listens on now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def start_server(entry: Path, repo: Path, port: int,
                 env: Mapping[str, str] | None = None) -> subprocess.Popen[bytes]:
    """``decap-server`` in git mode over ``repo`` on ``port`` (loopback only), with ``env``
    added to its environment (the git identity it commits as); waits until it answers. The
    caller stops it (``terminate``)."""
    node = shutil.which("node")
    if node is None:
        raise BundleError("không tìm thấy lệnh node (Node.js).")
    settings = {**os.environ, **(env or {}), "MODE": "git", "GIT_REPO_DIRECTORY": str(repo),
                "PORT": str(port), "BIND_HOST": "127.0.0.1", "LOG_LEVEL": "warn"}
    process = subprocess.Popen([node, str(entry)], env=settings, cwd=repo)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise BundleError(f"decap-server dừng ngay khi chạy (mã {process.returncode}).")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return process
        except OSError:
            time.sleep(0.1)
    process.terminate()
    raise BundleError("decap-server không trả lời sau 20 giây.")
