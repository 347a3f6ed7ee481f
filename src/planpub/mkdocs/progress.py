"""A progress bar for a long build: what it is doing and how long is left, in Vietnamese.

A national site takes minutes to build; ``mkdocs build``, ``nox -s build`` and
``planpub publish`` show one bar per phase on a terminal (tqdm), then a line saying what each
phase took. Off a terminal (CI, a log file) nothing is drawn and the summary is not printed:
MkDocs' own "Đã dựng xong N trang" line says enough there. ``--verbose`` draws no bar either
(its log lines would tear it).
"""

from __future__ import annotations

import sys
import time
from typing import IO, Any

from tqdm import tqdm

BAR = ("{desc}: {percentage:3.0f}% |{bar}| {n_fmt}/{total_fmt}{unit} · đã {elapsed}, "
       "còn {remaining}")
COUNT = "{desc}: {n_fmt}{unit} · đã {elapsed}"
"""Without a total: how many so far."""


class Progress:
    """The build's phases, each with its bar; ``enabled`` only on a terminal."""

    def __init__(self, stream: IO[str] | None = None, enabled: bool | None = None,
                 interval: float = 0.5) -> None:
        self.stream = stream if stream is not None else sys.stderr
        self.interval = interval
        """Seconds between two drawings of a bar, at least."""
        self.enabled = (_is_terminal(self.stream) if enabled is None else enabled)
        self._bar: Any = None
        self._phase = ""
        self._started = 0.0
        self.took: dict[str, float] = {}
        """Seconds of each phase ended so far, in order."""

    def phase(self, label: str, total: int | None = None, unit: str = "trang",
              bar: bool = True) -> None:
        """End the current phase and start ``label`` (``total`` steps of ``unit``, or a count
        when the total is not known; ``bar=False``: timed, not drawn)."""
        self.end()
        self._phase, self._started = label, time.perf_counter()
        if not (self.enabled and bar):
            return
        self._bar = tqdm(total=total, desc=label, unit=f" {unit}", file=self.stream,
                         bar_format=BAR if total else COUNT, leave=False, dynamic_ncols=True,
                         mininterval=self.interval, miniters=1 if not self.interval else None,
                         smoothing=0.1)

    def step(self, n: int = 1) -> None:
        if self._bar is not None:
            self._bar.update(n)

    def clear(self) -> None:
        """Clear the bar's line before another line is printed (it is drawn again on the next
        step)."""
        if self._bar is not None:
            self._bar.clear()

    def end(self) -> None:
        """End the current phase (its time is kept)."""
        if self._phase:
            self.took[self._phase] = time.perf_counter() - self._started
            self._phase = ""
        if self._bar is not None:
            self._bar.close()
            self._bar = None

    def summary(self) -> str | None:
        """What each phase took, in one line; None off a terminal."""
        self.end()
        if not self.enabled or not self.took:
            return None
        parts = [f"{label.lower()} {_duration(seconds)}" for label, seconds in self.took.items()]
        return "Thời gian từng bước: " + ", ".join(parts) + "."


def _is_terminal(stream: IO[str]) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def _duration(seconds: float) -> str:
    """``8,4 giây``, ``2 phút 05 giây``."""
    if seconds < 60:
        return f"{seconds:.1f} giây".replace(".", ",")
    minutes, rest = divmod(round(seconds), 60)
    return f"{minutes} phút {rest:02d} giây"
