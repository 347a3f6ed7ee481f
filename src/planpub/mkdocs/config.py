"""The plugin's options in ``mkdocs.yml`` (``plugins: [planpub: {...}]``), typed."""

from __future__ import annotations

from mkdocs.config import config_options as c
from mkdocs.config.base import Config

from planpub.render.calendar import CALENDAR_SPLIT


class PlanpubConfig(Config):
    """``search_index``: write the site search index; ``calendar_split``: above this many
    tasks, ``/lich/`` lists places, each with its own calendar page; ``grace_days``: a task
    whose lead has reported nothing this many days after its due date is shown overdue (unset:
    silence is never shown overdue, only a report of unfinished work is)."""

    search_index = c.Type(bool, default=True)
    calendar_split = c.Type(int, default=CALENDAR_SPLIT)
    grace_days = c.Optional(c.Type(int))
