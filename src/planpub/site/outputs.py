"""A generated file of the site, as every view hands it to the build."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass


@dataclass(frozen=True)
class Output:
    """A generated file. A page (``.md`` source) has a ``title`` and its body is made on
    demand; any other file carries its ``content``, or, when large, makes it piece by piece
    (``stream``) as it is written."""

    src: str
    content: str | bytes = ""
    in_nav: bool = False
    title: str | None = None
    stream: Callable[[], Iterator[str]] | None = None

    def pieces(self) -> Iterator[bytes]:
        """The file's bytes, in pieces (one, unless it streams)."""
        if self.stream is None:
            yield self.content.encode("utf-8") if isinstance(self.content, str) else self.content
            return
        for piece in self.stream():
            yield piece.encode("utf-8")
