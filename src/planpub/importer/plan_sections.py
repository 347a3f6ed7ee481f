"""The plan's parts besides its tasks: aims (purposes and requirements), organisation and
funding."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from planpub.importer.blocks import Para, squash
from planpub.importer.context import Context
from planpub.importer.document import Outline, Section
from planpub.importer.list_items import Node, build_tree, item_markdown
from planpub.importer.names import prose_actors
from planpub.slug import fold


def aims_fields(outline: Outline) -> tuple[list[str], list[str], str | None]:
    """Purposes, requirements and the heading of the aims section."""
    purposes: list[str] = []
    requirements: list[str] = []
    heading = None
    for section in outline.sections:
        if section.kind != "aims":
            continue
        heading = heading or section.heading
        root = build_tree([x for x in section.items if isinstance(x, Para)])
        target = purposes
        loose = list(root.paras)
        for node in root.children:
            folded = fold(node.text).rstrip(":. ")
            if folded in ("muc dich", "muc tieu", "yeu cau") or (
                    folded.startswith(("muc dich", "yeu cau")) and len(folded) < 30):
                target = requirements if folded.startswith("yeu cau") else purposes
                target.extend(node.paras)
                target.extend(item_markdown(c, bullet=False) for c in node.children)
            else:
                target.append(item_markdown(node, bullet=False))
        purposes[0:0] = loose
    return purposes, requirements, heading


def organisation_fields(ctx: Context, tasks_from: Sequence[Section] = ()
                        ) -> tuple[list[dict[str, Any]], str | None, str | None, str | None]:
    """Organisation items, the funding text, and the two sections' headings; a section the
    tasks were read from (duties grouped by agency) is not repeated as organisation."""
    items: list[dict[str, Any]] = []
    funding: list[str] = []
    org_heading = funding_heading = None
    for section in ctx.outline.sections:
        paras = [x for x in section.items if isinstance(x, Para)]
        if section.kind == "funding":
            funding_heading = funding_heading or section.heading
            funding.extend(p.text for p in paras)
        elif section.kind == "organisation" and not any(section is t for t in tasks_from):
            org_heading = org_heading or section.heading
            root = build_tree(paras)
            for text in root.paras:
                items.append(_org_item(ctx, None, text))
            for node in root.children:
                items.append(_org_node(ctx, node))
    return items, "\n\n".join(funding) or None, org_heading, funding_heading


def _org_node(ctx: Context, node: Node) -> dict[str, Any]:
    text = squash(node.text)
    short = len(text) < 120 and not re.search(r"[.;]\s", text)
    items = "\n".join(item_markdown(c) for c in node.children)
    if short and (node.children or node.paras):
        return _org_item(ctx, text.rstrip(":."), "\n\n".join(x for x in (
            "\n\n".join(node.paras), items) if x))
    return _org_item(ctx, None, "\n\n".join(x for x in (text, *node.paras, items) if x))


def _org_item(ctx: Context, heading: str | None, body: str) -> dict[str, Any]:
    item: dict[str, Any] = {}
    if heading:
        item["heading"] = heading
    actors = []
    for name in prose_actors(body.lstrip("-+ ")).lead:
        ident = ctx.matcher.find(name)
        if ident and ident not in actors:
            actors.append(ident)
    if actors:
        item["actors"] = actors
    item["body"] = body
    if fold(heading or body).startswith("kinh phi"):
        item["topic"] = "funding"
    return item
