"""CODEOWNERS from the registry: ``planpub codeowners [--check]``.

``registry/reviewers.yaml`` names the git-host handles (users or teams) that
answer for each locality or agency, plus a central team. Each plan file is
owned by the reviewers of its issuer, else of the nearest locality up the
hierarchy (and, for a locality that was merged away, of its successor); the
registries and anything unmatched belong to the central team.

Every line is one exact path without wildcards, which GitHub and GitLab
(gitignore-style patterns) and Gitea (regular expressions) all read the same
way, so one ``CODEOWNERS`` at the repository root serves all three hosts.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from planpub.catalog import Catalog
from planpub.diagnostics import Diagnostic, did_you_mean, has_errors
from planpub.fieldtypes import Id
from planpub.layout import REGISTRY_DIR, REVIEWERS_FILE
from planpub.modelerrors import validate_model
from planpub.project import open_project
from planpub.repofiles import display_path, plan_files
from planpub.yamlsrc import read_yaml

OUTPUT = "CODEOWNERS"
_USER = r"[A-Za-z0-9](?:[A-Za-z0-9._-]{0,254})"
_HANDLE = re.compile(rf"@{_USER}(?:/[A-Za-z0-9][A-Za-z0-9._-]{{0,99}}){{0,20}}"
                     r"|[A-Za-z0-9._%+-]{1,64}@(?:[A-Za-z0-9-]{1,63}\.)+[A-Za-z]{2,63}")
"""What GitHub, GitLab and Gitea accept: ``@user``, ``@org/team`` (GitLab: ``@group/sub/...``,
names with dots), or an e-mail address; letters, digits, ``.``, ``_``, ``-`` only, and always
matched whole (``fullmatch``), so no space or line break can slip in."""
_SAFE_PATH = re.compile(r"[A-Za-z0-9_/-][A-Za-z0-9._/-]*")
_SPACE_OR_CONTROL = re.compile(r"[\s\x00-\x1f\x7f-\x9f]")
_SHOWN = 40


def _shown(value: str, cut: bool = True) -> str:
    """``value`` as quoted in a message: line breaks and control characters visible as
    ``\\n``, ``\\x00``; a long value cut (unless not ``cut``)."""
    visible = _SPACE_OR_CONTROL.sub(lambda m: " " if m.group() == " " else repr(m.group())[1:-1],
                                    value)
    return visible if not cut or len(visible) <= _SHOWN else visible[:_SHOWN] + "…"


def _handle(value: str) -> str:
    if _HANDLE.fullmatch(value):
        return value
    example = "ví dụ @so-tu-phap-binh-duong, @to-chuc/nhom hoặc nguoi-duyet@example.gov.vn"
    user, _, team = value[1:].partition("/")
    if _SPACE_OR_CONTROL.search(value):
        problem = "có khoảng trắng, dấu xuống dòng hoặc ký tự điều khiển"
        hint = f"xóa các ký tự đó; mỗi người duyệt là một chuỗi liền, {example}"
    elif value.startswith("@") and (len(user) > 39 or len(team) > 100):
        problem = f"quá dài ({len(value)} ký tự)"
        hint = f"tên tài khoản tối đa 39 ký tự, tên nhóm (sau dấu /) tối đa 100 ký tự; {example}"
    else:
        problem = "không phải tài khoản, nhóm hay địa chỉ thư"
        hint = ("viết @ rồi tên tài khoản (chữ cái không dấu, chữ số, gạch ngang), hoặc "
                f"nhóm dạng @tổ-chức/nhóm (không dấu), hoặc một địa chỉ thư; {example}")
    raise ValueError(f"người duyệt “{_shown(value)}” không hợp lệ: {problem}. Gợi ý: {hint}.")


Handle = Annotated[str, AfterValidator(_handle)]


class Reviewers(BaseModel):
    """``registry/reviewers.yaml``."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    central: list[Handle] = Field(min_length=1, description="Nhóm duyệt danh mục và mọi tệp "
                                                             "chưa có người duyệt riêng")
    reviewers: dict[Id, list[Handle]] = Field(
        default_factory=dict, description="Mã địa bàn hoặc mã cơ quan → người duyệt")


def load_reviewers(root: Path, catalog: Catalog) -> tuple[Reviewers | None, list[Diagnostic]]:
    """Read and check ``registry/reviewers.yaml`` against the registry."""
    path = root / REVIEWERS_FILE
    if not os.path.lexists(path):
        return None, [Diagnostic(REVIEWERS_FILE, None, "error", "", "không tìm thấy tệp người "
                                 "duyệt.", "tạo tệp với hai trường central và reviewers.")]
    doc, diags = read_yaml(path, REVIEWERS_FILE, root)
    if doc is None:
        return None, diags
    if not isinstance(doc.data, dict):
        return None, [Diagnostic(REVIEWERS_FILE, 1, "error", "", "tệp phải là một bảng các "
                                 "trường (central: ..., reviewers: ...).", None)]
    reviewers, diags = validate_model(doc, Reviewers)
    if reviewers is None:
        return None, diags
    known = {**catalog.registry.localities, **catalog.agencies}
    for ident in reviewers.reviewers:
        if ident not in known:
            hint = did_you_mean(ident, known) or ("dùng một mã trong registry/localities.yaml "
                                                  "hoặc registry/agencies.yaml.")
            diags.append(Diagnostic(REVIEWERS_FILE, doc.line_of(("reviewers", ident)), "error",
                                    f"reviewers.{ident}", f"mã “{ident}” không phải địa bàn hay "
                                    "cơ quan nào trong danh mục.", hint))
    return reviewers, diags


def owners_of(plan_id: str, catalog: Catalog, reviewers: Reviewers) -> list[str]:
    """A plan's reviewers: its issuer's, else those of its locality, of that locality's
    successor (after a merger), then of each enclosing locality; else the central team."""
    plan = catalog.plans.get(plan_id)
    if plan is None:
        return list(reviewers.central)
    candidates = [plan.issuer]
    for ident in catalog.locality_chain(catalog.locality_of(plan)):
        candidates.append(ident)
        locality = catalog.registry.localities.get(ident)
        if locality is not None and locality.successor:
            candidates.append(locality.successor)
    return next((list(reviewers.reviewers[c]) for c in candidates if reviewers.reviewers.get(c)),
                list(reviewers.central))


def generate(root: Path) -> tuple[str | None, list[Diagnostic]]:
    """The CODEOWNERS text for the repository at ``root`` (None if reviewers.yaml is wrong)."""
    catalog = open_project(root).catalog
    reviewers, diags = load_reviewers(root, catalog)
    if reviewers is None or has_errors(diags):
        return None, diags
    lines = [
        "# Tệp này do lệnh `planpub codeowners` sinh ra từ registry/reviewers.yaml: đừng sửa tay.",
        "# Mỗi dòng là một đường dẫn đầy đủ (không ký tự đại diện), nên GitHub, GitLab và Gitea",
        "# đều hiểu như nhau.",
        "",
        "# Danh mục, người duyệt và tệp này: nhóm biên tập trung tâm",
    ]
    registry_files = sorted(p.relative_to(root).as_posix()
                            for p in (root / REGISTRY_DIR).glob("*.y*ml"))
    lines += [line for path in [*registry_files, OUTPUT]
              if (line := _rule(path, reviewers.central, diags))]
    lines += ["", "# Kế hoạch: người duyệt của cơ quan ban hành hoặc của địa bàn"]
    ids = {lp.doc.path: lp.plan.id for lp in catalog.loaded}
    for file in plan_files(root):
        path = display_path(file, root)
        owners = owners_of(ids[path], catalog, reviewers) if path in ids else reviewers.central
        if line := _rule(path, owners, diags):
            lines.append(line)
    reported = {lp.doc.path: lp.progress.plan for lp in catalog.progress}
    if reported:
        lines += ["", "# Báo cáo tiến độ: người duyệt của kế hoạch được báo cáo"]
        lines += [line for path, plan_id in sorted(reported.items())
                  if (line := _rule(path, owners_of(plan_id, catalog, reviewers), diags))]
    return "\n".join(lines) + "\n", diags


def _rule(path: str, owners: list[str], diags: list[Diagnostic]) -> str | None:
    """One CODEOWNERS line, or None (and a warning) if the path could change the file's lines.

    Handles need no check here: :data:`Handle` admits only whole, space-free ones.
    """
    if not _SAFE_PATH.fullmatch(path):
        diags.append(Diagnostic(_shown(path, cut=False), None, "warning", "",
                                "tên tệp có ký tự đặc biệt (khoảng trắng, dấu xuống dòng, chữ có "
                                "dấu …) nên không ghi được vào CODEOWNERS.",
                                "đổi tên tệp, chỉ dùng chữ thường không dấu, chữ số, gạch ngang "
                                "(tệp kế hoạch: đặt tên bằng mã kế hoạch)."))
        return None
    return f"{path} {' '.join(owners)}"
