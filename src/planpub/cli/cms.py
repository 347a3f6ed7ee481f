"""``planpub cms-config`` and ``planpub cms-bundle``: the officers' forms (:mod:`planpub.cms`).

The forms' modules are imported when one of these commands runs: the configuration is built
from every model's schema, which costs other commands (``validate``) half a second to load.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import yaml

from planpub.cli.common import os_reason, write_output
from planpub.layout import MKDOCS_FILE
from planpub.safefile import UnsafeFile, read_capped

MKDOCS_MAX = 1 << 20


def cmd_cms_config(args: argparse.Namespace) -> int:
    """Print (or write with ``-o``) the CMS configuration the site serves at /quan-tri/."""
    from planpub.cms.config import cms_config
    from planpub.cms.forge import ConfigError, read_forge, site_settings

    root: Path = args.root
    try:
        text = read_capped(root / MKDOCS_FILE, MKDOCS_MAX, root).decode("utf-8")
        extra, site_url = site_settings(text)
        config = cms_config(read_forge(extra), site_url=site_url)
    except (ConfigError, UnicodeDecodeError) as err:
        print(f"Lỗi: {err}", file=sys.stderr)
        return 1
    except UnsafeFile as err:
        print(f"Lỗi: {MKDOCS_FILE}: {err.message} Cách sửa: {err.hint}", file=sys.stderr)
        return 1
    except OSError as err:
        print(f"Lỗi: không đọc được {MKDOCS_FILE} ({os_reason(err)}).", file=sys.stderr)
        return 1
    out = yaml.safe_dump(config, allow_unicode=True, sort_keys=False, width=100)
    if args.output is None:
        sys.stdout.write(out)
        return 0
    problem = write_output(args.output, out, root=root, what="cấu hình biểu mẫu",
                           example="cms-config.yml", plans_ok=False, force=args.force)
    if problem is not None:
        print(f"Lỗi: {problem}", file=sys.stderr)
        return 1
    print(f"Đã ghi cấu hình biểu mẫu vào {args.output}.")
    return 0


def cmd_cms_bundle(args: argparse.Namespace) -> int:
    """Fetch and verify the pinned CMS files into ``.cache/cms`` (nothing to do if there)."""
    from planpub.cms.bundle import PACKAGES, BundleError, ensure_all

    try:
        folders = ensure_all(args.root)
    except BundleError as err:
        print(f"Lỗi: {err}", file=sys.stderr)
        return 1
    except OSError as err:
        print(f"Lỗi: không ghi được vào .cache/cms ({os_reason(err)}).", file=sys.stderr)
        return 1
    names = ", ".join(f"{p.name} {p.version}" for p in PACKAGES)
    print(f"Gói biểu mẫu đã tải và kiểm tra mã (sha512): {names}, trong {folders[0].parent}.")
    return 0


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``cms-config`` and ``cms-bundle`` sub-commands."""
    p = sub.add_parser("cms-config", help="in cấu hình biểu mẫu /quan-tri/ (Decap CMS), sinh từ "
                       "mô hình dữ liệu và extra.cms trong mkdocs.yml")
    p.add_argument("-o", "--output", type=Path, default=None, metavar="TỆP",
                   help="ghi ra tệp thay vì in ra màn hình")
    p.add_argument("--force", action="store_true", default=None, help="ghi đè tệp đã có")
    p.set_defaults(func=cmd_cms_config)
    p = sub.add_parser("cms-bundle", help="tải gói Decap CMS và js-yaml đã ghim phiên bản, "
                       "kiểm tra mã sha512, giữ trong .cache/cms")
    p.set_defaults(func=cmd_cms_bundle)
