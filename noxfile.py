"""Every job a person or CI runs, locally and in any CI: ``nox -s <session>``.

``nox -s check`` runs what CI runs, in CI's order.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import nox

nox.options.default_venv_backend = "uv|virtualenv"
nox.options.reuse_existing_virtualenvs = True
nox.options.sessions = ["check"]

ROOT = Path(__file__).parent
PY = "3.11" if shutil.which("python3.11") else None
ENV = {"NO_MKDOCS_2_WARNING": "1", "PYTHONUTF8": "1"}
sys.path.insert(0, str(ROOT / "tests"))  # tests/browserpath.py: the tests' browser lookup
import browserpath  # noqa: E402

LINT_PATHS = [p for p in ("src", "tests", "macros", "benchmarks", "noxfile.py")
              if (ROOT / p).exists()]


def _install(session: nox.Session, *extras: str) -> None:
    spec = f".[{','.join(extras)}]" if extras else "."
    session.install("-e", spec)


def _apt_install(session: nox.Session, what: str, *packages: str) -> bool:
    """As root on Debian or Ubuntu, install ``packages``; whether it could try."""
    if not (shutil.which("apt-get") and hasattr(os, "geteuid") and os.geteuid() == 0):
        return False
    session.log(f"Cài {what} từ kho Debian ...")
    session.run("apt-get", "update", "-qq", external=True)
    session.run("apt-get", "install", "-y", "-qq", *packages, external=True)
    return True


def ensure_chromium(session: nox.Session, *, required: bool = True) -> dict[str, str]:
    """Find the browser as the tests do (``PLANPUB_CHROMIUM``, then PATH); as root on Debian,
    install chromium if there is none. The environment that hands it to the tests.

    Without one: an error if ``required``, else a warning (browser tests then skip).
    """
    found = browserpath.find_chromium()
    if found is None and not os.environ.get(browserpath.ENV) \
            and _apt_install(session, "chromium", "chromium", "fonts-liberation"):
        found = browserpath.find_chromium()
    if found is not None:
        return {browserpath.ENV: found}
    if required:
        session.error(browserpath.missing_message())
    session.warn(browserpath.missing_message() + "\nCác kiểm thử trên trình duyệt sẽ bị bỏ qua.")
    return {}


def _marker_expression(args: list[str]) -> str | None:
    """The ``-m`` expression among pytest's arguments, if any."""
    for i, arg in enumerate(args):
        if arg == "-m" and i + 1 < len(args):
            return args[i + 1]
        if arg.startswith("-m") and not arg.startswith("--"):
            return arg[2:].lstrip("=")
    return None


def _browser_env(session: nox.Session, args: list[str]) -> dict[str, str]:
    """What the selected tests need of a browser: nothing under ``-m "not browser"``; a browser
    under ``-m browser`` or ``PLANPUB_REQUIRE_BROWSER`` (CI); otherwise one if there is one."""
    marks = _marker_expression(args) or ""
    if "not browser" in marks:
        return {}
    required = "browser" in marks or browserpath.browser_required()
    return {**ensure_chromium(session, required=required),
            **({browserpath.REQUIRE: "1"} if required else {})}


NODE_HELP = ("Cần Node.js và npm cho biểu mẫu (decap-server). Cách cài: Debian, Ubuntu: sudo "
             "apt-get install nodejs npm; macOS: brew install node; Windows: Node.js LTS từ "
             "nodejs.org.")


def ensure_node(session: nox.Session, *, required: bool = True) -> bool:
    """Node.js and npm for the forms' local backend; as root on Debian, install them."""
    if not (shutil.which("node") and shutil.which("npm")):
        _apt_install(session, "Node.js và npm", "nodejs", "npm")
    if shutil.which("node") and shutil.which("npm"):
        return True
    if required:
        session.error(NODE_HELP)
    session.warn(NODE_HELP + " Các kiểm thử biểu mẫu sẽ bị bỏ qua.")
    return False


def cms_bundle(session: nox.Session) -> None:
    """Fetch the pinned Decap CMS and js-yaml files and check their sha512 (once; .cache/cms)."""
    session.run("planpub", "cms-bundle", env=ENV, silent=True)


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
    """The whole test suite, browser tests included (``-- -m "not browser"``: without them)."""
    browser = _browser_env(session, session.posargs)
    if browser:  # the forms' browser tests run decap-server
        ensure_node(session, required=browserpath.REQUIRE in browser)
    _install(session, "site", "test")
    cms_bundle(session)
    session.run("pytest", *session.posargs, env={**ENV, **browser})


def _build(session: nox.Session, *args: str) -> None:
    session.run("mkdocs", "build", "--strict", *args, env=ENV)


@nox.session(python=PY)
def build(session: nox.Session) -> None:
    """Build the site strictly into ``site/`` (with the forms' files, /quan-tri/)."""
    _install(session, "site")
    cms_bundle(session)
    _build(session, *session.posargs)


SERVE_ARGS = ("--livereload", "--dirty", "--no-strict")
"""After the first full build, a saved plan rebuilds only the pages it can change (see
planpub.render.affected); warnings still show, and ``nox -s build`` stays strict."""


@nox.session(python=PY)
def serve(session: nox.Session) -> None:
    """Build, then preview on http://127.0.0.1:8000 with live reload."""
    _install(session, "site")
    cms_bundle(session)
    try:  # Ctrl+C is how a preview ends: MkDocs says "Đã dừng xem trước." and exits 0
        session.run("mkdocs", "serve", *SERVE_ARGS, "-a", "127.0.0.1:8000", *session.posargs,
                    env=ENV)
    except KeyboardInterrupt:  # pressed during a build
        session.log("Đã dừng xem trước.")


CMS_PORT = 8081
"""Where the forms' local backend listens (the port Decap looks for)."""


def _answers(port: int, process: subprocess.Popen[bytes] | None = None) -> bool:
    """Whether something listens on ``port`` (with ``process``: waits up to 20 s for it to,
    and gives up early if it ends)."""
    deadline = time.monotonic() + (20 if process is not None else 0)
    while True:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return True
        if process is None or process.poll() is not None or time.monotonic() > deadline:
            return False
        time.sleep(0.2)


@nox.session(python=PY)
def cms(session: nox.Session) -> None:
    """The forms (http://127.0.0.1:8000/quan-tri/) on this working copy, beside the preview.

    A save writes the file in plans/, progress/ or registry/ (decap-server, file mode: nothing
    is committed, nothing switches branch); the preview shows it at once. On the forge set in
    mkdocs.yml (extra.cms) a save opens a pull request instead.
    """
    taken = [port for port in (8000, CMS_PORT) if _answers(port)]
    if taken:
        session.error(f"Cổng {', '.join(map(str, taken))} đang có chương trình khác dùng (có thể "
                      "là một “nox -s cms” hay “nox -s serve” khác đang chạy): biểu mẫu sẽ sửa "
                      "nhầm thư mục khác. Cách sửa: dừng chương trình đó (Ctrl+C) rồi chạy lại.")
    _install(session, "site")
    ensure_node(session)
    cms_bundle(session)
    entry = str(session.run(
        "python", "-c", "from pathlib import Path; from planpub.cms.localserver import "
        "ensure_server; print(ensure_server(Path('.')))", silent=True, env=ENV)).split()[-1]
    env = {**os.environ, "MODE": "fs", "GIT_REPO_DIRECTORY": str(ROOT), "PORT": str(CMS_PORT),
           "BIND_HOST": "127.0.0.1", "LOG_LEVEL": "warn"}
    server = subprocess.Popen(["node", entry], env=env, cwd=ROOT)
    if not _answers(CMS_PORT, server):
        server.terminate()
        session.error("Máy chủ biểu mẫu (decap-server) không chạy được; xem các dòng ở trên.")
    session.log("Biểu mẫu: http://127.0.0.1:8000/quan-tri/ (bấm “Đăng nhập”; mỗi lần lưu ghi "
                "thẳng vào tệp trong thư mục này, xem trước cập nhật ngay). Dừng: Ctrl+C.")
    try:
        session.run("mkdocs", "serve", *SERVE_ARGS, "-a", "127.0.0.1:8000", *session.posargs,
                    env={**ENV, "PLANPUB_CMS_PROXY": f"http://127.0.0.1:{CMS_PORT}/api/v1"})
    except KeyboardInterrupt:
        session.log("Đã dừng biểu mẫu và xem trước.")
    finally:
        server.terminate()
        server.wait(timeout=10)


DEV_VENV = ROOT / ".venv"
"""``nox -s dev``: planpub installed editable for the commands README and CONTRIBUTING show."""


@nox.session(python=False)
def dev(session: nox.Session) -> None:
    """Make ``.venv/`` with planpub installed editable (site, test, lint) and say how to use it."""
    python = shutil.which("python3.11") or sys.executable
    scripts = DEV_VENV / ("Scripts" if os.name == "nt" else "bin")
    venv_python = str(scripts / ("python.exe" if os.name == "nt" else "python"))
    spec = f"{ROOT}[site,test,lint]"
    if shutil.which("uv"):
        session.run("uv", "venv", "--allow-existing", "--seed", "--python", python,
                    str(DEV_VENV), external=True)  # --seed: pip too (pre-commit, CONTRIBUTING)
        session.run("uv", "pip", "install", "--python", venv_python, "-e", spec, external=True)
    else:
        session.run(python, "-m", "venv", str(DEV_VENV), external=True)
        session.run(venv_python, "-m", "pip", "install", "-q", "-e", spec, external=True)
    session.log("Đã cài planpub vào .venv/. Bật môi trường này (mỗi cửa sổ dòng lệnh mới): "
                "source .venv/bin/activate (Windows: .venv\\Scripts\\activate). Sau đó dùng "
                "thẳng các lệnh: "
                "planpub validate, planpub review main, planpub import TỆP.docx -o "
                "plans/MÃ.yaml, planpub fmt, planpub --help.")


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
    cms_bundle(session)
    session.run("planpub", "publish", *session.posargs, env=ENV)


@nox.session(python=PY)
def bench(session: nox.Session) -> None:
    """Benchmarks on synthetic repositories; writes benchmarks/RESULTS.md.

    ``nox -s bench -- --sizes 1000,10000 --serve-at 1000,10000`` (see ``--help``). Queries are
    timed in headless Chromium, as in the browser tests.
    """
    browser = ensure_chromium(session, required=False)  # without one, queries are not timed
    _install(session, "site", "test")
    session.run("python", "-m", "benchmarks.bench", *session.posargs, env={**ENV, **browser})


@nox.session(python=PY)
def bench_import(session: nox.Session) -> None:
    """Time ``planpub import`` on the shared real plans and a generated 40-page plan.

    A session of its own: it needs only the package (no site, no browser), takes seconds
    rather than ``bench``'s minutes, and fails when the 40-page plan needs 2 s or more.
    ``nox -s bench_import -- --runs 5`` (see ``--help``).
    """
    _install(session)
    session.run("python", "-m", "benchmarks.importbench", *session.posargs, env=ENV)


@nox.session(python=PY)
def import_accuracy(session: nox.Session) -> None:
    """How many tasks ``planpub import`` gets right on every plan that has an answer key.

    ``nox -s import_accuracy -- [PLAN.txt …]``: per plan, the tasks read wrong and the tasks
    made up (see tests/importscore.py).
    """
    _install(session)
    session.run("python", "tests/importscore.py", *session.posargs, env=ENV)


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
    browser = {**ensure_chromium(session), browserpath.REQUIRE: "1"}  # CI runs them all
    _install(session, "site", "test", "lint")
    ensure_node(session)  # the forms' browser tests run decap-server
    _lint(session)
    cms_bundle(session)
    session.run("planpub", "validate", env=ENV)
    session.run("planpub", "fmt", "--check", env=ENV)  # plan, registry, progress files canonical
    for flags in SCHEMAS:  # the schemas editors read match the models
        session.run("planpub", "schema", *flags, "--check", env=ENV)
    session.run("pytest", *session.posargs, env={**ENV, **browser})
    _build(session)
    linkcheck = ROOT / "tests" / "linkcheck.py"
    if linkcheck.exists():
        session.run("python", str(linkcheck), "site", env=ENV)


if __name__ == "__main__":  # pragma: no cover - convenience: python noxfile.py
    sys.exit(subprocess.call([sys.executable, "-m", "nox", *sys.argv[1:]]))
