"""Read a plan document (``.docx``, ``.txt``, ``.md``) into paragraphs and tables.

Bad input never raises anything but :class:`SourceError`, whose message is one
Vietnamese line an officer can act on.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from planpub.importer.archive import archive_problem
from planpub.importer.blocks import Block, Cell, Para, Table, normalise, squash
from planpub.importer.lines import blocks_from_text
from planpub.oserrors import reason
from planpub.safefile import UnsafeFile, kind_of, read_capped
from planpub.vocab import roman

TEXT_SUFFIXES = (".txt", ".md", ".markdown")
SUFFIXES = (".docx", *TEXT_SUFFIXES)
MAX_BYTES = 20 * 1024 * 1024


class SourceError(Exception):
    """A source document that cannot be read; ``str()`` is the Vietnamese reason."""


def read_source(path: Path) -> list[Block]:
    """The blocks of the document at ``path``."""
    try:
        blocks = _read(path, path.suffix.lower())
    except OSError as err:
        raise SourceError(f"không đọc được {path.name} ({reason(err)}); kiểm tra đường dẫn và "
                          "quyền đọc tệp.") from None
    if not any(isinstance(b, Para) or b.rows for b in blocks):
        raise SourceError(f"{path.name} không có nội dung chữ; hãy kiểm tra lại tệp.")
    return blocks


def _read(path: Path, suffix: str) -> list[Block]:
    if not path.exists():
        raise SourceError(f"không tìm thấy tệp {path}; kiểm tra lại đường dẫn.")
    if path.is_dir():
        raise SourceError(f"{path} là một thư mục; hãy chỉ ra một tệp văn bản kế hoạch.")
    kind = kind_of(path.stat().st_mode)
    if kind is not None:
        raise SourceError(f"{path} là {kind}, không phải tệp thường; hãy chỉ ra tệp văn bản kế "
                          "hoạch (.docx, .txt, .md).")
    if suffix == ".doc":
        raise SourceError(f"{path.name} là tệp Word cũ (.doc); mở bằng Word và lưu lại thành "
                          ".docx rồi nhập lại.")
    if suffix not in SUFFIXES:
        raise SourceError(f"không hỗ trợ định dạng “{suffix or path.name}”; hãy dùng tệp "
                          ".docx, .txt hoặc .md.")
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise SourceError(f"{path.name} quá lớn ({size // 1024 // 1024} MB); một kế hoạch "
                          "thường nhỏ hơn nhiều, hãy kiểm tra lại tệp.")
    return _read_docx(path) if suffix == ".docx" else blocks_from_text(_decode(path))


def _decode(path: Path) -> str:
    try:
        raw = read_capped(path, MAX_BYTES)
    except UnsafeFile as err:
        raise SourceError(f"{path.name}: {err.message} Cách sửa: {err.hint}") from None
    if not raw.strip():
        raise SourceError(f"{path.name} trống; hãy chọn tệp có nội dung kế hoạch.")
    bom = next((codec for mark, codec in _BOMS if raw.startswith(mark)), None)
    if bom is not None:
        try:
            text = raw.decode(bom)
        except UnicodeDecodeError:
            label = bom.upper()
            raise SourceError(
                f"{path.name} là tệp {label} bị hỏng (cắt cụt hoặc có ký tự không hợp lệ), nên "
                f"không đọc được. Cách sửa: mở tệp bằng trình soạn thảo và lưu lại bằng mã hóa "
                "UTF-8, hoặc dùng tệp .docx.") from None
    else:
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise SourceError(
                f"{path.name} không phải văn bản UTF-8 (có thể là tệp nhị phân hoặc mã cũ "
                "TCVN3/VNI); mở tệp và lưu lại với mã hóa UTF-8.") from None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    controls = sum(1 for c in text if ord(c) < 32 and c not in "\n\t\f\v")
    if "\x00" in text or controls > max(8, len(text) // 100):
        raise SourceError(f"{path.name} chứa ký tự điều khiển, không phải văn bản thuần; "
                          "hãy xuất lại văn bản dạng .txt (UTF-8) hoặc dùng tệp .docx.")
    return normalise(re.sub(r"[\x00-\x08\x0b-\x1f]", " ", text))


_BOMS = ((b"\xff\xfe\x00\x00", "utf-32"), (b"\x00\x00\xfe\xff", "utf-32"),
         (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))
"""Byte-order marks of the UTF-16 and UTF-32 text files Notepad and others save (longest
first: a UTF-32 mark starts like a UTF-16 one)."""


# --------------------------------------------------------------------------- .docx

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _read_docx(path: Path) -> list[Block]:
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    problem = archive_problem(path)  # a zip bomb or a DTD never reaches python-docx
    if problem is not None:
        raise SourceError(problem)
    try:
        document = docx.Document(str(path))
        numbering = _Numbering(document)
        raw: list[Para | Table] = []
        for item in document.iter_inner_content():
            if isinstance(item, docx.table.Table):
                raw.append(_docx_table(item, numbering))
            else:
                para = _docx_para(item, numbering)
                if para is not None:
                    raw.append(para)
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, AttributeError,
            TypeError, IndexError) as err:
        raise SourceError(f"không đọc được {path.name} ({type(err).__name__}): tệp .docx hỏng; "
                          "mở bằng Word và lưu lại rồi nhập lại.") from None
    except Exception as err:  # lxml raises its own XML errors for corrupt parts
        if type(err).__module__.startswith("lxml"):
            raise SourceError(f"không đọc được {path.name}: nội dung XML của tệp .docx bị hỏng; "
                              "mở bằng Word và lưu lại rồi nhập lại.") from None
        raise
    return list(_rejoin(raw))


def _rejoin(blocks: list[Para | Table]) -> Iterator[Block]:
    """Word paragraphs broken mid-sentence (converted from PDF) are joined back."""
    run: list[Para] = []
    for block in blocks:
        if isinstance(block, Table):
            yield from _merge(run)
            run = []
            yield block
        else:
            run.append(block)
    yield from _merge(run)


def _merge(run: list[Para]) -> list[Para]:
    if not run:
        return []
    out = [run[0]]
    for para in run[1:]:
        prev = out[-1]
        first = para.text[0]
        if not para.heading and not prev.heading and (first.islower() or first in ",;)") \
                and not re.search(r"[.;:!?]$", prev.text):
            out[-1] = Para(f"{prev.text} {para.text}", prev.lines + para.lines,
                           prev.bold and para.bold, prev.italic and para.italic)
        else:
            out.append(para)
    return out


def _docx_para(paragraph: Any, numbering: _Numbering) -> Para | None:
    runs = [r for r in paragraph.runs if r.text]
    text = normalise("".join(r.text for r in runs) or paragraph.text)
    prefix = numbering.prefix(paragraph)
    if prefix:
        text = f"{prefix} {text}"
    lines = [squash(x) for x in text.split("\n") if squash(x)]
    if not lines:
        return None
    letters = [(r, sum(c.isalpha() for c in r.text)) for r in runs]
    total = sum(n for _, n in letters) or 1
    style_bold = bool(paragraph.style is not None and paragraph.style.font.bold)
    bold = sum(n for r, n in letters if r.bold or (r.bold is None and style_bold)) / total
    italic = sum(n for r, n in letters if r.italic) / total
    level = 0
    name = (paragraph.style.name if paragraph.style is not None else "") or ""
    match = re.match(r"(?i)heading\s*(\d)", name)
    if match:
        level = int(match.group(1))
    elif name.lower() == "title":
        level = 1
    return Para(squash(" ".join(lines)), tuple(lines), bold >= 0.8, italic >= 0.8, level)


def _docx_table(table: Any, numbering: _Numbering) -> Table:
    """Rows of cells; a merged cell is the same object in every grid position it spans."""
    rows = []
    seen: list[tuple[Any, Cell]] = []
    for row in table.rows:
        cells: list[Cell] = []
        for cell in row.cells:
            known = next((c for tc, c in seen if tc is cell._tc), None)
            if known is None:
                paras = [p for p in (_docx_para(x, numbering) for x in cell.paragraphs) if p]
                known = tuple(_merge(paras))
                seen.append((cell._tc, known))
            cells.append(known)
        rows.append(tuple(cells))
    return Table(tuple(rows))


_FORMATS = ("decimal", "lowerLetter", "upperLetter", "lowerRoman", "upperRoman", "bullet")


class _Numbering:
    """Word's automatic list numbers (they are not in the paragraph text)."""

    def __init__(self, document: Any) -> None:
        self.levels: dict[tuple[str, int], tuple[str, str, int]] = {}
        self.counters: dict[str, list[int]] = {}
        try:
            root = document.part.numbering_part.element
        except (NotImplementedError, KeyError, AttributeError):
            return
        abstract = {a.get(f"{_W}abstractNumId"): a for a in root.iter(f"{_W}abstractNum")}
        for num in root.iter(f"{_W}num"):
            ref = num.find(f"{_W}abstractNumId")
            node = abstract.get(ref.get(f"{_W}val")) if ref is not None else None
            if node is None:
                continue
            for lvl in node.iter(f"{_W}lvl"):
                fmt = lvl.find(f"{_W}numFmt")
                text = lvl.find(f"{_W}lvlText")
                start = lvl.find(f"{_W}start")
                self.levels[(num.get(f"{_W}numId"), int(lvl.get(f"{_W}ilvl", "0")))] = (
                    fmt.get(f"{_W}val") if fmt is not None else "decimal",
                    text.get(f"{_W}val") if text is not None else "%1.",
                    int(start.get(f"{_W}val")) if start is not None else 1,
                )

    @staticmethod
    def _numpr(paragraph: Any) -> Any:
        """The paragraph's list numbering, its own or its style's (List Bullet, List Number)."""
        ppr = paragraph._p.pPr
        if ppr is not None and ppr.numPr is not None:
            return ppr.numPr
        style = paragraph.style
        for _ in range(10):
            if style is None:
                return None
            spr = style.element.pPr
            if spr is not None and spr.numPr is not None:
                return spr.numPr
            style = style.base_style
        return None

    def prefix(self, paragraph: Any) -> str:
        numpr = self._numpr(paragraph)
        if numpr is None or numpr.numId is None:
            return ""
        num_id = str(numpr.numId.val)
        level = int(numpr.ilvl.val) if numpr.ilvl is not None else 0
        spec = self.levels.get((num_id, level))
        if spec is None or num_id == "0":
            return ""
        fmt, pattern, _ = spec
        if fmt == "bullet" or fmt not in _FORMATS:
            return "-"
        counters = self.counters.setdefault(num_id, [])
        while len(counters) <= level:
            counters.append(self.levels.get((num_id, len(counters)), spec)[2] - 1)
        counters[level] += 1
        del counters[level + 1:]

        def value(match: re.Match[str]) -> str:
            k = int(match.group(1)) - 1
            kfmt = self.levels.get((num_id, k), spec)[0]
            return _format(counters[k] if k < len(counters) else 1, kfmt)

        return re.sub(r"%(\d)", value, pattern).strip()


def _format(n: int, fmt: str) -> str:
    if fmt in ("lowerLetter", "upperLetter"):
        letter = "abcdefghijklmnopqrstuvwxyz"[(n - 1) % 26]
        return letter if fmt == "lowerLetter" else letter.upper()
    if fmt in ("lowerRoman", "upperRoman"):
        numeral = roman(n)
        return numeral.lower() if fmt == "lowerRoman" else numeral
    return str(n)
