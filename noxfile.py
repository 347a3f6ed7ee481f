"""Every job a person or CI runs, locally and in any CI: ``nox -s <session>``.

``nox -s check`` runs what CI runs, in CI's order.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import nox

nox.options.default_venv_backend = "uv|virtualenv"
nox.options.reuse_existing_virtualenvs = True
nox.options.sessions = ["check"]

ROOT = Path(__file__).parent
PY = "3.11" if shutil.which("python3.11") else None
ENV = {"NO_MKDOCS_2_WARNING": "1", "PYTHONUTF8": "1"}
CHROMIUM = os.environ.get("PLANPUB_CHROMIUM", "/usr/bin/chromium")


LINT_PATHS = [p for p in ("src", "tests", "macros", "benchmarks", "noxfile.py")
              if (ROOT / p).exists()]


def _install(session: nox.Session, *extras: str) -> None:
    spec = f".[{','.join(extras)}]" if extras else "."
    session.install("-e", spec)


def ensure_chromium(session: nox.Session) -> None:
    """Install Debian's chromium if it is missing (browser tests need it)."""
    if Path(CHROMIUM).exists() or shutil.which("chromium"):
        return
    if hasattr(os, "geteuid") and os.geteuid() == 0 and shutil.which("apt-get"):
        session.log("Cài chromium từ kho Debian ...")
        session.run("apt-get", "update", "-qq", external=True)
        session.run("apt-get", "install", "-y", "-qq", "chromium", "fonts-liberation",
                    external=True)
        return
    session.error("Cần trình duyệt chromium cho kiểm thử: chạy "
                  "'sudo apt-get install chromium' rồi chạy lại.")


MAX_MODULE_LINES = 400


def _lint(session: nox.Session) -> None:
    """ruff, mypy (package, tests, tools), the layer contracts, and module sizes."""
    session.run("ruff", "check", *LINT_PATHS, env=ENV)
    session.run("mypy", env=ENV)
    session.run("lint-imports", env=ENV)
    big = [f"{p.relative_to(ROOT)} ({n} dòng)" for p in sorted((ROOT / "src").rglob("*.py"))
           if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES]
    if big:
        session.error(f"Mô-đun dài quá {MAX_MODULE_LINES} dòng, hãy tách theo việc: "
                      + ", ".join(big))


@nox.session(python=PY)
def lint(session: nox.Session) -> None:
    """ruff, mypy, import-linter's layer contracts, module sizes."""
    _install(session, "site", "test", "lint")
    _lint(session)


@nox.session(python=PY)
def validate(session: nox.Session) -> None:
    """Check every plan and registry (``planpub validate``)."""
    _install(session)
    session.run("planpub", "validate", *session.posargs, env=ENV)


@nox.session(python=PY)
def tests(session: nox.Session) -> None:
    """The whole test suite, browser tests included."""
    ensure_chromium(session)
    _install(session, "site", "test")
    session.run("pytest", *session.posargs, env=ENV)


def _build(session: nox.Session, *args: str) -> None:
    session.run("mkdocs", "build", "--strict", *args, env=ENV)


@nox.session(python=PY)
def build(session: nox.Session) -> None:
    """Build the site strictly into ``site/``."""
    _install(session, "site")
    _build(session, *session.posargs)


SERVE_ARGS = ("--livereload", "--dirty", "--no-strict")
"""After the first full build, a saved plan rebuilds only the pages it can change (see
planpub.render.affected); warnings still show, and ``nox -s build`` stays strict."""


@nox.session(python=PY)
def serve(session: nox.Session) -> None:
    """Build, then preview on http://127.0.0.1:8000 with live reload."""
    _install(session, "site")
    session.run("mkdocs", "serve", *SERVE_ARGS, "-a", "127.0.0.1:8000", *session.posargs, env=ENV)


@nox.session(python=PY)
def review(session: nox.Session) -> None:
    """What a change does to the plans (Markdown): ``nox -s review -- BASE [HEAD]``."""
    _install(session)
    if not session.posargs:
        session.error("Cần phiên bản gốc: nox -s review -- main (hoặc origin/main, mã commit).")
    session.run("planpub", "review", *session.posargs, env=ENV)


@nox.session(python=PY)
def planpub(session: nox.Session) -> None:
    """Any ``planpub`` command without installing planpub: ``nox -s planpub -- codeowners``."""
    _install(session, "site")  # `planpub export` reads mkdocs.yml through MkDocs
    if not session.posargs:
        session.error("Cần tên lệnh: nox -s planpub -- --help (ví dụ nox -s planpub -- "
                      "codeowners --check)")
    session.run("planpub", *session.posargs, env=ENV)


@nox.session(python=PY)
def publish(session: nox.Session) -> None:
    """Build and switch the published site: ``nox -s publish -- --dest DIR [--rollback]``."""
    _install(session, "site")
    session.run("planpub", "publish", *session.posargs, env=ENV)


@nox.session(python=PY)
def bench(session: nox.Session) -> None:
    """Benchmarks on synthetic repositories; writes benchmarks/RESULTS.md.

    ``nox -s bench -- --sizes 1000,10000 --serve-at 1000`` (see ``--help``). Queries are
    timed in headless Chromium, as in the browser tests.
    """
    ensure_chromium(session)
    _install(session, "site", "test")
    session.run("python", "-m", "benchmarks.bench", *session.posargs, env=ENV)


@nox.session(python=PY)
def compare(session: nox.Session) -> None:
    """Prove a change alters no output: ``nox -s compare -- BASE [HEAD]``.

    Builds the site, a 300-plan synthetic repository and the ``planpub`` command outputs at
    both revisions, each with its own code (HEAD omitted: the working tree), and lists every
    file that differs; exit 1 if any does (see ``--help``).
    """
    if not session.posargs:
        session.error("Cần phiên bản gốc: nox -s compare -- HEAD~1 (hoặc main, mã commit); "
                      "thêm phiên bản mới nếu không so với thư mục làm việc")
    if not shutil.which("uv"):
        session.install("uv")
    session.run("python", "-m", "benchmarks.compare", *session.posargs, env=ENV)


SCHEMAS = (("-o", "plans/plan.schema.json"),
           ("--progress", "-o", "progress/progress.schema.json"))
"""The committed JSON Schemas (``planpub schema``): ``check`` fails when one is stale."""


@nox.session(python=PY)
def check(session: nox.Session) -> None:
    """What CI runs, in order: lint, validate, schemas, tests, strict build, link check."""
    ensure_chromium(session)
    _install(session, "site", "test", "lint")
    _lint(session)
    session.run("planpub", "validate", env=ENV)
    session.run("planpub", "fmt", "--check", env=ENV)  # plan, registry, progress files canonical
    for flags in SCHEMAS:  # the schemas editors read match the models
        session.run("planpub", "schema", *flags, "--check", env=ENV)
    session.run("pytest", *session.posargs, env=ENV)
    _build(session)
    linkcheck = ROOT / "tests" / "linkcheck.py"
    if linkcheck.exists():
        session.run("python", str(linkcheck), "site", env=ENV)


if __name__ == "__main__":  # pragma: no cover - convenience: python noxfile.py
    sys.exit(subprocess.call([sys.executable, "-m", "nox", *sys.argv[1:]]))
