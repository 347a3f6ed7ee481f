"""The index's byte encodings: the key hash the browser also computes, varints, id deltas,
gzip (see :mod:`planpub.search.index` for the layout)."""

from __future__ import annotations

import gzip
from collections.abc import Iterable


def fnv1a(text: str) -> int:
    """32-bit FNV-1a of the UTF-8 bytes (the browser computes the same)."""
    value = 0x811C9DC5
    for byte in text.encode("utf-8"):
        value = ((value ^ byte) * 0x01000193) & 0xFFFFFFFF
    return value


def varint(value: int, out: bytearray) -> None:
    while value >= 0x80:
        out.append((value & 0x7F) | 0x80)
        value >>= 7
    out.append(value)


def deltas(ids: Iterable[int], out: bytearray) -> None:
    last = -1
    for ident in ids:
        varint(ident - last - 1, out)
        last = ident


def gz(data: bytes) -> bytes:
    return gzip.compress(data, compresslevel=9, mtime=0)


def entry_count(entry: bytes) -> int:
    """The id count of an encoded entry (after its key and type)."""
    pos = 0
    length, pos = read_varint(entry, pos)
    pos += length + 1
    count, _ = read_varint(entry, pos)
    return count


def read_varint(data: bytes, pos: int) -> tuple[int, int]:
    value = shift = 0
    while True:
        byte = data[pos]
        pos += 1
        value |= (byte & 0x7F) << shift
        if byte < 0x80:
            return value, pos
        shift += 7
