"""The officers' forms in the build: ``/quan-tri/`` from ``extra.cms`` (:mod:`planpub.cms`).

``nox -s cms`` points the forms at its own local backend and at the working copy's branch
through ``PLANPUB_CMS_PROXY`` and ``PLANPUB_CMS_BRANCH``; a site built without them uses the
forge of ``mkdocs.yml``.
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError

from planpub.cms.forge import ConfigError, Forge, read_forge
from planpub.cms.site import cms_outputs
from planpub.site.names import Names
from planpub.site.outputs import Output

log = logging.getLogger("mkdocs.plugins.planpub")

_THEME_CSS = re.compile(r"^assets/stylesheets/(?:main|palette)\.[0-9a-f]+\.min\.css$")


def forge_of(extra: Mapping[str, Any]) -> Forge:
    """``extra.cms`` checked; a mistake stops the build with the fix."""
    try:
        forge = read_forge(extra)
    except ConfigError as err:
        raise PluginError(str(err)) from None
    if not forge.configured and not os.environ.get("PLANPUB_CMS_PROXY"):
        log.info("Biểu mẫu /quan-tri/ chỉ dùng được qua “nox -s cms” trên máy này: mkdocs.yml chưa "
                 "khai báo kho git (extra.cms; xem CONTRIBUTING.md, “Sửa kế hoạch bằng biểu mẫu”).")
    return forge


def styles(existing: Iterable[str], config: MkDocsConfig) -> list[str]:
    """The site's stylesheets (the theme's, then ours), for the preview."""
    theme = sorted((s for s in existing if _THEME_CSS.match(s)), key=lambda s: "palette" in s)
    own = ["assets/stylesheets/planpub.css", *(str(c) for c in config.extra_css)]
    return theme + [s for s in own if s in existing]


def admin_outputs(root: Path, config: MkDocsConfig, names: Names, forge: Forge,
                  existing: Iterable[str]) -> Iterator[Output]:
    """The files of ``/quan-tri/``."""
    yield from cms_outputs(
        root, names, forge, site_url=config.site_url or "", site_name=config.site_name,
        styles=styles(existing, config),
        local_backend=os.environ.get("PLANPUB_CMS_PROXY") or None,
        local_branch=os.environ.get("PLANPUB_CMS_BRANCH") or None)
