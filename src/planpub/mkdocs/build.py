"""Build a site in-process, strictly: the one build function publish (and tools) call."""

from __future__ import annotations

import contextlib
import logging
import os
from collections.abc import Iterator, Mapping
from pathlib import Path

from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort, ConfigurationError, MkDocsException

from planpub.diagnostics import BuildError
from planpub.layout import MKDOCS_FILE


class _Collect(logging.Handler):
    """Keeps the warnings and errors a build logs, to name them if the build fails."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(f"{record.levelname}: {record.getMessage()}")


@contextlib.contextmanager
def _environment(values: Mapping[str, str]) -> Iterator[None]:
    saved = {key: os.environ.get(key) for key in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def build_site(root: Path, out: Path, env: Mapping[str, str] | None = None) -> None:
    """Build the repository at ``root`` strictly into ``out`` (search index included).

    ``env`` sets variables for the build only (``SOURCE_DATE_EPOCH`` for reproducible
    dates). Raises :class:`BuildError` with the warnings that stopped it.
    """
    config_file = root / MKDOCS_FILE
    if not config_file.is_file():
        raise BuildError(f"không tìm thấy {config_file}.")
    logger = logging.getLogger("mkdocs")
    collect, propagate = _Collect(), logger.propagate
    logger.addHandler(collect)
    logger.propagate = False  # quiet: only a failure is worth showing
    cwd = Path.cwd()
    try:
        with _environment({"NO_MKDOCS_2_WARNING": "1", **(env or {})}):
            os.chdir(root)
            config = load_config(str(config_file), site_dir=str(out), strict=True)
            config.plugins.on_startup(command="build", dirty=False)
            try:
                build(config)
            finally:
                config.plugins.on_shutdown()
    except (Abort, ConfigurationError, MkDocsException, SystemExit) as err:
        # mkdocs-macros ends the process (SystemExit) when a content page's Jinja fails
        shown = "\n".join(collect.lines[-20:] or [str(err) or "không có thông báo"])
        raise BuildError(f"dựng trang thất bại (mkdocs build --strict).\n{shown}") from None
    finally:
        os.chdir(cwd)
        logger.removeHandler(collect)
        logger.propagate = propagate
