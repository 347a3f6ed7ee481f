"""The bases of a document ("Căn cứ …", "Thực hiện …") and the sentence announcing the plan."""

from __future__ import annotations

import re
from collections.abc import Sequence

from planpub.importer.blocks import Para, sentences
from planpub.importer.document import Outline
from planpub.importer.names import is_head

BASIS_START = re.compile(r"^(Căn cứ|Thực hiện|Theo đề nghị|Xét đề nghị|Theo)\s")
INTRO = re.compile(r"\b(?:ban hành|xây dựng|triển khai)\s+(?:Kế hoạch|kế hoạch|KẾ HOẠCH)\b|"
                    r"như sau\s*:?\s*$|nội dung sau\s*:?\s*$")
ATTACHED = re.compile(r"^(?:[-*•]\s*)?\(?\s*(?:Kèm|Ban hành kèm)\s+theo\b", re.IGNORECASE)


def _mask_split(text: str, sep: str) -> list[str]:
    """Split at ``sep`` outside brackets and quotes."""
    out, depth, quote, current = [], 0, False, ""
    for ch in text:
        if ch in "(“":
            depth += 1
        elif ch in ")”" and depth:
            depth -= 1
        elif ch == '"':
            quote = not quote
        if ch == sep and depth == 0 and not quote:
            out.append(current)
            current = ""
        else:
            current += ch
    out.append(current)
    return [s.strip() for s in out if s.strip()]


def _is_intro(segment: str) -> bool:
    """The sentence announcing the plan: "UBND tỉnh ban hành Kế hoạch … như sau:"."""
    if re.search(r"(?:như sau|sau)\s*:?\s*$", segment) or segment.rstrip().endswith(":"):
        return True
    return bool(INTRO.search(segment)) and is_head(segment)


def _split_intro(segment: str) -> tuple[str, str | None]:
    """"Thực hiện Luật …, UBND tỉnh ban hành Kế hoạch như sau:" → the basis and the intro."""
    for match in re.finditer(r",\s+", segment):
        rest = segment[match.end():]
        if is_head(rest) and INTRO.search(rest):
            return segment[: match.start()], rest
    return segment, None


def read_bases(paras: Sequence[Para], start: int, end: int, outline: Outline) -> None:
    """Read the bases and the plan's introductory sentence from ``paras[start:end]``."""
    first = True
    for para in paras[start:end]:
        text = para.text
        if ATTACHED.match(text):
            outline.attached = outline.attached or text.strip("() *")
            continue
        opener = BASIS_START.match(text)
        if not opener:
            if INTRO.search(text) or not outline.intro:
                outline.intro = text if not outline.intro else f"{outline.intro}\n\n{text}"
            continue
        word = opener.group(1)
        for k, sentence in enumerate(sentences(text)):
            for j, segment in enumerate(_mask_split(sentence, ";")):
                if _is_intro(segment) and not (k == 0 and j == 0):
                    outline.intro = segment
                    continue
                segment, intro_part = _split_intro(segment)
                if intro_part:
                    outline.intro = intro_part
                body = segment
                intro = None
                match = BASIS_START.match(segment)
                if match:
                    body = segment[match.end():].strip(" ,:")
                    intro = match.group(1)
                body = body.rstrip(" ;.,")
                if not body:
                    continue
                if first:
                    outline.bases_intro = intro or word
                    intro = None
                    first = False
                elif intro == outline.bases_intro and j > 0:
                    intro = None
                outline.bases.append((body, intro if j == 0 and k == 0 else None))
