"""Property: whatever a careless officer or an attacker does to the bundled plans and
registries, ``planpub validate`` answers 0 or 1, in time and memory, without a traceback or
"Lỗi nội bộ", and every error names a file.

Hypothesis mutates a copy of ``plans/`` and ``registry/``: values of any type, text with
invisible, bidi, control or huge strings, deleted and duplicated entries, raw byte edits,
other encodings, truncation, and file kinds (links in and out of the tree, FIFOs, folders,
stray names). Each mutated repository is validated by one long-lived worker process
capped in memory (``RLIMIT_AS``); a run that does not answer in time is a hang. The caps
are generous on purpose: they catch runaway reads and hangs, they do not time anything.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import select
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import ROOT, mkdocs_env

TIMEOUT = 60.0
MEMORY = 3 * 1024**3
WORKER = r"""
import contextlib, io, json, resource, sys
resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))
from planpub.cli import main
for request in sys.stdin:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(["--root", request.strip(), "validate"])
        except SystemExit as exit:
            code = exit.code
        except BaseException as crash:
            code, _ = -1, print(type(crash).__name__, crash, file=err)
    print(json.dumps({"code": code, "out": out.getvalue(), "err": err.getvalue()}), flush=True)
""".replace("MEMORY", str(MEMORY))
LINE = re.compile(r"^(?P<path>(plans|registry)/[^:]+?)(:\d+)?: (lỗi|cảnh báo): .+")
SUMMARY = re.compile(r"^Đã kiểm tra \d+ kế hoạch: \d+ lỗi, \d+ cảnh báo\. ")
FILES = sorted(p.relative_to(ROOT).as_posix() for p in [
    *(ROOT / "plans").glob("*.yaml"), *(ROOT / "registry").glob("*.yaml")])
ORIGINAL = {name: (ROOT / name).read_bytes() for name in FILES}

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="RLIMIT_AS, FIFOs: POSIX")


class Worker:
    """``planpub validate`` in a separate, memory-capped process that answers line by line."""

    def __init__(self) -> None:
        self.proc = subprocess.Popen([sys.executable, "-c", WORKER], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, env=mkdocs_env(), text=True)

    def validate(self, root: Path) -> dict[str, Any]:
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.proc.stdin.write(f"{root}\n")
        self.proc.stdin.flush()
        ready, _, _ = select.select([self.proc.stdout], [], [], TIMEOUT)
        if not ready:
            self.proc.kill()
            pytest.fail(f"planpub validate không trả lời sau {TIMEOUT:.0f} giây (treo?)")
        answer = self.proc.stdout.readline()
        if not answer:
            pytest.fail(f"tiến trình kiểm tra đã chết (mã {self.proc.wait()}): hết bộ nhớ?")
        result: dict[str, Any] = json.loads(answer)
        return result

    def close(self) -> None:
        if self.proc.stdin:
            self.proc.stdin.close()
        self.proc.wait(timeout=30)
        if self.proc.stdout:
            self.proc.stdout.close()


@pytest.fixture(scope="module")
def worker() -> Iterator[Worker]:
    running = Worker()
    yield running
    running.close()


# --------------------------------------------------------------------------- mutations

@dataclass(frozen=True)
class Mutation:
    """One change to a repository, described so that a failing example reads plainly."""

    what: str
    apply: Callable[[Path], None] = field(compare=False)

    def __repr__(self) -> str:
        return self.what

texts = st.one_of(
    st.text(max_size=40),
    st.text(alphabet=st.sampled_from(
        "\u200b\u200c\u200d\u2060\ufeff\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
        "\u200e\u200f\u061c \t\r\x00\x07\x1b\x7f\x85\u2028\ufffe"), max_size=12),
    st.sampled_from(["", " ", "=cmd()", "javascript:alert(1)", "{{ 7*7 }}", "{% raw %}",
                     "<script>alert(1)</script>", "../../etc/passwd", "Đ", "2025-02-30",
                     "Trước ngày 31/02/2025", "Quý V/2025", "yes", "~", "null"]),
    st.integers(1, 3).map(lambda n: "Đ" * (n * 700_000)),
)
scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(),
                    st.dates(dt.date(1, 1, 1), dt.date(9999, 12, 31)), texts)
lists = st.lists(scalars, max_size=4)
tables = st.dictionaries(st.text(max_size=8), scalars, max_size=4)
values = st.one_of(scalars, lists, tables, st.lists(tables, max_size=3),
                   st.dictionaries(st.text(max_size=8), lists, max_size=3))


def _paths(data: Any, here: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield here
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _paths(value, (*here, key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from _paths(value, (*here, i))


def _parent(data: Any, path: tuple[Any, ...]) -> Any:
    for step in path[:-1]:
        data = data[step]
    return data


def _clear(path: Path) -> None:
    """Remove whatever an earlier mutation left at ``path`` (a FIFO would block a write)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    elif path.exists() or path.is_symlink():
        path.unlink()


def _put(path: Path, body: bytes) -> None:
    _clear(path)
    path.write_bytes(body)


@st.composite
def structural(draw: st.DrawFn) -> Mutation:
    """Replace, delete or duplicate one node of one file's YAML tree."""
    name = draw(st.sampled_from(FILES))
    data = yaml.safe_load(ORIGINAL[name])
    path = draw(st.sampled_from(list(_paths(data))[1:]))
    action = draw(st.sampled_from(["replace", "delete", "duplicate"]))
    value = draw(values)
    parent = _parent(data, path)
    if action == "replace":
        parent[path[-1]] = value
    elif action == "delete":
        del parent[path[-1]]
    elif isinstance(parent, list):
        parent.append(parent[path[-1]])
    else:
        parent[f"{path[-1]}_"] = parent[path[-1]]
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    return Mutation(f"{action} {name}:{'/'.join(map(str, path))} = {value!r:.80}",
                    lambda root: _put(root / name, text.encode("utf-8")))


@st.composite
def raw(draw: st.DrawFn) -> Mutation:
    """Edit one file's bytes: insert, cut, truncate, re-encode."""
    name = draw(st.sampled_from(FILES))
    body = ORIGINAL[name]
    at = draw(st.integers(0, len(body)))
    action = draw(st.sampled_from(["insert", "cut", "truncate", "encode"]))
    if action == "insert":
        body = body[:at] + draw(st.binary(min_size=1, max_size=16)) + body[at:]
    elif action == "cut":
        body = body[:at] + body[at + draw(st.integers(1, 64)):]
    elif action == "truncate":
        body = body[:at]
    else:
        encoding = draw(st.sampled_from(["utf-16", "utf-16-le", "utf-16-be", "utf-32",
                                         "cp1258", "latin-1"]))
        body = body.decode("utf-8").encode(encoding, errors="replace")
    return Mutation(f"{action} {name} @{at}", lambda root: _put(root / name, body))


@st.composite
def kind(draw: st.DrawFn) -> Mutation:
    """Turn one file into another kind of thing, or add a stray one to plans/."""
    name = draw(st.sampled_from([*FILES, "plans/them.yaml", "plans/them.YAML",
                                 "plans/them.yaml.txt", "plans/them.yml~", "plans/sub/x.yaml"]))
    action = draw(st.sampled_from(["dev-zero", "fifo", "outside", "dangling", "folder",
                                   "empty", "inside-link", "copy"]))

    def apply(root: Path) -> None:
        path = root / name
        _clear(path)
        if action == "dev-zero":
            path.symlink_to("/dev/zero")
        elif action == "fifo":
            os.mkfifo(path)
        elif action == "outside":
            path.symlink_to(ROOT / FILES[0])
        elif action == "dangling":
            path.symlink_to(root / "nowhere")
        elif action == "folder":
            path.mkdir()
            (path / "x.yaml").write_bytes(ORIGINAL[FILES[0]])
        elif action == "empty":
            path.write_bytes(b"")
        elif action == "inside-link":
            path.symlink_to(root / FILES[-1])
        else:
            path.write_bytes(ORIGINAL[FILES[0]])

    return Mutation(f"{action} {name}", apply)


@given(st.lists(st.one_of(structural(), raw(), kind()), min_size=1, max_size=3))
@settings(max_examples=200, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
def test_validate_survives_any_mutation(worker: Worker, mutations: list[Mutation]) -> None:
    with tempfile.TemporaryDirectory(prefix="planpub-fuzz-") as tmp:
        root = Path(tmp)
        for folder in ("plans", "registry"):
            shutil.copytree(ROOT / folder, root / folder)
        for mutate in mutations:
            mutate.apply(root)
        result = worker.validate(root)
    shown = result["out"] + result["err"]
    assert result["code"] in (0, 1), shown
    assert "Traceback" not in shown and "Lỗi nội bộ" not in shown, shown
    lines = [line for line in result["out"].split("\n") if line]
    assert lines and SUMMARY.match(lines[-1]), shown
    for line in lines[:-1]:
        match = LINE.match(line)
        assert match, f"dòng không nêu tệp: {line!r}"
    if result["code"] == 1:
        assert any(": lỗi: " in line for line in lines), shown
