"""Check a ``.docx`` (a zip archive) before python-docx reads it.

python-docx reads every part of the archive into memory, so a small file that
expands to gigabytes (a "zip bomb") would exhaust the machine. Each part is
therefore decompressed here first, as a stream, and counted: declared sizes can lie.
A part that declares a DTD (``<!DOCTYPE``, the door to entity expansion and to
external files) is refused too; Word never writes one. The XML parser reads a part in
the encoding its first bytes and its declaration name (XML 1.0, appendix F: UTF-8, UTF-16,
UTF-32 with or without a byte-order mark, or any encoding the declaration names, UTF-7
say), so the part is decoded the same way before it is searched; the raw bytes are searched
in the UTF encodings too, whatever the part claims to be.
"""

from __future__ import annotations

import codecs
import re
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
_MARKS = ("<!doctype", "<!entity")
"""What declares a DTD or an entity, searched case-insensitively."""
_UTF = ("utf-8", "utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be")
_RAW = tuple(mark.encode(codec) for mark in _MARKS for codec in _UTF)
"""The marks in each UTF encoding; ``bytes.lower()`` folds only ASCII letters, so a lowered
window holds one of these exactly when the part holds a mark in any letter case."""
_KEEP = max(len(mark) for mark in _RAW) - 1
_BOMS = ((b"\x00\x00\xfe\xff", "utf-32-be"), (b"\xff\xfe\x00\x00", "utf-32-le"),
         (b"\xef\xbb\xbf", "utf-8"), (b"\xfe\xff", "utf-16-be"), (b"\xff\xfe", "utf-16-le"))
_STARTS = ((b"\x00\x00\x00<", "utf-32-be"), (b"<\x00\x00\x00", "utf-32-le"),
           (b"\x00<\x00?", "utf-16-be"), (b"<\x00?\x00", "utf-16-le"),
           (b"\x4c\x6f\xa7\x94", "cp037"))
"""How an XML part without a byte-order mark starts, in each encoding family (``<?``)."""
_DECLARED = re.compile(r"""^\s*<\?xml\s[^>]*?\bencoding\s*=\s*["']([^"']{1,40})["']""")
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
    text: _Text | None = None
    with archive.open(info) as part:
        while chunk := part.read(CHUNK):
            size += len(chunk)
            problem = _size_problem(info, size, before + size)
            if problem is not None:
                return _odd(name, problem)
            text = text or _Text(chunk)
            if text.codec is None:
                return (f"{name}: phần {info.filename} khai báo bảng mã lạ mà Word không dùng, "
                        f"nên không kiểm tra được; {_RESAVE}.")
            window = tail + chunk.lower()
            if any(mark in window for mark in _RAW) or text.declares(chunk):
                return (f"{name}: phần {info.filename} có khai báo DTD (<!DOCTYPE …>) mà Word "
                        f"không bao giờ tạo ra, nên tệp có thể đã bị sửa để gây hại; {_RESAVE}.")
            tail = window[-_KEEP:]
    if size != info.file_size:
        raise zipfile.BadZipFile(f"size of {info.filename} differs from its header")
    return None


class _Text:
    """A part decoded as the XML parser decodes it (from its first chunk ``head``), searched
    for the marks as it streams; ``codec`` is None if Python cannot decode it that way."""

    def __init__(self, head: bytes) -> None:
        self.codec = _codec(head)
        self.tail = ""
        try:
            self.decoder = codecs.getincrementaldecoder(self.codec or "utf-8")(errors="replace")
            self.decoder.decode(b"")
        except (LookupError, UnicodeError, ValueError, TypeError):
            self.codec = None

    def declares(self, chunk: bytes) -> bool:
        """Whether the text so far holds a mark (one that cannot be decoded counts as one)."""
        if self.codec in _UTF:  # the raw search covers these, and images are not decoded
            return False
        try:
            decoded = self.decoder.decode(chunk)
        except (UnicodeError, ValueError, TypeError):
            return True
        if not isinstance(decoded, str):
            return True
        window = self.tail + decoded.lower()
        self.tail = window[-(max(map(len, _MARKS)) - 1):]
        return any(mark in window for mark in _MARKS)


def _codec(head: bytes) -> str | None:
    """The encoding an XML parser reads a part in (XML 1.0 appendix F): a byte-order mark or
    the first bytes, then the encoding declaration (None: a name Python does not know)."""
    family = next((codec for mark, codec in _BOMS if head.startswith(mark)), None)
    if family is not None and family != "utf-8":
        return family
    family = family or next((codec for mark, codec in _STARTS if head.startswith(mark)),
                            "utf-8")
    if family.startswith(("utf-16", "utf-32")):
        return family
    start = head[3:] if head.startswith(_BOMS[2][0]) else head
    match = _DECLARED.match(start[:200].decode(family, errors="replace"))
    if match is None:
        return family
    try:
        info = codecs.lookup(match.group(1))
    except LookupError:
        return None
    if not getattr(info, "_is_text_encoding", True):  # base64, rot13: no XML parser's
        return None
    declared = info.name
    return family if declared.startswith(("utf-16", "utf-32")) else declared


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
