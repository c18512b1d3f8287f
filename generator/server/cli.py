"""``vanban server …``: the arguments (argparse only, so ``vanban --help`` imports nothing of
the server's extra) and the commands, which import the database and the web stack when run."""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
from pathlib import Path
from typing import Any

from ..errors import VanbanError
from ..i18n import _
from .opening import _database, _run

DEFAULT_PORT = 8766
SETTINGS_VARIABLE = "VANBAN_SERVER_SETTINGS"


def add_parser(sub: Any) -> None:
    """``vanban server`` and its commands."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--db",
        metavar="URL",
        help=_("The database: postgresql://… (default: SQLite in the data folder)"),
    )
    common.add_argument(
        "--data",
        metavar="DIR",
        type=Path,
        default=Path("vanban-data"),
        help=_("The data folder (default: ./vanban-data)"),
    )
    server = sub.add_parser(
        "server",
        help=_(
            "One editor for a whole city: accounts, history, a database (needs the server extra)"
        ),
    )
    cmds = server.add_subparsers(dest="server_command", required=True, metavar=_("COMMAND"))
    cmds.add_parser(
        "init", parents=[common], help=_("Create or upgrade the database")
    ).set_defaults(func=cmd_init)
    units = cmds.add_parser("units", help=_("The wards and their city"))
    ucmds = units.add_subparsers(dest="units_command", required=True, metavar=_("COMMAND"))
    load = ucmds.add_parser("load", parents=[common], help=_("Load a ward table (as bulk reads)"))
    load.add_argument("table", metavar="TABLE", type=Path)
    load.add_argument(
        "--city", help=_("The city above the wards (default: the table's 'province' column)")
    )
    load.set_defaults(func=cmd_units_load)
    user = cmds.add_parser("user", help=_("Accounts"))
    ucmd = user.add_subparsers(dest="user_command", required=True, metavar=_("COMMAND"))
    add = ucmd.add_parser(
        "add", parents=[common], help=_("Add a user; the password is read from standard input")
    )
    add.add_argument("login", metavar="LOGIN")
    add.add_argument("--unit", required=True, metavar="NAME")
    add.add_argument("--role", required=True, choices=["clerk", "leader", "city", "admin"])
    add.set_defaults(func=cmd_user_add)
    doc = cmds.add_parser("document", help=_("documents"))
    dcmd = doc.add_subparsers(dest="document_command", required=True, metavar=_("COMMAND"))
    dadd = dcmd.add_parser("add", parents=[common], help=_("Add a config or a Word plan"))
    dadd.add_argument("file", metavar="FILE", type=Path)
    dadd.add_argument("--unit", required=True, metavar="NAME")
    dadd.set_defaults(func=cmd_document_add)
    _serving(cmds, common)


def _serving(cmds: Any, common: argparse.ArgumentParser) -> None:
    """run, backup."""
    run = cmds.add_parser("run", parents=[common], help=_("Serve the editor"))
    run.add_argument(
        "--host",
        default="127.0.0.1",
        help=_("The address to listen on (default: 127.0.0.1, this machine only)"),
    )
    run.add_argument(
        "--port",
        type=int,
        default=DEFAULT_PORT,
        help=_("The port (default: {port})").format(port=DEFAULT_PORT),
    )
    run.add_argument(
        "--proxy",
        action="append",
        default=[],
        metavar="ADDRESS",
        help=_("A reverse proxy whose X-Forwarded-Proto is believed; may be repeated"),
    )
    run.add_argument(
        "--workers",
        type=int,
        default=1,
        metavar="N",
        help=_("Server processes (default: 1; about one per core for many users)"),
    )
    run.set_defaults(func=cmd_run)
    backup = cmds.add_parser("backup", parents=[common], help=_("Write a copy of the database"))
    backup.add_argument(
        "-o",
        "--output",
        type=Path,
        metavar="FILE",
        help=_("The copy (default: DATA/backups/vanban-TIME.db or .dump)"),
    )
    backup.set_defaults(func=cmd_backup)
    from .city_cli import add_parsers as add_city_parsers

    add_city_parsers(cmds, common)


def cmd_init(args: argparse.Namespace) -> int:
    db = _database(args, migrate=True)
    print(_("The database is ready: {url}").format(url=db.engine.url.render_as_string()))
    db.dispose()
    return 0


def cmd_units_load(args: argparse.Namespace) -> int:
    from .units import load_units

    cities, wards = _run(args, lambda s: load_units(s, args.table, args.city))
    print(_("{wards} ward(s) loaded under {cities} city(ies)").format(wards=wards, cities=cities))
    return 0


def _password() -> str:
    if sys.stdin.isatty():
        first = getpass.getpass(_("Password: "))
        if getpass.getpass(_("Again: ")) != first:
            raise VanbanError(_("The two passwords differ"))
        return first
    return sys.stdin.readline().rstrip("\r\n")


def cmd_user_add(args: argparse.Namespace) -> int:
    from .accounts import add_user
    from .units import find_unit

    password = _password()
    user = _run(
        args, lambda s: add_user(s, args.login, password, find_unit(s, args.unit), args.role)
    )
    print(_("User {login} added ({role})").format(login=user.login, role=user.role))
    return 0


def cmd_document_add(args: argparse.Namespace) -> int:
    from .documents import add_document
    from .units import find_unit

    path: Path = args.file
    if not path.is_file():
        raise VanbanError(_("No such file: {path}").format(path=path))
    raw = path.read_bytes()
    if path.suffix.lower() in (".yaml", ".yml"):
        from ..serve.guard import yaml_text

        text, source, note = yaml_text(raw, path.name), None, ""
    else:
        from ..pipeline import import_plan

        text, source, note = import_plan(path, path.with_suffix(".yaml")).text, raw, "import"
    doc = _run(args, lambda s: add_document(s, find_unit(s, args.unit), text, None, source, note))
    print(_("Document {id} added: {title}").format(id=doc.id, title=doc.title))
    return 0


def cmd_run(args: argparse.Namespace) -> int:
    db = _database(args, migrate=True)
    try:
        import uvicorn

    except ImportError:
        raise VanbanError(
            _(
                "vanban server needs its extra: pip install 'vanban[server]' (missing: {names})"
            ).format(names="starlette, uvicorn")
        ) from None
    if db.bypasses_policies():
        print(
            _(
                "Warning: the database role is a superuser or bypasses row-level security: "
                "run the server as an ordinary role, so that the policies per unit hold"
            ),
            file=sys.stderr,
        )
    url = db.engine.url.render_as_string(hide_password=False)
    db.dispose()
    print(
        _("vanban server: http://{host}:{port}/ (Ctrl+C to stop)").format(
            host=args.host, port=args.port
        ),
        file=sys.stderr,
    )
    os.environ[SETTINGS_VARIABLE] = json.dumps(
        {"url": url, "proxies": args.proxy, "workers": max(1, args.workers)}
    )  # read by each server process (web.app_from_environment)
    uvicorn.run("generator.server.web:app_from_environment", factory=True, host=args.host,
                port=args.port, workers=max(1, args.workers), log_level="warning")  # fmt: skip
    return 0


def cmd_backup(args: argparse.Namespace) -> int:
    from .backup import backup

    db = _database(args)
    try:
        path = backup(db, args.data, args.output)
    finally:
        db.dispose()
    print(_("Backup written: {path}").format(path=path))
    return 0
