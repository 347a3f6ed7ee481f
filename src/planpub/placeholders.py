"""What ``planpub import`` writes where it could not read the document.

One place for the importer (which writes them) and the checks (which warn while any is
left in a plan), so that a draft nobody finished never passes ``planpub validate``
silently.
"""

from __future__ import annotations

import re

from planpub.slug import nfc

UNTITLED_PLAN = "Kế hoạch (chưa có trích yếu)"
"""The plan's ``title`` when the document's summary line was not found."""
UNKNOWN_ISSUER = "Cơ quan ban hành chưa xác định"
"""The name of the agency proposed as ``issuer`` when no issuing body was found."""
UNREAD_TASK = "Nhiệm vụ (chưa nhận ra từ văn bản)"
"""The one task of a draft in which no task was recognised."""
_UNTITLED_TASK = "Nhiệm vụ {number} (chưa có tiêu đề)"
_UNTITLED_TASK_RE = re.compile(r"Nhiệm vụ \S+ \(chưa có tiêu đề\)")


def untitled_task(number: str) -> str:
    """The ``title`` of task ``number`` when the document prints none."""
    return _UNTITLED_TASK.format(number=number)


def is_plan_title(text: str) -> bool:
    """Whether a plan's title is still the importer's placeholder."""
    return nfc(text).strip() == UNTITLED_PLAN


def is_issuer_name(text: str) -> bool:
    """Whether an agency's name is the importer's placeholder for an unknown issuer (the
    importer may have added the plan's place after it)."""
    return nfc(text).strip().startswith(UNKNOWN_ISSUER)


def is_task_title(text: str) -> bool:
    """Whether a task's title is still one of the importer's placeholders."""
    text = nfc(text).strip()
    return text == UNREAD_TASK or bool(_UNTITLED_TASK_RE.fullmatch(text))
