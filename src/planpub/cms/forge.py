"""Where the forms commit: ``extra.cms`` of ``mkdocs.yml``, checked, and read without MkDocs.

Decap's backends for a forge and whether it runs the editorial workflow there are in
:data:`FORGES`; a mistake in ``extra.cms`` raises :class:`ConfigError` with the fix.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import yaml

FORGES = {"github": True, "gitlab": True, "bitbucket": True, "forgejo": True, "gitea": False}
"""Decap's backends for a forge, and whether it runs the editorial workflow there (a save
opens a pull request; publishing merges it). Decap's ``gitea`` backend refuses the workflow:
there a save commits to ``branch``, which the officer opens a pull request from."""


class ConfigError(ValueError):
    """``extra.cms`` cannot be used; the message (Vietnamese) says how to fix it."""


@dataclass(frozen=True)
class Forge:
    """Where the forms commit: ``extra.cms`` in ``mkdocs.yml``."""

    backend: str = ""
    repo: str = ""
    branch: str = "main"
    base_url: str = ""
    """The OAuth endpoint the forge login goes through (Decap's ``base_url``)."""
    api_root: str = ""
    """A self-hosted forge's API (GitLab, Gitea, GitHub Enterprise)."""

    @property
    def configured(self) -> bool:
        """Whether a forge is set (else only the local backend works)."""
        return bool(self.backend)

    @property
    def workflow(self) -> bool:
        """Whether saving opens a pull request on this forge."""
        return not self.configured or FORGES[self.backend]


FORGE_KEYS = ("backend", "repo", "branch", "base_url", "api_root")
_REPO = re.compile(r"^[A-Za-z0-9_.-]+(?:/[A-Za-z0-9_.-]+)+$")
_BRANCH = re.compile(r"^[A-Za-z0-9._/-]+$")


def read_forge(extra: Mapping[str, Any]) -> Forge:
    """``extra.cms`` checked; raises :class:`ConfigError` with what to write instead."""
    raw = extra.get("cms")
    if raw is None:
        return Forge()
    where = "mkdocs.yml: extra.cms"
    if not isinstance(raw, Mapping):
        raise ConfigError(f"{where} phải là một nhóm khóa (backend, repo, branch). Cách sửa: "
                          "xem mục “Sửa kế hoạch bằng biểu mẫu” trong CONTRIBUTING.md.")
    unknown = [str(k) for k in raw if k not in FORGE_KEYS]
    if unknown:
        raise ConfigError(f"{where} có khóa lạ: {', '.join(unknown)}. Các khóa dùng được: "
                          f"{', '.join(FORGE_KEYS)}.")
    values = {k: raw[k] for k in FORGE_KEYS if raw.get(k) is not None}
    bad = [k for k, v in values.items() if not isinstance(v, str)]
    if bad:
        raise ConfigError(f"{where}.{bad[0]} phải là một chuỗi chữ.")
    forge = Forge(**values)
    if forge.backend not in FORGES:
        raise ConfigError(f"{where}.backend = “{forge.backend}” chưa được hỗ trợ. Chọn một trong: "
                          f"{', '.join(FORGES)}.")
    if not _REPO.match(forge.repo):
        raise ConfigError(f"{where}.repo = “{forge.repo}” không phải tên kho dạng "
                          "chủ-sở-hữu/tên-kho, ví dụ: so-tu-phap/ke-hoach.")
    if not _BRANCH.match(forge.branch):
        raise ConfigError(f"{where}.branch = “{forge.branch}” không phải tên nhánh git.")
    if forge.backend in ("forgejo", "gitea") and not forge.api_root:
        raise ConfigError(f"{where}.api_root: {forge.backend} cần địa chỉ API của máy chủ kho, ví "
                          "dụ: https://git.so-tu-phap.gov.vn/api/v1 (không có thì biểu mẫu không "
                          "đăng nhập được).")
    for key in ("base_url", "api_root"):
        value = getattr(forge, key)
        if value and not value.startswith("https://"):
            raise ConfigError(f"{where}.{key} phải là địa chỉ https://...")
    return forge


class _SiteLoader(yaml.SafeLoader):
    """Reads ``mkdocs.yml`` without MkDocs: its tags (``!ENV``, ``!!python/name``) are kept
    as nothing; only ``site_url`` and ``extra`` are used."""


def _env(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    """MkDocs' ``!ENV VAR`` / ``!ENV [VAR, …, default]``: the first variable set, else the
    default."""
    if isinstance(node, yaml.ScalarNode):
        return os.environ.get(str(loader.construct_scalar(node)))
    items = loader.construct_sequence(node) if isinstance(node, yaml.SequenceNode) else []
    for name in items[:-1]:
        if isinstance(name, str) and name in os.environ:
            return os.environ[name]
    return items[-1] if items else None


_SiteLoader.add_constructor("!ENV", _env)
_SiteLoader.add_multi_constructor("", lambda loader, suffix, node: None)
_SiteLoader.add_multi_constructor("tag:yaml.org,2002:python/",
                                  lambda loader, suffix, node: None)


def site_settings(text: str) -> tuple[Mapping[str, Any], str]:
    """``extra`` and ``site_url`` of the text of ``mkdocs.yml``; raises :class:`ConfigError`."""
    try:
        data = yaml.load(text, Loader=_SiteLoader)  # a SafeLoader subclass
    except yaml.YAMLError as err:
        raise ConfigError(f"mkdocs.yml không đọc được: {err}") from None
    data = data if isinstance(data, Mapping) else {}
    extra = data.get("extra")
    site_url = data.get("site_url")
    return (extra if isinstance(extra, Mapping) else {},
            site_url if isinstance(site_url, str) else "")
