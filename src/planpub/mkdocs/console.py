"""What ``mkdocs build`` and ``mkdocs serve`` print: short Vietnamese lines, not MkDocs' English.

The planpub plugin puts a :class:`Console` filter on MkDocs' console handler (the one
``mkdocs`` itself sets up). Without ``--verbose``, an INFO line from MkDocs, its live-reload
server or mkdocs-macros is either replaced by a Vietnamese line a person needs (the address
to open, "Đang dựng trang…", "Đã dựng xong N trang…") or hidden. Our own lines, every
warning and every error always show. ``--verbose`` shows everything as MkDocs prints it.
"""

from __future__ import annotations

import logging
import re

from planpub.mkdocs.progress import Progress

OURS = "mkdocs.plugins.planpub"
"""The logger of planpub's own (Vietnamese) lines."""
STREAM_HANDLER = "MkDocsStreamHandler"
"""The name ``mkdocs`` gives the handler that prints to the console."""

_BUILT = re.compile(r"Documentation built in (?P<secs>[\d.]+) seconds")
_SERVING = re.compile(r"Serving on (?P<url>\S+)")


def _seconds(text: str) -> str:
    return f"{float(text):.1f}".replace(".", ",")


class _QuietDirty(logging.Filter):
    """Drop MkDocs' English warning about dirty builds: a preview means to be one."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith("A 'dirty' build is being performed")


QUIET_DIRTY = _QuietDirty()
"""Put on ``mkdocs.commands.build``'s logger while a preview runs."""


class Console(logging.Filter):
    """Rewrites or drops MkDocs' English INFO records on their way to the console."""

    def __init__(self) -> None:
        super().__init__()
        self.pages = 0
        """Pages of the build that is finishing (set by the plugin)."""
        self.builds = 0
        self.shown: set[str] = set()
        """Our lines already printed by this process (a preview rebuild repeats none)."""
        self.progress: Progress | None = None
        """The build's progress bar, cleared before a line is printed."""

    def filter(self, record: logging.LogRecord) -> bool:
        shown = self._shown(record)
        if shown and self.progress is not None:
            self.progress.clear()  # the line goes where the bar was; the bar comes back
        return shown

    def _shown(self, record: logging.LogRecord) -> bool:
        if record.levelno >= logging.WARNING:
            return True
        if record.name.startswith(OURS):  # a preview rebuild repeats none of ours
            return self._first(record.getMessage())
        text = self._vietnamese(record.getMessage())
        if text is None:
            return False
        record.msg, record.args = text, ()
        return True

    def _vietnamese(self, message: str) -> str | None:
        """Our line for an English one, None to hide it."""
        if message.startswith("Building documentation..."):  # serve: before each build
            self.builds += 1  # the first was announced by the plugin's on_startup
            return "Đã thấy thay đổi, đang dựng lại…" if self.builds > 1 else None
        if built := _BUILT.search(message):
            return f"Đã dựng xong {self.pages} trang trong {_seconds(built['secs'])} giây."
        if serving := _SERVING.search(message):
            return (f"Xem trước tại {serving['url']} (mở địa chỉ này trong trình duyệt; "
                    "trang tự tải lại khi lưu tệp; dừng: Ctrl+C).")
        if message.startswith("Shutting down"):
            return "Đã dừng xem trước."
        return None

    def _first(self, text: str) -> bool:
        if text in self.shown:
            return False
        self.shown.add(text)
        return True

    def warn(self, text: str) -> None:
        """Print ``text`` once as a WARNING line without counting it as a ``--strict`` warning.

        Data warnings (a dissolved agency, a citation to check) must not stop a build;
        outside the ``mkdocs`` command (no console handler) they stay quiet INFO records.
        """
        if not self._first(text):
            return
        handler = console_handler()
        if handler is None:
            logging.getLogger(OURS).info(text)
            return
        handler.handle(logging.LogRecord(OURS, logging.WARNING, __file__, 0, text, (), None))


def console_handler() -> logging.Handler | None:
    """The handler ``mkdocs`` prints with, if this process is the ``mkdocs`` command."""
    for handler in logging.getLogger("mkdocs").handlers:
        if handler.name == STREAM_HANDLER:
            return handler
    return None


def verbose() -> bool:
    """``mkdocs … --verbose``: MkDocs' logger is at DEBUG."""
    return logging.getLogger("mkdocs").getEffectiveLevel() <= logging.DEBUG


def install(console: Console) -> None:
    """Put ``console`` on MkDocs' console handler unless the user asked for ``--verbose``."""
    handler = console_handler()
    if handler is not None and not verbose() and console not in handler.filters:
        handler.addFilter(console)


def uninstall(console: Console) -> None:
    """Take ``console`` off again (the plugin's ``on_shutdown``)."""
    handler = console_handler()
    if handler is not None:
        handler.removeFilter(console)
