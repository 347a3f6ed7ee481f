"""The plugin's options in ``mkdocs.yml`` (``plugins: [planpub: {...}]``), typed, and the one
option commands outside a build read: ``grace_days``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.exceptions import ConfigurationError
from mkdocs.utils.yaml import get_yaml_loader, yaml_load

from planpub.diagnostics import BuildError
from planpub.layout import MKDOCS_FILE
from planpub.site.calendars import PAGE_TASKS, SPLIT_ABOVE
from planpub.site.paging import LIST_ITEMS

PLUGIN = "planpub"
"""The plugin's name in ``mkdocs.yml`` (its entry point)."""


class PlanpubConfig(Config):
    """``search_index``: write the site search index; ``calendar_split``: above this many
    tasks, ``/lich/`` lists places, each with its own calendar page; ``page_tasks``: a place's
    calendar or an agency with more tasks than this gets a page per year, cut into parts of at
    most this many tasks; ``list_items``: an index or place page lists at most this many plans
    or agencies by name (a document page a quarter of it), and counts the rest by place;
    ``grace_days``: a task whose lead has reported nothing this many days
    after its due date is shown overdue (unset: silence is never shown overdue, only a report of
    unfinished work is); ``shared_navigation``: generated pages outside ``nav`` reuse the
    theme's navigation HTML of a page alike (planpub.mkdocs.chrome; turn off for a theme
    override whose navigation depends on more than the page's section and place)."""

    search_index = c.Type(bool, default=True)
    shared_navigation = c.Type(bool, default=True)
    calendar_split = c.Type(int, default=SPLIT_ABOVE)
    page_tasks = c.Type(int, default=PAGE_TASKS)
    list_items = c.Type(int, default=LIST_ITEMS)
    grace_days = c.Optional(c.Type(int))


class _Loader(yaml.SafeLoader):
    """A safe loader: ``!!python/...`` tags (a slugify function, say) are read as nothing,
    never imported; MkDocs adds ``!ENV`` and ``!relative`` to it."""


_Loader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


def _plugin_options(config: dict[str, Any]) -> dict[str, Any] | None:
    """The options ``mkdocs.yml`` gives the plugin (None: the plugin is not listed)."""
    plugins = config.get("plugins")
    entries = list(plugins.items()) if isinstance(plugins, dict) else [
        next(iter(p.items())) if isinstance(p, dict) and len(p) == 1 else (p, {})
        for p in plugins or []]
    for name, options in entries:
        if name == PLUGIN:
            return dict(options) if isinstance(options, dict) else {}
    return None


def grace_days(root: Path) -> int | None:
    """The site's ``grace_days`` in ``root/mkdocs.yml`` (None: no such file, the plugin is not
    listed, or the option is unset), read with MkDocs' loader (``!ENV``, ``INHERIT``) and
    checked as a build checks it; :class:`BuildError` (Vietnamese) when it cannot be read."""
    path = root / MKDOCS_FILE
    try:
        with path.open("rb") as handle:
            config = yaml_load(handle, get_yaml_loader(_Loader))
    except FileNotFoundError:
        return None
    except (OSError, ConfigurationError, yaml.YAMLError) as err:
        raise BuildError(f"{MKDOCS_FILE}: không đọc được cấu hình trang ({err}). Cách sửa: sửa "
                         f"{MKDOCS_FILE} (chạy “nox -s build” để xem lỗi chi tiết).") from None
    options = _plugin_options(config if isinstance(config, dict) else {})
    if options is None:
        return None
    options.pop("enabled", None)
    checked = PlanpubConfig(config_file_path=str(path))
    checked.load_dict(options)
    failed, _ = checked.validate()
    if failed:
        problems = "; ".join(f"{name}: {error}" for name, error in failed)
        raise BuildError(f"{MKDOCS_FILE}: tùy chọn của plugin {PLUGIN} không hợp lệ "
                         f"({problems}). Cách sửa: ví dụ “grace_days: 30” (số ngày, số "
                         "nguyên), hoặc bỏ dòng đó.")
    value: int | None = checked.grace_days
    return value
