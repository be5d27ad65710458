"""``nlmobility user add NAME`` / ``reset NAME``: the administrators of Administración."""

from __future__ import annotations

import argparse
import sys


def cmd_user_add(args: argparse.Namespace) -> int:
    """``nlmobility user add``: create an administrator account."""
    import getpass

    from nlmobility import auth

    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = getpass.getpass("Contraseña / password: ")
        if getpass.getpass("Repita / repeat: ") != password:
            print("nlmobility user add: the passwords differ", file=sys.stderr)
            return 2
    try:
        auth.add_user(args.name, password)
    except ValueError as exc:
        print(f"nlmobility user add: {exc}", file=sys.stderr)
        return 2
    print(f"user {args.name} saved in {auth.users_path()} (argon2 hash)")
    return 0


def cmd_user_reset(args: argparse.Namespace) -> int:
    """``nlmobility user reset``: clear an account's failed-login waits and locks, from every client."""
    from nlmobility import auth

    n = auth.reset(args.name)
    print(f"user {args.name}: {n} failed-login record(s) cleared")
    return 0


def add_parser(sub: argparse._SubParsersAction) -> None:
    """Register ``user``."""
    u = sub.add_parser("user", help="manage administrator accounts (no default account exists)")
    usub = u.add_subparsers(dest="user_command", required=True)
    ua = usub.add_parser("add", help="create or reset an administrator (password asked, or read from stdin)")
    ua.add_argument("name")
    ua.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    ua.set_defaults(func=cmd_user_add)
    ur = usub.add_parser("reset", help="clear the waits and locks after failed logins for a name (every client)")
    ur.add_argument("name")
    ur.set_defaults(func=cmd_user_reset)
