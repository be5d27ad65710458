"""What every command shares: the ``--db`` option, the database it names, writing to a file or stdout."""

from __future__ import annotations

import argparse
import datetime as dt
import pathlib
import sys

from nlmobility import db


def db_arg(p: argparse.ArgumentParser) -> None:
    """Add ``--db PATH`` (default: ``$NLMOBILITY_DB`` or ``data/nlmobility.duckdb``)."""
    p.add_argument(
        "--db",
        type=pathlib.Path,
        default=None,
        help="database file (default: $NLMOBILITY_DB or data/nlmobility.duckdb)",
    )


def db_path(args: argparse.Namespace) -> pathlib.Path:
    """The database a command works on: ``--db`` or the default."""
    return args.db if args.db is not None else db.default_path()


def write_output(out: pathlib.Path, data: bytes, message: str) -> None:
    """``data`` to the file ``out`` (then ``message`` on stderr), or to stdout when ``out`` is "-"."""
    if str(out) == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    else:
        pathlib.Path(out).write_bytes(data)
        print(message, file=sys.stderr)


def iso_date(text: str) -> dt.date:
    """An argument given as YYYY-MM-DD."""
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date (YYYY-MM-DD)") from None
