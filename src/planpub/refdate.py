"""The date static pages count "upcoming" and "overdue" from, kept reproducible.

A build does not read the clock when it can avoid it: ``SOURCE_DATE_EPOCH`` when set (publish
sets it to the commit's time), else the date of the commit checked out, else (a folder that is
not a git repository) today's date. The reader's browser recounts from its own clock.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from planpub.gitrev import GitError, commit
from planpub.vocab import VN_TIME, source_date_epoch, vn_today


def reference_date(root: Path) -> dt.date:
    """The date pages built from ``root`` count from (in Vietnam's time zone)."""
    epoch = source_date_epoch()
    if epoch is not None:
        return dt.datetime.fromtimestamp(epoch, VN_TIME).date()
    try:
        return commit(root).date.astimezone(VN_TIME).date()
    except (GitError, OSError):
        return vn_today()
