"""Write the search index: small gzip files a browser fetches only as a query needs them.

Layout under the output folder (see ``search.js`` for the reader)::

    manifest.json        record count, kinds and their id ranges, buckets, years, places
    b/<n>.bin            hash buckets: the postings of keys whose lists are small
    t/<n>.bin            one file per key with a long list (its bucket holds a stub)
    r/<kind>-<n>.bin     record data (title, URL, text for excerpts, meta), a few per file
    han.json             due dates of tasks by id range (for sorting by due date)
    dia-ban/<id>.json    places and agencies inside a province-level locality (filters)

Every ``.bin`` file is gzip. An entry is ``key``, a type, then either a posting
list (ids as delta varints, one weight byte per id: title and head bits and a score,
see :data:`TITLE`; and which ids hold each written form of the key), a plain id
set (filters ``@n:2025``, ``@l:<place>``, ``@a:<agency>``; ``@e:<day>``, the records in
force until that day, ``@e:`` those no longer in force; ``@p:<place>``, the plans for a
place and its own record, see :func:`planpub.search.text.place_key`; ``@b:<boost>``, pages
whose front matter sets ``search: boost:``), or a stub pointing at its own ``t/`` file.
The manifest lists the ``@e:`` days (``ends``), the ``@b:`` boosts (``boosts``), how
to read a weight byte (``weightStep``) and the words a place name may start with
(``placeWords``).

Record ids follow :data:`planpub.search.records.KINDS`, so a kind is an id range
and tasks (last) run from the soonest due date.
"""

from __future__ import annotations

import hashlib
import json
import math
import shutil
import time
from array import array
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from planpub.search.binary import deltas, entry_count, fnv1a, gz, varint
from planpub.search.records import KIND_LABELS, KINDS, LOOKUP, Record
from planpub.search.text import PLACE_WORDS, terms

SHARD = {"trang": 1, "van-ban": 8, "ke-hoach": 2, "co-quan": 32, "dia-ban": 32,
         "tra-cuu": 32, "nhiem-vu": 8}
"""Records per data file, by kind (long pages alone, short agency records by the dozen)."""
BIG = 2048
"""A key whose entry is longer than this (bytes before gzip) gets its own file."""
BUCKET = 6_000
"""Target bytes (before gzip) of a bucket file."""
MAX_FORMS = 16
"""Written forms tracked per key (more are rare: the rest rank as inexact)."""
K1, B = 1.2, 0.75
"""BM25 term saturation and length normalisation."""
BODY_SCORE = 60 * (K1 + 1)  # the highest score of a key in a record's text
TITLE_SCORE, HEAD_SCORE = 100, 50
"""What a key in a title (or else in a head) of average length adds; a shorter one adds
more, as BM25 weighs a short text: "Sở Tư pháp" is more of "Sở Tư pháp tỉnh Quảng Ngãi"
than of a document title of thirty words."""
WEIGHT_STEP = (BODY_SCORE + TITLE_SCORE * (K1 + 1) / (K1 * (1 - B) + 1)) / 0x3F
"""A score is written in 63 of these steps (the manifest's ``weightStep``)."""

POSTINGS, SET, STUB = 0, 1, 2
_Norms = tuple["array[float]", "array[float]", "array[float]"]


@dataclass(slots=True)
class Posting:
    """The records holding one key: ids, a tf/field code per id, the form each writes it in."""

    ids: array = field(default_factory=lambda: array("I"))  # type: ignore[type-arg]
    codes: bytearray = field(default_factory=bytearray)
    written: bytearray = field(default_factory=bytearray)
    """Per id, an index into ``forms`` (``MAX_FORMS`` for a form not tracked)."""
    forms: dict[str, int] = field(default_factory=dict)


TITLE, HEAD = 0x80, 0x40
"""Field bits of a posting code (its low 6 bits: the weighted term count) and of a weight
byte (its low 6 bits: the score), which let the browser see name matches."""


@dataclass
class Stats:
    """What was written."""

    records: int = 0
    keys: int = 0
    files: int = 0
    bytes: int = 0
    seconds: float = 0.0


class IndexWriter:
    """Collects records (in :data:`KINDS` order) and writes the index folder."""

    def __init__(self, out: Path) -> None:
        self.out = out
        self.postings: dict[str, Posting] = {}
        self.sets: dict[str, array] = {}  # type: ignore[type-arg]
        self.lengths = array("I")
        self.named = array("H")  # words of each record's title, then of its head
        self.names = (1.0, 1.0)  # their averages (over records with a head, for heads)
        self.kind_of = array("B")
        self.kinds: list[list[Any]] = []
        self.due: list[list[Any]] = []
        self.years: set[int] = set()
        self.ends: set[str] = set()
        self.boosts: set[str] = set()
        self.shard: list[dict[str, Any]] = []
        self.stats = Stats()
        self.digest = hashlib.sha1()
        if out.exists():
            shutil.rmtree(out)
        for sub in ("b", "t", "r", "dia-ban"):
            (out / sub).mkdir(parents=True)

    # ------------------------------------------------------------------ adding
    def add_all(self, records: Iterable[Record]) -> None:
        for record in records:
            self.add(record)
        self._flush_shard()

    def add(self, record: Record) -> None:
        ident = len(self.lengths)
        kind = KINDS.index(record.kind)
        if not self.kinds or self.kinds[-1][0] != record.kind:
            if self.kinds and KINDS.index(self.kinds[-1][0]) > kind:
                raise ValueError(f"records out of kind order at {record.url}")
            self._flush_shard()
            self.kinds.append([record.kind, ident, 0, SHARD[record.kind],
                               KIND_LABELS[record.kind]])
        self.kinds[-1][2] += 1
        self.kind_of.append(kind)
        strong = terms(record.title)
        head = terms(record.head)
        body = terms(record.text)
        extra = terms(record.extra)
        self.lengths.append(body.length + extra.length)
        self.named.extend((min(strong.length, 0xFFFF), min(head.length, 0xFFFF)))
        counts = Counter(body.keys)
        counts.update(body.keys)
        counts.update(extra.keys)
        titled = set(strong.keys)
        headed = set(head.keys)
        for k in titled.union(headed).difference(counts):
            counts[k] = 0
        forms = {**extra.forms, **body.forms, **head.forms, **strong.forms}
        postings = self.postings
        for k, n in counts.items():
            posting = postings.get(k)
            if posting is None:
                posting = postings[k] = Posting()
            posting.ids.append(ident)
            posting.codes.append(n if n < 0x3F else 0x3F)
            form = forms.get(k)
            if form is None:
                posting.written.append(MAX_FORMS)
                continue
            known = posting.forms
            index = known.get(form)
            if index is None:
                index = len(known)
                if index < MAX_FORMS:
                    known[form] = index
                else:
                    index = MAX_FORMS
            posting.written.append(index)
        for k in titled:  # this record's code is the last of each of its keys' postings
            postings[k].codes[-1] |= TITLE
        for k in headed:
            postings[k].codes[-1] |= HEAD
        if record.year is not None:
            self.years.add(record.year)
        if record.ends is not None:
            self.ends.add(record.ends)
        if record.boost != 1:
            self.boosts.add(f"{record.boost:g}")
        for k in record.sets():
            self.sets.setdefault(k, array("I")).append(ident)
        if record.due is not None:
            if self.due and self.due[-1][0] == record.due.isoformat():
                self.due[-1][2] += 1
            else:
                self.due.append([record.due.isoformat(), ident, 1])
        self.shard.append(_data(record))
        if len(self.shard) >= self.kinds[-1][3]:
            self._flush_shard()

    def _flush_shard(self) -> None:
        if not self.shard:
            return
        kind, _start, count, size, _ = self.kinds[-1]
        number = (count - len(self.shard)) // size
        self._write(self.out / "r" / f"{kind}-{number}.bin",
                    json.dumps(self.shard, ensure_ascii=False, separators=(",", ":")).encode())
        self.shard = []

    def _write(self, path: Path, data: bytes, compress: bool = True) -> None:
        body = gz(data) if compress else data
        path.write_bytes(body)
        self.digest.update(data)
        self.stats.files += 1
        self.stats.bytes += len(body)

    # ------------------------------------------------------------------ weights
    def _weights(self, posting: Posting, norms: _Norms) -> bytes:
        """Per id, one byte: whether the key is in its title, its head, and its score (text
        and title or head, BM25) in ``WEIGHT_STEP`` steps."""
        out = bytearray()
        body, title, head = norms
        for ident, code in zip(posting.ids, posting.codes, strict=True):
            tf = (code & 0x3F) / 2
            score = BODY_SCORE * tf / (body[ident] + tf) if tf else 0.0
            if code & TITLE:
                score += title[ident]
            elif code & HEAD:
                score += head[ident]
            out.append(code & (TITLE | HEAD) | max(1, min(0x3F, round(score / WEIGHT_STEP))))
        return bytes(out)

    def _norms(self, avgdl: list[float]) -> _Norms:
        """Per record: ``K1`` times its text's BM25 length norm, and what the key adds when in
        its title, or in its head (the parts of a score that depend on the record only)."""
        body = array("d", (K1 * (1 - B + B * length / (avgdl[kind] or 1))
                           for length, kind in zip(self.lengths, self.kind_of, strict=True)))
        named = [array("d", ((TITLE_SCORE, HEAD_SCORE)[field] * (K1 + 1)
                             / (K1 * (1 - B + B * n / self.names[field]) + 1)
                             for n in self.named[field::2])) for field in (0, 1)]
        return body, named[0], named[1]

    def _entry(self, k: str, posting: Posting, norms: _Norms) -> bytes:
        out = bytearray()
        name = k.encode()
        varint(len(name), out)
        out += name
        out.append(POSTINGS)
        varint(len(posting.ids), out)
        deltas(posting.ids, out)
        out += self._weights(posting, norms)
        forms = list(posting.forms)
        if forms == [k] and MAX_FORMS not in posting.written:
            varint(0, out)  # every record writes the key as is
            return bytes(out)
        having: list[list[int]] = [[] for _ in forms]
        for ident, index in zip(posting.ids, posting.written, strict=True):
            if index < MAX_FORMS:
                having[index].append(ident)
        varint(len(forms), out)
        for form, ids in zip(forms, having, strict=True):
            encoded = form.encode()
            varint(len(encoded), out)
            out += encoded
            if len(ids) * 2 > len(posting.ids):
                out.append(1)  # list the ids written otherwise: shorter
                taken = set(ids)
                lacking = [i for i in posting.ids if i not in taken]
                varint(len(lacking), out)
                deltas(lacking, out)
            else:
                out.append(0)
                varint(len(ids), out)
                deltas(ids, out)
        return bytes(out)

    @staticmethod
    def _set_entry(k: str, ids: array) -> bytes:  # type: ignore[type-arg]
        out = bytearray()
        name = k.encode()
        varint(len(name), out)
        out += name
        out.append(SET)
        varint(len(ids), out)
        deltas(ids, out)
        return bytes(out)

    # ------------------------------------------------------------------ writing
    def _entries(self) -> Iterator[tuple[str, bytes]]:
        totals = [0.0] * len(KINDS)
        counts = [0] * len(KINDS)
        for length, kind in zip(self.lengths, self.kind_of, strict=True):
            totals[kind] += length
            counts[kind] += 1
        avgdl = [t / c if c else 1.0 for t, c in zip(totals, counts, strict=True)]
        title, head = ([n for n in self.named[i::2] if n] for i in (0, 1))
        self.names = (sum(title) / len(title) if title else 1.0,
                      sum(head) / len(head) if head else 1.0)
        norms = self._norms(avgdl)
        for k in sorted(self.postings):
            yield k, self._entry(k, self.postings.pop(k), norms)
        for k in sorted(self.sets):
            yield k, self._set_entry(k, self.sets.pop(k))

    def finish(self, places: dict[str, dict[str, Any]], top: list[list[str]],
               started: float) -> Stats:
        """Write postings, buckets, the due-date table, place files and the manifest."""
        small: list[tuple[str, bytes]] = []
        big = 0
        keys = 0
        for k, entry in self._entries():
            keys += 1
            if len(entry) > BIG:
                name = k.encode()
                self._write(self.out / "t" / f"{big}.bin", entry)
                stub = bytearray()
                varint(len(name), stub)
                stub += name
                stub.append(STUB)
                varint(entry_count(entry), stub)
                varint(big, stub)
                small.append((k, bytes(stub)))
                big += 1
            else:
                small.append((k, entry))
        total = sum(len(e) for _, e in small)
        buckets = max(1, math.ceil(total / BUCKET))
        grouped: list[list[bytes]] = [[] for _ in range(buckets)]
        for k, entry in small:
            grouped[fnv1a(k) % buckets].append(entry)
        for number, entries in enumerate(grouped):
            self._write(self.out / "b" / f"{number}.bin", b"".join(entries))
        self._write(self.out / "han.json", _json(self.due), compress=False)
        for place_id, content in places.items():
            self._write(self.out / "dia-ban" / f"{place_id}.json", _json(content),
                        compress=False)
        self.stats.records = len(self.lengths)
        self.stats.keys = keys
        self.stats.seconds = round(time.perf_counter() - started, 2)
        manifest = {
            "version": self.digest.hexdigest()[:12],
            "records": len(self.lengths),
            # what a "common" word is a share of: the lookup's names would raise it (search.js)
            "commonBase": sum(count for kind, _, count, *_ in self.kinds if kind != LOOKUP),
            "buckets": buckets,
            "kinds": self.kinds,
            "years": sorted(self.years, reverse=True),
            "places": top,
            "ends": sorted(self.ends),
            "boosts": sorted(self.boosts),
            "weightStep": round(WEIGHT_STEP, 4),
            "placeWords": list(PLACE_WORDS),
            # no timing here: the same commit must build to the same bytes
            "stats": {"keys": keys, "files": self.stats.files + 1, "bytes": self.stats.bytes},
        }
        (self.out / "manifest.json").write_bytes(_json(manifest))
        return self.stats


def _json(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode()


def _data(record: Record) -> dict[str, Any]:
    """What the browser shows of a record."""
    out: dict[str, Any] = {"u": record.url, "t": record.title}
    if record.head:
        out["h"] = record.head
    if record.text:
        out["x"] = record.text
    if record.meta:
        out["m"] = record.meta
    if record.sections:
        out["s"] = [[s.offset, s.anchor, s.heading] for s in record.sections]
    if record.ended:
        out["e"] = [record.ends, record.ended]
    return out
