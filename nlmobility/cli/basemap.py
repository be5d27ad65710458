"""``nlmobility basemap install PACK`` / ``status``: the offline tile pack the maps draw on."""

from __future__ import annotations

import argparse
import pathlib
import sys


def cmd_basemap(args: argparse.Namespace) -> int:
    """``nlmobility basemap install PACK`` / ``status``: the offline tile pack and the basemap in use."""
    from nlmobility import basemap

    if args.basemap_command == "install":
        try:
            done = basemap.install(pathlib.Path(args.pack))
        except basemap.BasemapError as e:
            print(f"error: {e}", file=sys.stderr)
            return 1
        zooms = done["zooms"]
        assert isinstance(zooms, list)
        print(
            f"installed {done['pack']}: {done['tiles']} {done['format']} tiles, zoom {min(zooms)}-{max(zooms)}; "
            f"start the app with {basemap.ENV_BASEMAP}=tiles"
        )
        return 0
    choice = basemap.current()
    print(f"basemap: {choice.name} ({choice.style_url})" + (f"; {choice.problem}" if choice.problem else ""))
    return 0


def add_parser(sub: argparse._SubParsersAction) -> None:
    """Register ``basemap``."""
    bm = sub.add_parser("basemap", help="offline tile pack for the maps (NLMOBILITY_BASEMAP=builtin|tiles|online)")
    bmsub = bm.add_subparsers(dest="basemap_command", required=True)
    bmi = bmsub.add_parser("install", help="unpack an MBTiles pack (raster or vector) into the app's static folder")
    bmi.add_argument("pack")
    bmi.set_defaults(func=cmd_basemap)
    bmsub.add_parser("status", help="the basemap the app would use, and why").set_defaults(func=cmd_basemap)
