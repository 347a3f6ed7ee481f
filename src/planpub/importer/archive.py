"""Check a ``.docx`` (a zip archive) before python-docx reads it.

python-docx reads every part of the archive into memory, so a small file that
expands to gigabytes (a "zip bomb") would exhaust the machine. Each part is
therefore decompressed here first, as a stream, and counted: declared sizes can lie.
A part that declares a DTD (``<!DOCTYPE``, the door to entity expansion and to
external files) is refused too; Word never writes one.
"""

from __future__ import annotations

import zipfile
import zlib
from pathlib import Path

MB = 1024 * 1024
MAX_MEMBERS = 2000
"""Parts in one archive (a long plan with images has a few dozen)."""
MAX_PART = 50 * MB
"""Decompressed size of one part (a 300-page plan's document.xml is a few MB)."""
MAX_TOTAL = 200 * MB
"""Decompressed size of all parts together."""
MAX_RATIO = 100
"""Compression ratio a large part may not exceed (Word's XML compresses about 10:1)."""
RATIO_FROM = 5 * MB
"""Parts smaller than this may compress as well as they like."""
CHUNK = MB

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # a Word file with a password, or an old .doc
_DTD = tuple("<!DOCTYPE".encode(codec) for codec in ("utf-8", "utf-16-le", "utf-16-be"))
_RESAVE = "hãy mở bằng Word, lưu lại rồi nhập lại"


def archive_problem(path: Path) -> str | None:
    """Why the ``.docx`` at ``path`` must not be parsed (one Vietnamese line), or None."""
    name = path.name
    with path.open("rb") as stream:
        head = stream.read(len(_OLE))
    if head == _OLE:
        return (f"{name} là tệp Word có đặt mật khẩu hoặc tệp .doc cũ đổi đuôi; hãy mở bằng Word, "
                "bỏ mật khẩu nếu có, lưu lại thành .docx rồi nhập lại.")
    if not zipfile.is_zipfile(path):
        return (f"{name} không phải tệp .docx hợp lệ (tệp hỏng hoặc đổi đuôi); mở bằng Word và "
                "lưu lại thành .docx.")
    try:
        with zipfile.ZipFile(path) as archive:
            return _members_problem(name, archive)
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError,
            ValueError) as err:
        return f"không đọc được {name} ({type(err).__name__}): tệp .docx hỏng; {_RESAVE}."


def _members_problem(name: str, archive: zipfile.ZipFile) -> str | None:
    members = archive.infolist()
    if len(members) > MAX_MEMBERS:
        return _odd(name, f"có {len(members)} phần, quá {MAX_MEMBERS} phần")
    declared = 0
    for info in members:
        if info.flag_bits & 0x1:
            return (f"{name} được mã hóa (đặt mật khẩu); hãy mở bằng Word, bỏ mật khẩu, lưu "
                    "lại rồi nhập lại.")
        declared += info.file_size
        problem = _size_problem(info, info.file_size, declared)
        if problem is not None:
            return _odd(name, problem)
    total = 0
    for info in members:
        problem = _stream_problem(name, archive, info, total)
        if problem is not None:
            return problem
        total += info.file_size
    return None


def _stream_problem(name: str, archive: zipfile.ZipFile, info: zipfile.ZipInfo,
                    before: int) -> str | None:
    """Decompress one part in chunks; stop as soon as it is too large or declares a DTD."""
    size = 0
    tail = b""
    with archive.open(info) as part:
        while chunk := part.read(CHUNK):
            size += len(chunk)
            problem = _size_problem(info, size, before + size)
            if problem is not None:
                return _odd(name, problem)
            window = tail + chunk
            if any(mark in window for mark in _DTD):
                return (f"{name}: phần {info.filename} có khai báo DTD (<!DOCTYPE …>) mà Word "
                        f"không bao giờ tạo ra, nên tệp có thể đã bị sửa để gây hại; {_RESAVE}.")
            tail = window[-(len(_DTD[1]) - 1):]
    if size != info.file_size:
        raise zipfile.BadZipFile(f"size of {info.filename} differs from its header")
    return None


def _size_problem(info: zipfile.ZipInfo, size: int, total: int) -> str | None:
    """What is wrong with a part of ``size`` bytes, after ``total`` bytes in all so far."""
    if size > MAX_PART:
        return f"phần {info.filename} giải nén ra hơn {_mb(MAX_PART)}"
    if total > MAX_TOTAL:
        return f"các phần giải nén ra tổng cộng hơn {_mb(MAX_TOTAL)}"
    if size > RATIO_FROM and size > MAX_RATIO * max(info.compress_size, 1):
        return (f"phần {info.filename} nén chặt bất thường (hơn {MAX_RATIO} lần, dấu hiệu của "
                "“bom nén”)")
    return None


def _odd(name: str, problem: str) -> str:
    return f"{name} là tệp .docx bất thường: {problem}; {_RESAVE}, hoặc gửi bản nhỏ hơn."


def _mb(size: int) -> str:
    return f"{size / MB:g} MB"
