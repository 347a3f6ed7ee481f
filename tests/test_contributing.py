"""The officer's path: CODEOWNERS, pull-request templates, pre-commit hooks, CONTRIBUTING.md."""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import ROOT, load_checked
from planpub.cli import build_parser, main
from planpub.codeowners import OUTPUT, generate

TEMPLATES = (".github/pull_request_template.md", ".gitlab/merge_request_templates/Default.md",
             ".gitea/pull_request_template.md")


def run(root: Path, *args: str) -> tuple[int, str]:
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
        code = main(["--root", str(root), *args])
    return code, out.getvalue()


def rules(text: str) -> dict[str, list[str]]:
    """CODEOWNERS rules: path → owners."""
    out = {}
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            path, *owners = line.split()
            out[path] = owners
    return out


def set_reviewers(root: Path, central: list[str], table: dict[str, list[str]]) -> None:
    (root / "registry" / "reviewers.yaml").write_text(
        yaml.safe_dump({"central": central, "reviewers": table}), encoding="utf-8")


# --------------------------------------------------------------------------- CODEOWNERS


def test_committed_codeowners_is_up_to_date() -> None:
    code, out = run(ROOT, "codeowners", "--check")
    assert code == 0, out


def test_codeowners_reads_the_same_on_github_gitlab_and_gitea() -> None:
    table = rules((ROOT / OUTPUT).read_text("utf-8"))
    plans = {p.relative_to(ROOT).as_posix() for p in (ROOT / "plans").rglob("*.yaml")}
    registry = {p.relative_to(ROOT).as_posix() for p in (ROOT / "registry").glob("*.yaml")}
    assert set(table) == plans | registry | {OUTPUT}
    for path, owners in table.items():
        assert not re.search(r"[*?\[\]!\\ ]", path), path  # no glob, no negation, no escapes
        assert re.fullmatch(path, path), path  # Gitea reads each path as a regular expression
        assert owners and all(o.startswith("@") or "@" in o for o in owners), path


def test_plan_owners_follow_issuer_then_locality_then_successor(make_repo: Path) -> None:
    catalog, _ = load_checked(make_repo)
    plan = next(p for p in catalog.plans.values()
                if any(catalog.registry.localities[loc].successor
                       for loc in catalog.locality_chain(catalog.locality_of(p))))
    path = f"plans/{plan.id}.yaml"
    chain = catalog.locality_chain(catalog.locality_of(plan))
    merged = next(loc for loc in chain if catalog.registry.localities[loc].successor)
    successor = catalog.registry.localities[merged].successor
    assert successor is not None

    set_reviewers(make_repo, ["@trung-tam"], {plan.issuer: ["@ban-hanh"], merged: ["@dia-ban"],
                                              successor: ["@ke-thua"]})
    text, _ = generate(make_repo)
    assert text is not None and rules(text)[path] == ["@ban-hanh"]

    set_reviewers(make_repo, ["@trung-tam"], {merged: ["@dia-ban"], successor: ["@ke-thua"]})
    text, _ = generate(make_repo)
    assert text is not None and rules(text)[path] == ["@dia-ban"]

    set_reviewers(make_repo, ["@trung-tam"], {successor: ["@ke-thua", "@to-chuc/nhom"]})
    text, _ = generate(make_repo)
    assert text is not None and rules(text)[path] == ["@ke-thua", "@to-chuc/nhom"]

    set_reviewers(make_repo, ["@trung-tam"], {})
    text, _ = generate(make_repo)
    assert text is not None
    table = rules(text)
    assert table[path] == ["@trung-tam"]
    assert table["registry/agencies.yaml"] == ["@trung-tam"]


def test_codeowners_check_and_write(make_repo: Path) -> None:
    code, out = run(make_repo, "codeowners", "--check")
    assert code == 1 and "planpub codeowners" in out
    code, out = run(make_repo, "codeowners")
    assert code == 0 and (make_repo / OUTPUT).exists()
    assert run(make_repo, "codeowners", "--check")[0] == 0
    plan = next((make_repo / "plans").glob("*.yaml"))
    (make_repo / "plans" / "ke-hoach-moi.yaml").write_text(
        plan.read_text("utf-8").replace(f"id: {plan.stem}", "id: ke-hoach-moi"), "utf-8")
    code, out = run(make_repo, "codeowners", "--check")
    assert code == 1 and "chưa khớp" in out


def test_reviewers_file_errors_are_vietnamese_and_write_nothing(make_repo: Path) -> None:
    agency = next(iter(load_checked(make_repo)[0].agencies))
    set_reviewers(make_repo, ["@trung-tam"], {agency + "x": ["@ai-do"]})
    code, out = run(make_repo, "codeowners")
    assert code == 1 and not (make_repo / OUTPUT).exists()
    assert "registry/reviewers.yaml" in out and f"reviewers.{agency}x" in out
    assert "không phải địa bàn hay cơ quan nào" in out and f'"{agency}"' in out

    set_reviewers(make_repo, ["trung tam"], {})
    code, out = run(make_repo, "codeowners")
    assert code == 1 and "người duyệt “trung tam” không hợp lệ" in out
    assert "Traceback" not in out


# --------------------------------------------------------------------------- templates, docs


def test_pull_request_templates_match_and_hold_the_reviewer_checklist() -> None:
    texts = [(ROOT / t).read_text("utf-8") for t in TEMPLATES]
    assert texts[0] == texts[1] == texts[2]
    reviewer = texts[0].split("## Người duyệt kiểm tra")[1]
    items = re.findall(r"^- \[ \] (.+)$", reviewer, flags=re.M)
    assert len(items) >= 6
    joined = " ".join(items)
    for topic in ("nguyên văn", "chủ trì", "Thời gian", "❌", "nox -s check", "CODEOWNERS"):
        assert topic in joined


def _sessions() -> set[str]:
    source = (ROOT / "noxfile.py").read_text("utf-8")
    return set(re.findall(r"@nox\.session[^\n]*\ndef (\w+)\(", source))


def _commands() -> set[str]:
    parser = build_parser()
    action = next(a for a in parser._actions if a.dest == "command")
    return set(action.choices or {})


@pytest.mark.parametrize("doc", ["CONTRIBUTING.md", *TEMPLATES])
def test_docs_only_name_sessions_and_commands_that_exist(doc: str) -> None:
    text = (ROOT / doc).read_text("utf-8")
    sessions = set(re.findall(r"nox -s (\w+)", text))
    commands = set(re.findall(r"`planpub ([\w-]+)", text)) | set(
        re.findall(r"^planpub ([\w-]+)", text, flags=re.M))
    assert sessions and sessions <= _sessions(), sessions - _sessions()
    assert commands <= _commands(), commands - _commands()


def _shown_planpub_commands(text: str) -> list[list[str]]:
    """Every ``planpub …`` command a document shows (inline, in a code block, after
    ``nox -s planpub --``), as tokens after ``planpub`` without comments or ``--root DIR``."""
    shown = re.findall(r"`planpub ([^`]+)`", text) + re.findall(r"(?m)^planpub (.+)$", text)
    shown += re.findall(r"nox -s planpub -- ([^`\n]+)", text)
    out = []
    for command in shown:
        tokens = command.split("#", 1)[0].replace("[", " ").replace("]", " ").split()
        while tokens[:1] == ["--root"]:
            tokens = tokens[2:]
        if tokens and re.fullmatch(r"[a-z][a-z-]*", tokens[0]):  # not prose ("planpub là")
            out.append(tokens)
    return out


@pytest.mark.parametrize("doc", ["README.md", "CONTRIBUTING.md"])
def test_every_planpub_command_the_docs_show_parses_as_written(doc: str) -> None:
    """Sub-command and options exactly as printed (after ``nox -s dev``, or via
    ``nox -s planpub --``)."""
    commands = _shown_planpub_commands((ROOT / doc).read_text("utf-8"))
    action = next(a for a in build_parser()._actions if a.dest == "command")
    assert isinstance(action, argparse._SubParsersAction)
    parsers: dict[str, argparse.ArgumentParser] = action.choices
    assert {"validate", "review", "import"} <= {tokens[0] for tokens in commands}
    for tokens in commands:
        assert tokens[0] in parsers, tokens
        known = {o for a in parsers[tokens[0]]._actions for o in a.option_strings} | {"--root"}
        flags = [t.split("=", 1)[0] for t in tokens[1:] if t.startswith("-")]
        assert set(flags) <= known, (tokens, set(flags) - known)


def test_docs_say_how_to_get_the_planpub_command() -> None:
    """A bare ``planpub`` command works after ``nox -s dev`` and activating ``.venv``."""
    assert "dev" in _sessions()
    for doc in ("README.md", "CONTRIBUTING.md"):
        text = (ROOT / doc).read_text("utf-8")
        assert "nox -s dev" in text and "source .venv/bin/activate" in text, doc
        assert ".venv\\Scripts\\activate" in text, doc
    readme = (ROOT / "README.md").read_text("utf-8")
    first_block = re.search(r"(?m)^planpub [a-z-]+(?=\s|$)", readme)  # a command, not prose
    assert first_block is not None
    assert readme.index("nox -s dev") < first_block.start()


def test_contributing_walks_an_officer_through_the_pull_request() -> None:
    text = (ROOT / "CONTRIBUTING.md").read_text("utf-8")
    for step in ("nox -s validate", "nox -s serve", "nox -s review", "pull request",
                 "merge request", "GitHub", "GitLab", "Gitea", "báo cáo thay đổi",
                 "người duyệt", "nox -s publish", "--rollback"):
        assert step in text, step
    assert "[README.md](README.md)" in text
    assert "CONTRIBUTING.md" in (ROOT / "README.md").read_text("utf-8")


# --------------------------------------------------------------------------- pre-commit


def _hooks() -> dict[str, dict[str, object]]:
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text("utf-8"))
    return {h["id"]: h for repo in config["repos"] for h in repo["hooks"]}


def _run_hook(hook: dict[str, object], cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run a ``language: system`` hook as pre-commit does: its entry, on the PATH."""
    assert hook["language"] == "system" and hook["pass_filenames"] is False
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    return subprocess.run(shlex.split(str(hook["entry"])), cwd=cwd, env=env,
                          capture_output=True, text=True, check=False)


def test_pre_commit_hooks_watch_plans_and_registries() -> None:
    hooks = _hooks()
    assert {"planpub-validate", "planpub-codeowners"} <= set(hooks)
    pattern = re.compile(str(hooks["planpub-validate"]["files"]))
    assert pattern.search("plans/binh-duong-2025.yaml")
    assert pattern.search("registry/agencies.yaml")
    assert not pattern.search("content/index.md")
    assert not pattern.search("src/planpub/model.py")


def test_pre_commit_validate_hook_blocks_a_bad_plan(make_repo: Path) -> None:
    hook = _hooks()["planpub-validate"]
    done = _run_hook(hook, make_repo)
    assert done.returncode == 0, done.stdout + done.stderr
    plan = next((make_repo / "plans").glob("*.yaml"))
    text = plan.read_text("utf-8")
    plan.write_text(re.sub(r"(?m)^year: .*$", "year: hai nghìn", text, count=1), "utf-8")
    done = _run_hook(hook, make_repo)
    assert done.returncode == 1
    assert f"plans/{plan.name}" in done.stdout and "year" in done.stdout
    assert "Traceback" not in done.stdout + done.stderr


def test_pre_commit_codeowners_hook_rewrites_a_stale_file(make_repo: Path) -> None:
    hook = _hooks()["planpub-codeowners"]
    assert re.search(str(hook["files"]), "CODEOWNERS")
    done = _run_hook(hook, make_repo)
    assert done.returncode == 0, done.stdout + done.stderr
    written = (make_repo / OUTPUT).read_text("utf-8")
    assert written == generate(make_repo)[0]


def test_readme_plan_example_validates_and_names_no_ceased_agency(make_repo: Path) -> None:
    """The authoring example a new officer copies is a valid plan of agencies that exist."""
    readme = (ROOT / "README.md").read_text("utf-8")
    block = re.search(r"```yaml\n(# yaml-language-server.*?)```", readme, re.S)
    assert block is not None
    plan = yaml.safe_load(block.group(1))
    (make_repo / "plans" / f"{plan['id']}.yaml").write_text(block.group(1), encoding="utf-8")
    catalog, diags = load_checked(make_repo)
    assert not [d for d in diags if d.level == "error"], diags
    named = {plan["issuer"]} | {a for task in plan["tasks"] for role in
                                ("lead", "advise", "coordinate", "consolidate")
                                for a in task.get(role, [])}
    assert not [a for a in named if catalog.agencies[a].valid_until], named
