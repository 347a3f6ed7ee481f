"""The CMS's browser files: pinned npm tarballs, fetched once, verified, kept in ``.cache/cms``.

The site serves them itself (no CDN when a page is viewed). Each tarball's ``sha512`` is the
npm registry's ``dist.integrity`` for that exact version; a tarball that does not match is
refused and nothing is kept. Why not ``npm ci``: the build needs only a few files of two
packages, the build machine may have no Node.js, and Python's ``hashlib`` checks the same
integrity value npm would.
"""

from __future__ import annotations

import base64
import hashlib
import io
import os
import shutil
import tarfile
import tempfile
import urllib.error
import urllib.request
from dataclasses import dataclass
from fnmatch import fnmatch
from pathlib import Path

REGISTRY = "https://registry.npmjs.org"
CACHE = Path(".cache") / "cms"
"""Under the repository root; gitignored, safe to delete."""


@dataclass(frozen=True)
class Package:
    """One pinned npm package and the files of it the site serves."""

    name: str
    version: str
    integrity: str
    files: tuple[str, ...]
    """Patterns under ``package/`` in the tarball."""

    @property
    def tarball(self) -> str:
        """The registry address of the tarball."""
        base = self.name.rsplit("/", 1)[-1]
        return f"{REGISTRY}/{self.name}/-/{base}-{self.version}.tgz"

    @property
    def folder(self) -> str:
        """The cache folder of this version."""
        return f"{self.name.replace('/', '-')}-{self.version}"


DECAP = Package(
    "decap-cms", "3.16.3",
    "sha512-hf+dPlCh7TJmWl8+6VRzHYOWhri5xgUknrZbDewaWe4s9B7xJ8PQugp2QHeSldMUKzav6+z0oIpwUYhUJD"
    "YtYw==",
    ("dist/decap-cms.js", "dist/*.decap-cms.js", "dist/*.wasm", "README.md"),
)
JS_YAML = Package(
    "js-yaml", "4.1.0",
    "sha512-wpxZs9NoxZaJESJGIZTyDEaYpl0FKSA+FB9aJiyemKhMwkxQg63h4T1KJgUGHpTqPDNRcmmYLugrRjJlBtWvRA"
    "==",
    ("dist/js-yaml.min.js", "LICENSE"),
)
PACKAGES = (DECAP, JS_YAML)

DONE = ".verified"
"""Written last in a package's folder: the folder is complete and came from a verified tarball."""


class BundleError(Exception):
    """The bundle could not be fetched or did not verify; the message is for the officer."""


def integrity_of(data: bytes) -> str:
    """npm's ``dist.integrity`` form of ``data``: ``sha512-<base64>``."""
    return "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode("ascii")


def _fetch(package: Package) -> bytes:
    registry = os.environ.get("PLANPUB_NPM_REGISTRY", REGISTRY).rstrip("/")
    url = package.tarball.replace(REGISTRY, registry, 1)
    try:
        with urllib.request.urlopen(url, timeout=120) as response:
            data: bytes = response.read()
    except (urllib.error.URLError, OSError) as err:
        raise BundleError(
            f"không tải được {package.name} {package.version} từ {url}: {err}. Gợi ý: kiểm tra "
            "kết nối mạng tới kho npm (hoặc đặt PLANPUB_NPM_REGISTRY tới kho nội bộ) rồi chạy "
            "lại.") from None
    return data


def _unpack(package: Package, data: bytes, target: Path) -> None:
    """Extract the wanted regular files of ``data`` (no links, nothing outside ``package/``)."""
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as tar:
        for member in tar.getmembers():
            name = member.name.removeprefix("package/")
            if not member.isfile() or ".." in Path(name).parts or name.startswith("/"):
                continue
            if not any(fnmatch(name, pattern) for pattern in package.files):
                continue
            source = tar.extractfile(member)
            if source is None:
                continue
            out = target / Path(name).name
            out.write_bytes(source.read())


def ensure(root: Path, package: Package) -> Path:
    """The folder of ``package``'s verified files, fetching and checking them if needed."""
    cache = root / CACHE
    folder = cache / package.folder
    if (folder / DONE).is_file():
        return folder
    data = _fetch(package)
    found = integrity_of(data)
    if found != package.integrity:
        raise BundleError(
            f"gói {package.name} {package.version} tải về không khớp mã kiểm tra (cần "
            f"{package.integrity[:24]}…, nhận {found[:24]}…): không dùng gói này. Gợi ý: thử "
            "lại; nếu vẫn sai, kho npm hoặc đường mạng đang trả tệp khác, hãy báo người quản trị.")
    cache.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=cache, prefix=".tmp-") as tmp:
        staging = Path(tmp) / package.folder
        staging.mkdir()
        _unpack(package, data, staging)
        (staging / DONE).write_text(package.integrity + "\n", encoding="ascii")
        if folder.exists():
            shutil.rmtree(folder, ignore_errors=True)
        try:
            staging.rename(folder)
        except OSError:  # another process (a parallel build or test) put it there first
            if not (folder / DONE).is_file():
                raise
    return folder


def ensure_all(root: Path) -> list[Path]:
    """Every package's folder (see :func:`ensure`)."""
    return [ensure(root, package) for package in PACKAGES]


def cached(root: Path, package: Package) -> Path | None:
    """The folder of ``package`` if it was fetched and verified, without fetching."""
    folder = root / CACHE / package.folder
    return folder if (folder / DONE).is_file() else None
