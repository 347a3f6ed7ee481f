"""Time the real build on synthetic repositories and write ``benchmarks/RESULTS.md``.

For each N: generate a repository (:mod:`benchmarks.generate`), time ``planpub
validate`` and ``mkdocs build --strict`` (wall and CPU seconds, peak memory),
measure the output and the search index, then build the same pages as plain
Markdown with plain MkDocs + Material and the same theme settings (the floor
this project adds to). At one size, time how long ``mkdocs serve`` takes to show
an edited plan. Task status: what deriving every task's status costs outside the
build (:mod:`benchmarks.statusbench`), and what the build spends on status, counted
inside it (:mod:`benchmarks.buildprobe`). Run through ``nox -s bench``
(``-- --sizes 1000,10000``; ``--status-only`` measures status without building).
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import html
import importlib.metadata
import json
import os
import platform
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, ClassVar

import yaml

from benchmarks.generate import Summary
from benchmarks.statusbench import REFERENCE

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
OUT = HERE / "out"
RESULTS = HERE / "RESULTS.md"
BEGIN, END = "<!-- bench:begin -->", "<!-- bench:end -->"
DEFAULT_SIZES = (1000, 10000)
SERVE_AT = (1000, 10000)
SERVE_SAVES = 3
"""Saves timed per preview (the median is kept)."""
SERVE_ARGS = ("--livereload", "--dirty", "--no-strict")
"""As ``nox -s serve`` runs it (noxfile.SERVE_ARGS)."""
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"} | {
    "NO_MKDOCS_2_WARNING": "1", "PYTHONUTF8": "1"}
"""The children's environment: modules compiled once and kept, as an installed planpub is
(some sandboxes set PYTHONDONTWRITEBYTECODE, which recompiles every module at each start)."""

TARGETS = {
    "ratio": 0.5,  # build / floor at the largest size, with and without the search index
    "search_share": 0.35,  # search indexing / floor
    "rss_mb": 1.5 * 1024,
    "validate_s": 10.0,  # planpub validate with nothing kept (issue 18)
    "validate_one_s": 1.0,  # planpub validate after one plan changed
    "serve_s": 1.0,  # at 1,000 plans
    "serve_big_s": 2.0,  # at 10,000 plans
    "linear": 11.0,  # build(10,000) / build(1,000)
    "status_share": 0.05,  # status derivation in the build / build
    "page_mb": 1.0,  # the largest HTML page
    "feed_mb": 2.0,  # the largest iCalendar feed
    "query_kb": 160,  # bytes a common query fetches
    "query_s": 0.5,  # seconds to a common query's results
    "rare_query_kb": 300,
}
"""Issue 18's targets ("National scale")."""


def progress(message: str) -> None:
    """One progress line on stderr (long runs take many minutes)."""
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


# --------------------------------------------------------------------------- processes


@dataclass
class Run:
    """A finished child process: wall and CPU seconds, peak resident memory."""

    wall: float
    cpu: float
    rss_mb: float
    code: int
    log: Path


def run(cmd: Sequence[str], cwd: Path, log: Path, label: str, timeout: float = 3600,
        env: dict[str, str] | None = None) -> Run:
    """Run ``cmd`` to completion, its output to ``log``; a heartbeat every 30 s."""
    log.parent.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    with log.open("wb") as sink:
        proc = subprocess.Popen(list(cmd), cwd=cwd, env=env or ENV, stdout=sink,
                                stderr=subprocess.STDOUT, start_new_session=True)
        done = threading.Event()

        def beat() -> None:
            while not done.wait(30):
                progress(f"  {label}: {time.perf_counter() - start:.0f} s ...")
                if time.perf_counter() - start > timeout:
                    _kill(proc)

        ticker = threading.Thread(target=beat, daemon=True)
        ticker.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        finally:
            done.set()
            _kill(proc)
        proc.returncode = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - start
    result = Run(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, proc.returncode,
                 log)
    if result.code != 0:
        tail = log.read_text(encoding="utf-8", errors="replace")[-3000:]
        raise SystemExit(f"{label} thất bại (mã {result.code}); nhật ký: {log}\n{tail}")
    return result


def _kill(proc: subprocess.Popen[bytes]) -> None:
    """End the process group this benchmark started (never anything else)."""
    if proc.poll() is None or proc.returncode is None:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(proc.pid, signal.SIGTERM)


def mkdocs(*args: str) -> list[str]:
    return [sys.executable, "-m", "mkdocs", *args]


def probed_mkdocs(out: Path, *args: str) -> list[str]:
    """``mkdocs`` with the time spent on task status counted into ``out``
    (:mod:`benchmarks.buildprobe`)."""
    return [sys.executable, str(HERE / "buildprobe.py"), "--out", str(out), *args]


# --------------------------------------------------------------------------- sizes


def tree_bytes(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def largest(site: Path, suffix: str) -> tuple[str, int]:
    """The largest file of the built site ending ``suffix``: (path in the site, bytes)."""
    sizes = [(p.stat().st_size, p.relative_to(site).as_posix()) for p in site.rglob(f"*{suffix}")
             if p.is_file()]
    size, path = max(sizes, default=(0, "—"))
    return path, size


def pages(site: Path) -> list[Path]:
    """The HTML pages of a built site (not the 404 page)."""
    return sorted(p for p in site.rglob("*.html") if p.relative_to(site).as_posix() != "404.html")


INDEX_DIR = "tim-kiem/chi-muc"
INDEX_LOG = re.compile(r"Chỉ mục tìm kiếm: .*?, ([\d.]+) s\.")
sys.path.insert(0, str(ROOT / "tests"))  # tests/browserpath.py: the one browser lookup
from browserpath import find_chromium  # noqa: E402

CHROMIUM = find_chromium()
COMMON_QUERIES = ("bồi thường", "Sở Tư pháp", "boi thuong")


def rare_queries(repo: Path) -> list[str]:
    """A plan number and a commune's name that occur in this repository (rare by nature)."""
    plans = sorted((repo / "plans").glob("xa-*.yaml")) or sorted((repo / "plans").glob("*.yaml"))
    out: list[str] = []
    data = yaml.safe_load(plans[len(plans) // 2].read_text(encoding="utf-8"))
    if data.get("number"):
        out.append(str(data["number"]))
    title = str(data.get("title") or "")
    match = re.search(r"(?:xã|phường|thị trấn) (.+)$", title)
    if match:
        out.append(match.group(1))
    return out


def measure_search(site: Path, build_log: Path, repo: Path) -> dict[str, Any]:
    """The search index of a built site: its size, build time, and per query (in headless
    Chromium, on loopback) the bytes fetched after the page loaded and the seconds to results.
    """
    index = site / INDEX_DIR
    if not index.is_dir():
        return {"index_mb": None, "seconds": None, "queries": {}}
    logged = INDEX_LOG.search(build_log.read_text(encoding="utf-8", errors="replace"))
    out: dict[str, Any] = {"index_mb": tree_bytes(index) / 2**20,
                           "index_files": sum(1 for p in index.rglob("*") if p.is_file()),
                           "seconds": float(logged.group(1)) if logged else None,
                           "queries": {}}
    if CHROMIUM is None:
        progress("  không có Chromium (PLANPUB_CHROMIUM, PATH): bỏ qua đo truy vấn")
        return out
    queries = [*COMMON_QUERIES, *rare_queries(repo)]
    out["queries"] = browse_queries(site, queries)
    return out


def _recorder(sizes: list[int]) -> Any:
    """A response handler that appends each response's body size to ``sizes``."""
    return lambda response: sizes.append(len(response.body()))


def browse_queries(site: Path, queries: Sequence[str]) -> dict[str, dict[str, Any]]:
    """For each query typed in the header box: bytes fetched, files, seconds, result count."""
    import functools
    import http.server

    from playwright.sync_api import sync_playwright

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    results: dict[str, dict[str, Any]] = {}
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM,
                args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
            for query in queries:
                page = browser.new_page()
                page.goto(base)
                page.wait_for_load_state("networkidle")
                fetched: list[int] = []
                page.on("response", _recorder(fetched))
                start = time.perf_counter()
                page.keyboard.press("/")
                page.locator(".pp-search__input").fill(query)
                page.wait_for_function(
                    "q => document.querySelector('#pp-search-popup').dataset.query === q",
                    arg=query, timeout=60_000)
                seconds = time.perf_counter() - start
                status = page.locator("#pp-search-popup .pp-search__status").first.inner_text()
                results[query] = {"bytes": sum(fetched), "files": len(fetched),
                                  "seconds": seconds, "status": status}
                progress(f"  tìm “{query}”: {status}, {sum(fetched) / 1024:.0f} kB "
                         f"trong {len(fetched)} tệp, {seconds:.2f} s")
                page.close()
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
    return results


# --------------------------------------------------------------------------- the floor


class _ArticleMarkdown(HTMLParser):
    """The text of a page's article as plain Markdown: headings, paragraphs, lists, tables."""

    HEADINGS: ClassVar[dict[str, int]] = {f"h{i}": i for i in range(1, 7)}
    BLOCKS: ClassVar[frozenset[str]] = frozenset(
        {"p", "li", "dt", "dd", "blockquote", "pre", "figcaption", "caption"})
    SKIP: ClassVar[frozenset[str]] = frozenset({"script", "style", "svg", "button", "nav"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.text: list[str] = []
        self.prefix = ""
        self.row: list[str] | None = None
        self.table: list[list[str]] = []
        self.skip_tag, self.skip_depth = "", 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.skip_depth:
            self.skip_depth += tag == self.skip_tag
            return
        if tag in self.SKIP or "headerlink" in (dict(attrs).get("class") or ""):
            self.skip_tag, self.skip_depth = tag, 1
        elif tag in self.HEADINGS or tag in self.BLOCKS:
            self._flush()
            self.prefix = "#" * self.HEADINGS[tag] + " " if tag in self.HEADINGS else (
                "- " if tag == "li" else "")
        elif tag == "tr":
            self.row = []
        elif tag in ("td", "th"):
            self.text = []
        elif tag == "br":
            self.text.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if self.skip_depth:
            self.skip_depth -= tag == self.skip_tag
        elif tag in self.HEADINGS or tag in self.BLOCKS:
            self._flush()
        elif tag in ("td", "th") and self.row is not None:
            self.row.append(self._take().replace("|", "\\|") or " ")
        elif tag == "tr" and self.row is not None:
            self.table.append(self.row)
            self.row = None
        elif tag == "table":
            self._flush_table()

    def handle_data(self, data: str) -> None:
        if not self.skip_depth:
            self.text.append(html.escape(data, quote=False))

    def _take(self) -> str:
        text = " ".join("".join(self.text).split())
        self.text = []
        return text

    def _flush(self) -> None:
        text = self._take()
        if text and self.row is None:
            self.out.append(self.prefix + text)
        self.prefix = ""

    def _flush_table(self) -> None:
        if self.table:
            width = max(len(r) for r in self.table)
            rows = [r + [" "] * (width - len(r)) for r in self.table]
            self.out.append("\n".join(
                ["| " + " | ".join(rows[0]) + " |", "|" + " --- |" * width]
                + ["| " + " | ".join(r) + " |" for r in rows[1:]]))
        self.table = []

    def markdown(self) -> str:
        self._flush()
        self._flush_table()
        return "\n\n".join(self.out) + "\n"


def page_markdown(page_html: str) -> str:
    """A built page's article as Markdown of the same text and structure."""
    start = page_html.find("<article")
    end = page_html.rfind("</article>")
    parser = _ArticleMarkdown()
    parser.feed(page_html[start:end] if start >= 0 and end > start else page_html)
    return parser.markdown()


def _top_level_blocks(text: str) -> Iterator[tuple[str, str]]:
    """Top-level keys of a YAML mapping with their text (comments stay with the key above)."""
    key, lines = "", list[str]()
    for line in text.splitlines(keepends=True):
        match = re.match(r"([A-Za-z_][\w-]*):", line)
        if match:
            if key or lines:
                yield key, "".join(lines)
            key, lines = match.group(1), []
        lines.append(line)
    yield key, "".join(lines)


def floor_config(config_text: str, docs: Path) -> str:
    """The real mkdocs.yml with what this project adds taken out: its plugins, its
    template overrides, its extra files; theme, Markdown extensions and nav kept."""
    drop = {"plugins", "watch", "hooks", "extra_css", "extra_javascript", "docs_dir", "nav"}
    kept, nav_text = [], ""
    for key, block in _top_level_blocks(config_text):
        if key == "nav":
            nav_text = block
        if key not in drop:
            kept.append(re.sub(r"(?m)^\s+custom_dir:.*\n", "", block))
    nav = _existing_nav(yaml.safe_load(nav_text)["nav"] if nav_text else [], docs)
    return ("".join(kept).rstrip() + "\n\ndocs_dir: docs\nplugins: []\n"
            + yaml.safe_dump({"nav": nav}, allow_unicode=True, sort_keys=False))


def _existing_nav(items: list[Any], docs: Path) -> list[Any]:
    out: list[Any] = []
    for item in items:
        if isinstance(item, str):
            if (docs / item).exists():
                out.append(item)
        elif isinstance(item, dict):
            for title, value in item.items():
                if isinstance(value, list):
                    inner = _existing_nav(value, docs)
                    if inner:
                        out.append({title: inner})
                elif isinstance(value, str) and (docs / value).exists():
                    out.append({title: value})
    return out


def write_floor(repo: Path, site: Path, dest: Path) -> int:
    """Static Markdown for every page of the built site; returns the page count."""
    if dest.exists():
        shutil.rmtree(dest)
    docs = dest / "docs"
    source_docs = repo / _docs_dir(repo)
    count = 0
    for page in pages(site):
        rel = page.relative_to(site).with_suffix("")
        if rel.name == "index":
            rel = rel.parent
            plain = source_docs / f"{rel.as_posix()}.md"
            target = docs / (f"{rel.as_posix()}.md" if plain.exists() and rel.parts
                             else (rel / "index.md").as_posix())
        else:
            target = docs / f"{rel.as_posix()}.md"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(page_markdown(page.read_text(encoding="utf-8")), encoding="utf-8")
        count += 1
    config = floor_config((repo / "mkdocs.yml").read_text(encoding="utf-8"), docs)
    (dest / "mkdocs.yml").write_text(config, encoding="utf-8")
    return count


def _docs_dir(repo: Path) -> str:
    match = re.search(r"(?m)^docs_dir:\s*(\S+)", (repo / "mkdocs.yml").read_text(encoding="utf-8"))
    return match.group(1).strip("'\"") if match else "docs"


# --------------------------------------------------------------------------- serve


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _get(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:  # loopback only
            body: bytes = response.read()
            return body.decode("utf-8", errors="replace")
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
        return None


def _saved_and_shown(plan: Path, text: str, page_url: str, marker: str,
                     proc: subprocess.Popen[bytes], log: Path, timeout: float) -> float:
    """Save ``plan`` with ``marker`` in its title; seconds until its page shows it."""
    edited = re.sub(r"(?m)^(title: .*)$", lambda m: f"{m.group(1)} {marker}", text, count=1)
    saved = time.perf_counter()
    plan.write_text(edited, encoding="utf-8")
    while True:
        body = _get(page_url)
        if body is not None and marker in body:
            return time.perf_counter() - saved
        if proc.poll() is not None:
            raise SystemExit(f"mkdocs serve dừng khi dựng lại; nhật ký: {log}")
        if time.perf_counter() - saved > timeout:
            raise SystemExit(f"trang chưa đổi sau {timeout:.0f} s.")
        time.sleep(0.1)


def serve_rebuild(repo: Path, log: Path, timeout: float = 1800) -> float:
    """Seconds from saving an edited plan to ``mkdocs serve`` showing it (loopback only; the
    median of :data:`SERVE_SAVES` saves, each a new title; the plan is restored after)."""
    plan = next(p for p in sorted((repo / "plans").glob("*.yaml")) if p.stem.startswith("xa-"))
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    page_url = f"{base}/ke-hoach/{plan.stem}/"
    with log.open("wb") as sink:
        proc = subprocess.Popen(mkdocs("serve", *SERVE_ARGS, "-a", f"127.0.0.1:{port}"),
                                cwd=repo, env=ENV, stdout=sink, stderr=subprocess.STDOUT,
                                start_new_session=True)
        try:
            start = time.perf_counter()
            while _get(page_url) is None:
                if proc.poll() is not None:
                    raise SystemExit(f"mkdocs serve dừng khi khởi động; nhật ký: {log}")
                if time.perf_counter() - start > timeout:
                    raise SystemExit(f"mkdocs serve chưa sẵn sàng sau {timeout:.0f} s.")
                time.sleep(1)
            progress(f"  serve: first build {time.perf_counter() - start:.1f} s")
            text = plan.read_text(encoding="utf-8")
            times = []
            try:
                for i in range(SERVE_SAVES):
                    time.sleep(2)  # let the watcher settle
                    times.append(_saved_and_shown(plan, text, page_url, f"bench{i}x", proc,
                                                  log, timeout))
                    progress(f"  serve: save {i + 1}: {times[-1]:.2f} s")
            finally:
                plan.write_text(text, encoding="utf-8")
            return sorted(times)[len(times) // 2]
        finally:
            _kill(proc)
            with contextlib.suppress(subprocess.TimeoutExpired):
                proc.wait(timeout=30)
            if proc.poll() is None:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()


# --------------------------------------------------------------------------- one size


@dataclass
class Result:
    """Every figure for one N."""

    plans: int
    tasks: int = 0
    agencies: int = 0
    generate_s: float = 0.0
    validate: Run | None = None
    build: Run | None = None
    floor: Run | None = None
    pages: int = 0
    floor_pages: int = 0
    output_mb: float = 0.0
    search: dict[str, Any] = field(default_factory=dict)
    serve_s: float | None = None
    status: dict[str, Any] = field(default_factory=dict)
    """:class:`benchmarks.statusbench.StatusResult` as a dict."""
    probe: dict[str, Any] = field(default_factory=dict)
    """What the build spent on status (:mod:`benchmarks.buildprobe`)."""
    progress_files: int = 0
    reports: int = 0
    validate_runs: dict[str, Run] = field(default_factory=dict)
    """``planpub validate`` as an officer meets it (:func:`measure_validate`)."""
    largest_page: tuple[str, int] = ("—", 0)
    largest_feed: tuple[str, int] = ("—", 0)

    @property
    def index_s(self) -> float:
        """Seconds the build spent writing the search index (from its log)."""
        return float(self.search.get("seconds") or 0.0)

    @property
    def ratio(self) -> float | None:
        """The site without its search index, against the floor (wall seconds)."""
        if not (self.build and self.floor):
            return None
        return (self.build.wall - self.index_s) / self.floor.wall

    @property
    def full_ratio(self) -> float | None:
        """The whole site, search index included, against the floor (wall seconds)."""
        if not (self.build and self.floor):
            return None
        return self.build.wall / self.floor.wall

    @property
    def cpu_ratio(self) -> float | None:
        if not (self.build and self.floor):
            return None
        return (self.build.cpu - self.index_s) / self.floor.cpu

    @property
    def status_share(self) -> float | None:
        """Seconds the build spent on task status, as a share of the build."""
        if not (self.build and self.probe):
            return None
        return float(self.probe["status_s"]) / self.build.wall

    @property
    def derive_share(self) -> float | None:
        """One derivation of every task's status (outside the build), as a share of the
        build."""
        if not (self.build and self.status):
            return None
        return float(self.status["status_s"]) / self.build.wall

    @property
    def search_share(self) -> float | None:
        """Search indexing time as a share of the floor."""
        if not (self.floor and self.search.get("seconds") is not None):
            return None
        return self.index_s / self.floor.wall


def measure_status(repo: Path, log: Path, n: int) -> dict[str, Any]:
    """Status derivation outside the build (:mod:`benchmarks.statusbench`), in its own
    process."""
    out = log.with_suffix(".json")
    run([sys.executable, "-m", "benchmarks.statusbench", "--root", str(repo), "--json", str(out)],
        ROOT, log, f"status N={n}")
    data: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))
    progress(f"N={n}: {data['reported_tasks']:,} nhiệm vụ có báo cáo; suy ra tình trạng mọi "
             f"nhiệm vụ {data['derive_s']:.2f} s (chỉ mục {data['index_s']:.2f} s, quá hạn "
             f"{data['overdue_s']:.2f} s, lần hai {data['again_s']:.2f} s), kiểm tra báo cáo "
             f"{data['checks_s']:.1f} s, tệp báo cáo chiếm {data['files_mb']:.0f} MB, giữ "
             f"{data['kept_mb']:.1f} MB")
    if data["errors"]:
        raise SystemExit(f"N={n}: tệp báo cáo tiến độ sinh ra có {data['errors']} lỗi; chạy "
                         f"planpub --root {repo} validate để xem.")
    return data


def generated(repo: Path, n: int, seed: int, log: Path) -> Summary:
    """Generate the repository in a process of its own: the benchmark's own process stays
    small, so the processes it starts do not inherit its peak memory (Linux counts a child's
    peak from the process it was forked from)."""
    out = OUT / f"generate-{n}.json"
    run([sys.executable, "-m", "benchmarks.generate", "--plans", str(n), "--seed", str(seed),
         "--out", str(repo), "--force", "--json", str(out)], ROOT, log, f"generate N={n}")
    data = json.loads(out.read_text(encoding="utf-8"))
    return Summary(**{**data, "out": Path(data["out"])})


QUICK_REPEATS = 5
"""Runs of about a second are repeated, the median kept: this machine's speed drifts."""

VALIDATE_RUNS = {
    "cold, 1 worker": ("--no-cache", "-j", "1"),
    "cold, 2 workers": ("--no-cache", "-j", "2"),
    "cold, cache written": (),
    "nothing changed": (),
    "one plan changed": (),
}
"""The validate runs :func:`measure_validate` times, in order, with their options."""


def measure_validate(repo: Path, logs: Path, n: int) -> dict[str, Run]:
    """``planpub validate`` with nothing kept (1 and 2 worker processes, and writing the
    cache), then with the cache: nothing changed, and one plan edited (a comment added,
    removed again afterwards). The cache lives in a fresh folder of its own."""
    cache = OUT / f"cache-{n}"
    shutil.rmtree(cache, ignore_errors=True)
    env = {**ENV, "PLANPUB_CACHE_DIR": str(cache)}
    plans = sorted((repo / "plans").glob("*.yaml"))
    plan = plans[len(plans) // 2]
    original = plan.read_bytes()
    out: dict[str, Run] = {}
    try:
        for label, options in VALIDATE_RUNS.items():
            runs = []
            for i in range(1 if label.startswith("cold") else QUICK_REPEATS):
                if label == "one plan changed":  # another edit each time
                    plan.write_bytes(original + f"# sửa thử {i}\n".encode())
                slug = re.sub(r"[^a-z0-9]+", "-", label)
                runs.append(run([sys.executable, "-m", "planpub.cli", "--root", str(repo),
                                 "validate", *options], repo,
                                logs / f"validate-{n}-{slug}.log", f"validate N={n} ({label})",
                                env=env))
            out[label] = sorted(runs, key=lambda r: r.wall)[len(runs) // 2]
            progress(f"N={n}: validate, {label}: {out[label].wall:.2f} s")
    finally:
        plan.write_bytes(original)
    return out


def bench_size(n: int, seed: int, serve: bool, floor: bool, status_only: bool = False,
               validate_only: bool = False) -> Result:
    """Generate, validate, build, measure one repository of ``n`` plans."""
    repo = OUT / f"n{n}"
    logs = OUT / "logs"
    progress(f"N={n}: sinh dữ liệu ...")
    start = time.perf_counter()
    summary = generated(repo, n, seed, logs / f"generate-{n}.log")
    result = Result(n, summary.tasks, summary.agencies, time.perf_counter() - start,
                    progress_files=summary.progress_files, reports=summary.reports)
    progress(f"N={n}: {summary.tasks} nhiệm vụ, {summary.agencies} cơ quan, "
             f"{summary.progress_files} tệp báo cáo tiến độ ({summary.reports} báo cáo) "
             f"({result.generate_s:.1f} s); đo tình trạng ...")
    if validate_only:
        result.validate_runs = measure_validate(repo, logs, n)
        result.validate = result.validate_runs["cold, cache written"]
        return result
    result.status = measure_status(repo, logs / f"status-{n}.log", n)
    if status_only:
        return result
    progress(f"N={n}: kiểm tra ...")
    result.validate_runs = measure_validate(repo, logs, n)
    result.validate = result.validate_runs["cold, cache written"]
    progress(f"N={n}: validate {result.validate.wall:.1f} s; dựng trang ...")
    site = repo / "site"
    probe = logs / f"build-{n}.status.json"
    result.build = run(probed_mkdocs(probe, "build", "--strict", "-d", str(site)), repo,
                       logs / f"build-{n}.log", f"build N={n}")
    result.probe = json.loads(probe.read_text(encoding="utf-8"))
    result.pages = len(pages(site))
    result.output_mb = tree_bytes(site) / 2**20
    result.largest_page = largest(site, ".html")
    result.largest_feed = largest(site, ".ics")
    result.search = measure_search(site, logs / f"build-{n}.log", repo)
    progress(f"N={n}: build {result.build.wall:.1f} s, {result.pages} trang, "
             f"{result.build.rss_mb:.0f} MB RSS; tình trạng nhiệm vụ trong bản dựng "
             f"{result.probe['status_s']:.1f} s ({_pct(result.status_share)})")
    if floor:
        dest = OUT / f"floor-{n}"
        result.floor_pages = write_floor(repo, site, dest)
        progress(f"N={n}: nền MkDocs + Material, {result.floor_pages} trang ...")
        result.floor = run(mkdocs("build", "--strict", "-d", str(dest / "site")), dest,
                           logs / f"floor-{n}.log", f"floor N={n}")
        progress(f"N={n}: floor {result.floor.wall:.1f} s (tỉ lệ {result.ratio:.2f})")
    if serve:
        progress(f"N={n}: đo mkdocs serve ...")
        result.serve_s = serve_rebuild(repo, logs / f"serve-{n}.log")
        progress(f"N={n}: serve hiển thị trang mới sau {result.serve_s:.1f} s")
    return result


# --------------------------------------------------------------------------- report


def _version(name: str) -> str:
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return "—"


def machine() -> dict[str, str]:
    cpu = "?"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    memory = "?"
    with contextlib.suppress(OSError):
        kb = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text())[1])  # type: ignore[index]
        memory = f"{kb / 2**20:.0f} GiB"
    return {"cpus": str(os.cpu_count()), "cpu": cpu, "memory": memory,
            "os": platform.platform(), "python": platform.python_version(),
            "mkdocs": _version("mkdocs"), "material": _version("mkdocs-material"),
            "chromium": _chromium_version(), "pyyaml": _version("PyYAML"),
            "pydantic": _version("pydantic")}


def _chromium_version() -> str:
    if CHROMIUM is None:
        return "—"
    try:
        done = subprocess.run([CHROMIUM, "--version"], capture_output=True, text=True, timeout=30,
                              check=False)
    except OSError:
        return "—"
    found = re.search(r"\d+(?:\.\d+)+", done.stdout)
    return found.group() if done.returncode == 0 and found else "—"


def _f(value: float | None, digits: int = 1) -> str:
    return "—" if value is None else f"{value:.{digits}f}"


def table(results: Sequence[Result]) -> str:
    head = ("| N plans | tasks | pages | validate s (CPU s) | build s (CPU s) | index s | "
            "floor s (CPU s) | ratio (CPU) | ratio with index | index / floor | peak RSS MB | "
            "output MB | largest page kB | largest feed kB | index MB (files) | "
            "serve rebuild s |")
    rows = [head, "|" + " ---: |" * (head.count("|") - 1)]
    for r in results:
        v, b, f = r.validate, r.build, r.floor
        files = r.search.get("index_files")
        rows.append(
            f"| {r.plans:,} | {r.tasks:,} | {r.pages:,} | {_f(v.wall if v else None)} "
            f"({_f(v.cpu if v else None)}) | "
            f"{_f(b.wall if b else None)} ({_f(b.cpu if b else None)}) | "
            f"{_f(r.search.get('seconds'))} | "
            f"{_f(f.wall if f else None)} ({_f(f.cpu if f else None)}) | "
            f"{_f(r.ratio, 2)} ({_f(r.cpu_ratio, 2)}) | {_f(r.full_ratio, 2)} | "
            f"{_pct(r.search_share)} | {_f(b.rss_mb if b else None, 0)} | "
            f"{_f(r.output_mb)} | {r.largest_page[1] / 1024:,.0f} | "
            f"{r.largest_feed[1] / 1024:,.0f} | "
            f"{_f(r.search.get('index_mb'))} ({files or '—'}) | "
            f"{_f(r.serve_s)} |")
    return "\n".join(rows)


def _pct(value: float | None, digits: int = 0) -> str:
    return "—" if value is None else f"{value:.{digits}%}"


def status_table(results: Sequence[Result]) -> str:
    """Task status at each size: derivation outside the build, and inside it."""
    head = ("| N plans | progress files (reports) | tasks with reports | index s | derive s | "
            "overdue s | again s | progress checks s | files MB | kept MB (tasks) | "
            "in build: status s (calls) | share of build | one derivation / build |")
    rows = [head, "|" + " ---: |" * (head.count("|") - 1)]
    for r in results:
        st, pr = r.status, r.probe
        if not st:
            continue
        calls = sum(pr.get("calls", {}).values()) if pr else None
        in_build = (f"{pr['status_s']:.2f} ({calls:,})" if pr and calls is not None else "—")
        rows.append(
            f"| {r.plans:,} | {st['progress_files']:,} ({st['reports']:,}) | "
            f"{st['reported_tasks']:,} of {st['tasks']:,} | {st['index_s']:.3f} | "
            f"{st['derive_s']:.3f} | {st['overdue_s']:.3f} | {st['again_s']:.3f} | "
            f"{st['checks_s']:.2f} | {st['files_mb']:.0f} | "
            f"{st['kept_mb']:.1f} ({st['cached']:,}) | {in_build} | "
            f"{_pct(r.status_share, 1)} | {_pct(r.derive_share, 2)} |")
    return "\n".join(rows) if len(rows) > 2 else ""


def validate_table(results: Sequence[Result]) -> str:
    """``planpub validate``: wall s (CPU s) and peak memory of each run at each size."""
    labels = list(VALIDATE_RUNS)
    rows = ["| N plans | " + " | ".join(labels) + " |", "|" + " ---: |" * (len(labels) + 1)]
    for r in results:
        if not r.validate_runs:
            continue
        cells = [f"{v.wall:.2f} ({v.cpu:.1f}), {v.rss_mb:.0f} MB" if (v := r.validate_runs.get(
            label)) else "—" for label in labels]
        rows.append(f"| {r.plans:,} | " + " | ".join(cells) + " |")
    return "\n".join(rows) if len(rows) > 2 else ""


def query_table(results: Sequence[Result]) -> str:
    """Bytes fetched and seconds to results per query, typed into the header search box."""
    rows = ["| N plans | query | kind | kB fetched | files | seconds to results | results |",
            "| ---: | --- | --- | ---: | ---: | ---: | --- |"]
    for r in results:
        for query, q in r.search.get("queries", {}).items():
            kind = "common" if query in COMMON_QUERIES else "rare"
            rows.append(f"| {r.plans:,} | {query} | {kind} | {q['bytes'] / 1024:.0f} | "
                        f"{q['files']} | {q['seconds']:.2f} | {q['status']} |")
    return "\n".join(rows) if len(rows) > 2 else ""


def targets(results: Sequence[Result]) -> list[tuple[str, str, bool | None]]:
    """(target, measured, met) for each target the issue sets."""
    by_n = {r.plans: r for r in results}
    built = [r for r in results if r.build]
    big = by_n.get(10000) or max(results, key=lambda r: r.plans)
    if not big.build and built:
        big = max(built, key=lambda r: r.plans)
    out: list[tuple[str, str, bool | None]] = []
    if big.ratio is not None and big.full_ratio is not None:
        out.append((f"build with search index ≤ {TARGETS['ratio']}× floor at N={big.plans:,}",
                     f"{big.full_ratio:.2f}×", big.full_ratio <= TARGETS["ratio"]))
        out.append((f"build without search index ≤ {TARGETS['ratio']}× floor at N={big.plans:,}",
                    f"{big.ratio:.2f}× (CPU {big.cpu_ratio:.2f}×)", big.ratio <= TARGETS["ratio"]))
    if big.build:
        for label, (path, size), limit in (("HTML page", big.largest_page, TARGETS["page_mb"]),
                                           ("iCalendar feed", big.largest_feed,
                                            TARGETS["feed_mb"])):
            out.append((f"largest {label} ≤ {limit:g} MB at N={big.plans:,}",
                        f"{size / 2**20:.2f} MB (`{path}`)", size <= limit * 2**20))
    share = big.search_share
    out.append((f"search indexing ≤ {TARGETS['search_share']:.0%} of floor at N={big.plans:,}",
                "not measured" if share is None else f"{share:.0%}",
                None if share is None else share <= TARGETS["search_share"]))
    for query, q in big.search.get("queries", {}).items():
        common = query in COMMON_QUERIES
        limit = int((TARGETS["query_kb"] if common else TARGETS["rare_query_kb"]) * 1024)
        out.append((f"“{query}” ({'common' if common else 'rare'}) fetches ≤ "
                    f"{limit // 1024} kB" + (f", results ≤ {TARGETS['query_s']} s"
                                              if common else ""),
                    f"{q['bytes'] / 1024:.0f} kB, {q['seconds']:.2f} s",
                    q["bytes"] <= limit and (not common or q["seconds"] <= TARGETS["query_s"])))
    if big.status_share is not None:
        out.append((f"task status ≤ {TARGETS['status_share']:.0%} of the build at "
                    f"N={big.plans:,}", _pct(big.status_share, 1),
                    big.status_share <= TARGETS["status_share"]))
    if big.status:
        kept = big.status["cached"] == big.status["reported_tasks"]
        out.append((f"status cache holds only tasks with reports at N={big.plans:,}",
                    f"{big.status['cached']:,} of {big.status['tasks']:,} tasks, "
                    f"{big.status['kept_mb']:.1f} MB", kept))
    rss = max((r.build.rss_mb for r in results if r.build), default=None)
    if rss is not None:
        out.append((f"peak build memory ≤ {TARGETS['rss_mb'] / 1024:g} GB", f"{rss:,.0f} MB",
                    rss <= TARGETS["rss_mb"]))
    if big.validate is not None:
        out.append((f"planpub validate, nothing kept, ≤ 10 s at N={big.plans:,}",
                    f"{big.validate.wall:.1f} s", big.validate.wall <= TARGETS["validate_s"]))
    one = big.validate_runs.get("one plan changed")
    if one is not None:
        out.append((f"planpub validate after one plan changed ≤ 1 s at N={big.plans:,}",
                    f"{one.wall:.2f} s", one.wall <= TARGETS["validate_one_s"]))
    for r in results:
        if r.serve_s is not None:
            limit = TARGETS["serve_s"] if r.plans <= 1000 else TARGETS["serve_big_s"]
            out.append((f"serve shows an edited plan ≤ {limit:g} s at N={r.plans:,}",
                        f"{r.serve_s:.1f} s", r.serve_s <= limit))
    small = by_n.get(1000)
    if small and small.build and big.build and big is not small:
        growth = big.build.wall / small.build.wall
        out.append((f"build(N={big.plans:,}) ≤ 11 × build(N=1,000)", f"{growth:.1f}×",
                    growth <= TARGETS["linear"]))
    return out


def report(results: Sequence[Result], started: dt.datetime, elapsed: float,
           load: tuple[float, float]) -> str:
    m = machine()
    lines = [
        BEGIN,
        f"Measured {started:%Y-%m-%d %H:%M} UTC by `nox -s bench` in {elapsed / 60:.1f} min.",
        "",
        f"Machine: {m['cpus']} CPUs ({m['cpu']}), {m['memory']} memory, {m['os']}; "
        f"load average {load[0]:.1f} at the start, {load[1]:.1f} at the end "
        "(other jobs on the machine inflate wall times; CPU seconds are the steadier figure).",
        f"Versions: Python {m['python']}, MkDocs {m['mkdocs']}, Material {m['material']}, "
        f"Chromium {m['chromium']}, PyYAML {m['pyyaml']}, pydantic {m['pydantic']}.",
        "",
        table(results),
        "",
        query_table(results),
        "",
        "Columns: *build* is `mkdocs build --strict` of the real site (planpub plugin, macros, "
        "theme overrides); *floor* is plain MkDocs + Material with the same theme and Markdown "
        "settings and the same small nav building the same pages as static Markdown (each "
        "page's article text, headings, lists and tables); *index s* = the part of the build "
        "spent writing the search index; *ratio* = (build − index) / floor; *ratio with index* "
        "= build / floor; *largest page*, *largest feed*: the largest `.html` and `.ics` file "
        "of the built site; "
        "*serve rebuild* = seconds from saving an edited plan to `mkdocs serve` returning the "
        "new page.",
        "",
        "### planpub validate",
        "",
        validate_table(results),
        "",
        "Each cell: wall seconds (CPU seconds), peak memory of the largest process. *cold*: "
        "nothing kept (`--no-cache`, or an empty cache folder that the run fills); *nothing "
        "changed* and *one plan changed* (a comment added to one plan file) read the cache the "
        f"cold run wrote; each is the median of {QUICK_REPEATS} runs.",
        "",
        "### Task status",
        "",
        status_table(results),
        "",
        "Progress files are generated for about 60 % of the plans (`benchmarks/progressgen.py`). "
        "Measured outside the build, on a fresh catalog whose leaf tasks and parts are built: "
        "*index s* = the task → reports index; *derive s* = `Catalog.progress_of` over every "
        "task from scratch; *overdue s* = `overdue` and `may_be_overdue` of every task on "
        f"{REFERENCE:%d/%m/%Y}; *again s* = `progress_of` over every task once more; "
        "*progress checks s* = the checks `planpub validate` and the build run on the reports; "
        "*files MB* = memory the loaded progress files hold (models, and their source lines "
        "for diagnostics); "
        "*kept MB (tasks)* = memory the derivation keeps once every task was asked for "
        "(tracemalloc: the reports index and the tasks it caches, only tasks with reports). "
        "*in build* = seconds the build spent inside `progress_of`, `reporters`, `overdue`, "
        "`may_be_overdue` and the progress checks, summed over all calls (every page that "
        "lists a task asks again; the catalog's general indexes, built on first use, left "
        "out), and the number of calls; *share of build* = that / build; *one derivation / "
        "build* = (index + derive + overdue) / build.",
        "",
        "### Targets (this run)",
        "",
        "| target | measured | met |",
        "| --- | --- | --- |",
    ]
    for name, measured, met in targets(results):
        verdict = "yes" if met else ("—" if met is None else "**no**")
        lines.append(f"| {name} | {measured} | {verdict} |")
    lines.append(END)
    return "\n".join(lines)


def write_results(text: str, path: Path = RESULTS) -> None:
    """Replace the measured block of RESULTS.md, keeping the notes around it."""
    old = path.read_text(encoding="utf-8") if path.exists() else ""
    if BEGIN in old and END in old:
        new = old[: old.index(BEGIN)] + text + old[old.index(END) + len(END):]
    else:
        new = "# Benchmark results\n\n" + text + "\n" + old
    path.write_text(new, encoding="utf-8")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.bench",
                                     description="Đo thời gian kiểm tra và dựng trang.")
    parser.add_argument("--sizes", default=",".join(map(str, DEFAULT_SIZES)),
                        help="số kế hoạch, cách nhau bằng dấu phẩy (mặc định: %(default)s)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--serve-at", default=",".join(map(str, SERVE_AT)),
                        help="đo mkdocs serve ở các cỡ này, cách nhau bằng dấu phẩy (0: bỏ qua; "
                             "mặc định: %(default)s)")
    parser.add_argument("--no-floor", action="store_true", help="không dựng trang nền")
    parser.add_argument("--no-write", action="store_true", help="không ghi RESULTS.md")
    parser.add_argument("--validate-only", action="store_true",
                        help="chỉ sinh dữ liệu và đo planpub validate (không ghi RESULTS.md)")
    parser.add_argument("--status-only", action="store_true",
                        help="chỉ sinh dữ liệu và đo suy ra tình trạng nhiệm vụ, không dựng "
                             "trang (không ghi RESULTS.md)")
    args = parser.parse_args(argv)
    try:
        sizes = sorted({int(s) for s in args.sizes.split(",") if s.strip()})
    except ValueError:
        parser.error("--sizes: các số kế hoạch cách nhau bằng dấu phẩy, ví dụ 1000,10000")
    if not sizes or min(sizes) < 1:
        parser.error("--sizes: cần ít nhất một số dương")
    try:
        serve_at = {int(s) for s in args.serve_at.split(",") if s.strip()}
    except ValueError:
        parser.error("--serve-at: các số kế hoạch cách nhau bằng dấu phẩy, ví dụ 1000,10000")
    started = dt.datetime.now(dt.UTC)
    clock = time.perf_counter()
    load_start = os.getloadavg()[0]
    results = []
    for n in sizes:
        results.append(bench_size(n, args.seed, serve=n in serve_at,
                                  floor=not args.no_floor, status_only=args.status_only,
                                  validate_only=args.validate_only))
    elapsed = time.perf_counter() - clock
    text = report(results, started, elapsed, (load_start, os.getloadavg()[0]))
    OUT.mkdir(exist_ok=True)
    (OUT / "results.json").write_text(json.dumps([_plain(r) for r in results], indent=1,
                                                 default=str), encoding="utf-8")
    print(validate_table(results) if args.validate_only else text)
    if not (args.no_write or args.status_only or args.validate_only):
        write_results(text)
        progress(f"đã ghi {RESULTS}")
    return 0


def _plain(result: Result) -> dict[str, Any]:
    data = asdict(result)
    data["ratio"], data["cpu_ratio"] = result.ratio, result.cpu_ratio
    data["full_ratio"] = result.full_ratio
    return data


if __name__ == "__main__":
    raise SystemExit(main())
