"""A generated file of the site, as every view hands it to the build."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Output:
    """A generated file. A page (``.md`` source) has a ``title`` and its body is made on
    demand; any other file carries its ``content``."""

    src: str
    content: str | bytes = ""
    in_nav: bool = False
    title: str | None = None
