"""A git repository around a scratch copy of the site sources, for review/publish tests."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path
from typing import Any

import yaml

EPOCH = 1_735_689_600
"""The first commit's time (2025-01-01 00:00 UTC); each later commit is an hour on."""


class PlanRepo:
    """Make ``path`` (a copy of the site sources) a git work tree; edit plans and commit."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.commits = 0
        (path / ".gitignore").write_text("__pycache__/\n/site/\n", encoding="utf-8")
        self.git("init", "-q", "-b", "main")
        self.commit("Bản gốc")

    def git(self, *args: str) -> str:
        stamp = f"@{EPOCH + self.commits * 3600} +0700"
        env = {**os.environ, "GIT_AUTHOR_NAME": "Cán bộ", "GIT_AUTHOR_EMAIL": "cb@example.vn",
               "GIT_COMMITTER_NAME": "Cán bộ", "GIT_COMMITTER_EMAIL": "cb@example.vn",
               "GIT_AUTHOR_DATE": stamp, "GIT_COMMITTER_DATE": stamp}
        done = subprocess.run(["git", "-C", str(self.path), *args], env=env, check=True,
                              capture_output=True, text=True)
        return done.stdout

    def commit(self, message: str) -> str:
        self.git("add", "-A")
        self.git("commit", "-q", "--allow-empty", "-m", message)
        self.commits += 1
        return self.git("rev-parse", "HEAD").strip()

    def plan_path(self, plan_id: str) -> Path:
        return self.path / "plans" / f"{plan_id}.yaml"

    def read(self, plan_id: str) -> dict[str, Any]:
        data: dict[str, Any] = yaml.safe_load(self.plan_path(plan_id).read_text("utf-8"))
        return data

    def write(self, plan_id: str, data: dict[str, Any]) -> None:
        self.plan_path(plan_id).write_text(
            yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def find_task(tasks: list[dict[str, Any]], number: str) -> dict[str, Any]:
    """The raw task numbered ``number`` in a plan's task tree."""
    queue = list(tasks)
    while queue:
        task = queue.pop(0)
        if str(task["number"]) == number:
            return task
        queue.extend(task.get("subtasks") or [])
    raise KeyError(number)
