"""The ``vanban`` command: parses the arguments, runs a command, reports every problem."""

from __future__ import annotations

import argparse
import os
import sys
from typing import Any

from . import __version__, commands
from .errors import ConfigError, VanbanError
from .i18n import _, set_language


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="vanban",
        description=_("Draft Vietnamese administrative plans as Nghị định 30 .docx files."),
    )
    p.add_argument("--version", action="version", version=f"vanban {__version__}",
                   help=_("Show program's version number and exit"))  # fmt: skip
    p.add_argument(
        "--lang", choices=["vi", "en"], help=_("Language of messages (default: from the locale)")
    )
    sub = p.add_subparsers(dest="command", required=True, metavar=_("COMMAND"))
    writes = argparse.ArgumentParser(add_help=False)  # options of the commands that write
    writes.add_argument(
        "-o", "--output", default="output", metavar="DIR", help=_("Output folder (default: output)")
    )
    writes.add_argument(
        "--pdf", action="store_true", help=_("Also make a PDF of each document (needs LibreOffice)")
    )
    _writing(sub, writes)
    _reading(sub)
    _tasks(sub, writes)
    _editing(sub)
    from .server.cli import add_parser as _server

    _server(sub)
    _lang_after(sub)  # `vanban check X.docx --lang vi` too
    return p


def _lang_after(sub: Any) -> None:
    """``--lang`` on every command, down to `vanban server document add … --lang vi`."""
    for command in sub.choices.values():
        command.add_argument("--lang", choices=["vi", "en"], default=argparse.SUPPRESS,
                             help=_("Language of messages (default: from the locale)"))  # fmt: skip
        for action in command._actions:
            if isinstance(action, argparse._SubParsersAction):
                _lang_after(action)


def _writing(sub: Any, writes: argparse.ArgumentParser) -> None:
    """render, bulk."""
    r = sub.add_parser("render", parents=[writes], help=_("Render configs into .docx files"))
    r.add_argument("configs", nargs="+", metavar="CONFIG")
    r.set_defaults(func=commands.cmd_render)
    b = sub.add_parser("bulk", parents=[writes], help=_("Render a base config for many wards"))
    b.add_argument("base", metavar="BASE.yaml")
    b.add_argument(
        "--wards",
        action="append",
        required=True,
        metavar="TABLE|DIR",
        help=_(
            "A CSV or XLSX table (one row per ward) or a folder of per-ward YAML "
            "files; may be repeated"
        ),
    )
    b.add_argument(
        "-j",
        "--jobs",
        type=int,
        default=None,
        metavar="N",
        help=_("Parallel workers (default: the number of CPUs)"),
    )
    b.add_argument("--track", action="store_true",
                   help=_("Write each ward's tracking workbook instead of its plan"))  # fmt: skip
    b.add_argument(
        "--report",
        choices=["6m", "9m", "year"],
        metavar="PERIOD",
        help=_("Write each ward's report (6m, 9m or year) instead of its plan"),
    )
    b.add_argument(
        "--sheets",
        metavar="DIR",
        help=_("Where the wards' tracking workbooks are (default: the output folder)"),
    )
    b.set_defaults(func=commands.cmd_bulk)


def _reading(sub: Any) -> None:
    """rollover, check, import."""
    ro = sub.add_parser("rollover", help=_("Make this year's draft config from last year's"))
    ro.add_argument("config", metavar="CONFIG")
    ro.add_argument("--year", type=int, required=True, help=_("The new plan's year"))
    ro.add_argument(
        "-o",
        "--output",
        metavar="DIR|NEW.yaml",
        help=_(
            "Where the new config goes: a folder, or a file name "
            "(default: the old name with the new year, beside it)"
        ),
    )
    ro.add_argument(
        "--dry-run",
        action="store_true",
        help=_("Print the changes and the review list; write nothing"),
    )
    ro.add_argument("--force", action="store_true",
                    help=_("Replace the file it writes even if it exists"))  # fmt: skip
    ro.set_defaults(func=commands.cmd_rollover)
    c = sub.add_parser("check", help=_("Check .docx files against Nghị định 30"))
    c.add_argument("files", nargs="+", metavar="FILE.docx")
    c.add_argument("--json", action="store_true", help=_("Results as JSON"))
    c.add_argument("-j", "--jobs", type=int, default=None, metavar="N",
                   help=_("Files checked in parallel (default: 1)"))  # fmt: skip
    c.set_defaults(func=commands.cmd_check)
    im = sub.add_parser("import", help=_("Read a plan typed in Word into a config"))
    im.add_argument("file", metavar="PLAN.docx")
    im.add_argument("-o", "--output", metavar="DIR|PLAN.yaml",
                    help=_("The config to write (default: the plan's name, .yaml)"))  # fmt: skip
    im.add_argument("--year", type=int, help=_("Also roll it over to this year's draft"))
    im.add_argument("--force", action="store_true",
                    help=_("Replace the file it writes even if it exists"))  # fmt: skip
    im.set_defaults(func=commands.cmd_import)


def _tasks(sub: Any, writes: argparse.ArgumentParser) -> None:
    """track, report, extract."""
    t = sub.add_parser("track", help=_("Write the plan's tasks as a tracking workbook (.xlsx)"))
    t.add_argument("config", metavar="PLAN.yaml")
    t.add_argument(
        "-o",
        "--output",
        metavar="FILE.xlsx",
        help=_("The workbook to write (default: the plan's file name, .xlsx)"),
    )
    t.add_argument(
        "--update",
        metavar="FILE.xlsx",
        help=_("Follow a changed plan in this workbook, keeping what was typed in"),
    )
    t.add_argument("--force", action="store_true",
                    help=_("Replace the file it writes even if it exists"))  # fmt: skip
    t.set_defaults(func=commands.cmd_track)
    rp = sub.add_parser(
        "report", parents=[writes], help=_("Write the BÁO CÁO on a plan from its tracking workbook")
    )
    rp.add_argument("config", metavar="PLAN.yaml")
    rp.add_argument("--period", choices=["6m", "9m", "year"], required=True,
                    help=_("6 months, 9 months or the whole year"))  # fmt: skip
    rp.add_argument("--from", dest="sheet", metavar="FILE.xlsx",
                    help=_("The tracking workbook with what was done (vanban track)"))  # fmt: skip
    rp.add_argument("--force", action="store_true",
                    help=_("Replace the file it writes even if it exists"))  # fmt: skip
    rp.set_defaults(func=commands.cmd_report)
    ex = sub.add_parser(
        "extract",
        parents=[writes],
        help=_("Write each agency's tasks of a plan, one .docx per agency"),
    )
    ex.add_argument("config", metavar="PLAN.yaml")
    ex.add_argument("--by", choices=["lead"], default="lead",
                    help=_("One document per lead or coordinating agency"))  # fmt: skip
    ex.add_argument("--as", dest="as_kind", choices=["sheet", "cong_van"], default="sheet",
                    help=_("A task sheet per agency, or a công văn (and its config) per lead "
                           "agency"))  # fmt: skip
    ex.set_defaults(func=commands.cmd_extract)
    rm = sub.add_parser(
        "remind",
        parents=[writes],
        help=_("Write a công văn đôn đốc to each agency with late tasks"),
    )
    rm.add_argument("config", metavar="PLAN.yaml")
    rm.add_argument("--from", dest="sheet", required=True, metavar="FILE.xlsx",
                    help=_("The tracking workbook with what was done (vanban track)"))  # fmt: skip
    rm.add_argument("--on", metavar="DATE",
                    help=_("The day the tasks are counted on (default: today)"))  # fmt: skip
    rm.add_argument("--force", action="store_true",
                    help=_("Replace the file it writes even if it exists"))  # fmt: skip
    rm.set_defaults(func=commands.cmd_remind)


def _editing(sub: Any) -> None:
    """serve, validate."""
    sv = sub.add_parser("serve", help=_("Edit a plan in the browser, with its pages beside it"))
    sv.add_argument("file", nargs="?", metavar="CONFIG|PLAN.docx")
    sv.add_argument("--port", type=int, default=8765, help=_("The port (default: 8765)"))
    sv.add_argument(
        "--host",
        default="127.0.0.1",
        help=_("The address to listen on (default: 127.0.0.1, this machine only)"),
    )
    sv.add_argument("--no-browser", action="store_true", help=_("Do not open the browser"))
    sv.set_defaults(func=commands.cmd_serve)
    v = sub.add_parser("validate", help=_("Check configs without rendering"))
    v.add_argument("configs", nargs="+", metavar="CONFIG")
    v.set_defaults(func=commands.cmd_validate)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    set_language(_lang_in(argv))  # the parser's own messages follow --lang too
    args = parser().parse_args(argv)
    try:
        return args.func(args)
    except ConfigError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        print(
            _("{n} problem(s) found; nothing was written.").format(n=len(exc.problems)),
            file=sys.stderr,
        )
        return 1
    except VanbanError as exc:
        print(_("Error: {msg}").format(msg=exc), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(_("Interrupted; nothing half-written was left"), file=sys.stderr)
        return 130
    except Exception as exc:  # a bug: one line for the clerk, the traceback with VANBAN_DEBUG=1
        if os.environ.get("VANBAN_DEBUG"):
            raise
        print(_("Internal error (a bug in vanban, please report it): {detail}").format(
            detail=repr(exc)), file=sys.stderr)  # fmt: skip
        return 2


def _lang_in(argv: list[str]) -> str | None:
    """The language ``--lang vi`` or ``--lang=vi`` asks for, wherever it stands (before or after
    the command); None: from the locale."""
    lang = None
    for i, arg in enumerate(argv):
        if arg == "--":
            break
        if arg == "--lang" and i + 1 < len(argv):
            lang = argv[i + 1]
        elif arg.startswith("--lang="):
            lang = arg.split("=", 1)[1]
    return lang if lang in ("vi", "en") else None


if __name__ == "__main__":
    sys.exit(main())
