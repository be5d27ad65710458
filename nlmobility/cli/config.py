"""``nlmobility settings [--json]``: every ``NLMOBILITY_*`` setting, the value in effect and where it came from."""

from __future__ import annotations

import argparse
import json

from nlmobility import settings


def cmd_settings(args: argparse.Namespace) -> int:
    """Print the settings in effect (the environment's value, or the default)."""
    rows = settings.effective()
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=1))
        return 0
    width = max(len(r["name"]) for r in rows)
    for r in rows:
        shown = r["value"] or "(unset)"
        print(f"{r['name']:<{width}}  {shown}  [{r['from']}]  {r['purpose']}")
    return 0


def add_parser(sub: argparse._SubParsersAction) -> None:
    """Register ``settings``."""
    p = sub.add_parser("settings", help="every NLMOBILITY_* setting: the value in effect and where it came from")
    p.add_argument("--json", action="store_true", help="name, value, from (environment or default) and purpose")
    p.set_defaults(func=cmd_settings)
