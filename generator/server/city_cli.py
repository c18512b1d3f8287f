"""``vanban server base …``: the city's base plan published to its wards (argparse only here;
the database is imported when the command runs)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from ..i18n import _


def add_parsers(cmds: Any, common: argparse.ArgumentParser) -> None:
    """``vanban server base publish``."""
    base = cmds.add_parser("base", help=_("The city's base plan and its wards' plans"))
    bcmd = base.add_subparsers(dest="base_command", required=True, metavar=_("COMMAND"))
    pub = bcmd.add_parser(
        "publish",
        parents=[common],
        help=_(
            "Publish the base plan to every ward of the table (a revised base is merged into "
            "each ward's plan)"
        ),
    )
    pub.add_argument("base", metavar="BASE.yaml", type=Path)
    pub.add_argument(
        "--wards", required=True, metavar="TABLE", type=Path,
        help=_("The ward table (CSV or XLSX, as bulk reads)"),
    )  # fmt: skip
    pub.add_argument(
        "--author", metavar="LOGIN", help=_("The city's user the new revisions are saved by")
    )
    pub.set_defaults(func=cmd_publish)


def cmd_publish(args: argparse.Namespace) -> int:
    from sqlalchemy import select

    from ..errors import VanbanError
    from .base import publish_table
    from .db import User
    from .opening import _run

    def work(session) -> list:
        author = None
        if args.author:
            author = session.scalar(select(User.id).where(User.login == args.author))
            if author is None:
                raise VanbanError(_("No user {login}").format(login=args.author))
        return publish_table(session, args.base, args.wards, author)

    for done in _run(args, work):
        print(said(done))
    return 0


def said(done: Any) -> str:
    """What one city's publish did, in a sentence."""
    return _(
        "{city}: base revision {n}{new}; {created} plan(s) created, {merged} merged, "
        "{pending} waiting for the clerk's choice, {unchanged} unchanged"
    ).format(
        city=done.city, n=done.base, new=_(" (new)") if done.new_base else "",
        created=done.created, merged=done.merged, pending=done.pending,
        unchanged=done.unchanged,
    )  # fmt: skip
