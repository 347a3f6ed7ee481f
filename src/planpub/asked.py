"""What a check was asked about: the files named on the command line, and their findings.

Every plan is always loaded (references between plans must resolve); with paths, only the
findings in the files named are shown, with the registries' and (when no progress file is
named) the progress files'. A path under ``progress/`` names a progress file, not a plan.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from planpub.diagnostics import Diagnostic
from planpub.layout import PROGRESS_DIR, REGISTRY_DIR
from planpub.repofiles import display_path, display_paths, plan_files


@dataclass
class Asked:
    """The files a check reports on."""

    every: list[Path]
    """Every plan file of the repository."""
    chosen: list[Path]
    """The plan files asked about (every one when nothing is named)."""
    extra: list[Path]
    """Plan files asked about that are not in ``plans/`` (a draft, a missing file)."""
    reports: list[str]
    """Display paths of the progress files named."""
    named: bool
    """Whether any path was named."""
    missing: list[Diagnostic]
    """A progress file named that does not exist."""

    def shown(self, root: Path) -> list[str]:
        """Display paths of :attr:`chosen`."""
        return display_paths(self.chosen, root)

    def answer(self, root: Path, diags: Iterable[Diagnostic]) -> list[Diagnostic]:
        """The findings about what was asked, each once, in file and line order."""
        out = [*diags, *self.missing]
        if self.named:
            wanted = {*self.shown(root), *self.reports}
            out = [d for d in out if d.path in wanted or d.path.startswith(f"{REGISTRY_DIR}/")
                   or (not self.reports and d.path.startswith(f"{PROGRESS_DIR}/"))]
        return sorted(set(out), key=lambda d: (d.path, d.line or 0, d.field, d.message))


def ask(root: Path, paths: Sequence[Path] | None) -> Asked:
    """The files ``paths`` name in the repository at ``root`` (none: everything)."""
    reports = [display_path(p, root) for p in paths or () if _in_progress(p, root)]
    missing = [Diagnostic(shown, None, "error", "", "không tìm thấy tệp.", "kiểm tra đường dẫn.")
               for shown in reports if not os.path.lexists(root / shown)]
    plans = [p for p in paths or () if not _in_progress(p, root)]
    every = plan_files(root)
    chosen = plan_files(root, plans) if plans else [] if reports else every
    extra: list[Path] = []
    if plans:  # each path once, as written (links not followed)
        known = {os.path.abspath(e) for e in every}
        extra = [p for p in chosen if os.path.abspath(p) not in known]
    return Asked(every, chosen, extra, reports, bool(plans or reports), missing)


def _in_progress(path: Path, root: Path) -> bool:
    shown = display_path(path, root)
    return shown == PROGRESS_DIR or shown.startswith(f"{PROGRESS_DIR}/")
