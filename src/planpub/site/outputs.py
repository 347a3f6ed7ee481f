"""A generated file of the site, as every view hands it to the build."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass


@dataclass(frozen=True)
class Output:
    """A generated file. A page (``.md`` source) has a ``title`` and its body is made on
    demand; any other file carries its ``content``, or makes it when it is written
    (``stream``: piece by piece when large; :func:`later` when costly, so that a preview
    makes only the files it is asked for)."""

    src: str
    content: str | bytes = ""
    in_nav: bool = False
    title: str | None = None
    stream: Callable[[], Iterator[str | bytes]] | None = None

    def pieces(self) -> Iterator[bytes]:
        """The file's bytes, in pieces (one, unless it streams)."""
        for piece in (self.content,) if self.stream is None else self.stream():
            yield piece.encode("utf-8") if isinstance(piece, str) else piece


def later(src: str, make: Callable[[], str | bytes]) -> Output:
    """A file whose content ``make`` makes when the file is written."""
    return Output(src, stream=lambda: iter((make(),)))
