"""The ``vanban`` command: parses the arguments, runs a command, reports every problem."""

from __future__ import annotations

import argparse
import os
import re
import sys
from pathlib import Path

from . import __version__
from .errors import ConfigError, VanbanError
from .i18n import _, set_language

# The writing and reading libraries are imported by the commands that use them, so that the
# command starts fast (vanban --version, a typo in the arguments).


def _configs(paths: list[str]) -> list:
    """Load, validate and model every config: (config, model) pairs; all problems of all files
    at once."""
    from .config.load import load
    from .config.validate import validate
    from .write.model import build

    out, problems = [], []
    for path in paths:
        try:
            src = load(path)
            for warning in src.warnings:  # written all the same
                print(_("warning: {msg}").format(msg=warning), file=sys.stderr)
            config = validate(src)
            out.append((config, build(config)))
        except ConfigError as exc:
            problems += exc.problems
    if problems:
        raise ConfigError(problems)
    return out


def _models(paths: list[str]):
    return [model for _config, model in _configs(paths)]


def cmd_validate(args: argparse.Namespace) -> int:
    _models(args.configs)
    for path in args.configs:
        print(_("{path}: OK").format(path=path))
    return 0


def _pdfs(paths: list[Path], workers: int) -> int:
    """Convert ``paths`` to PDF; 1 if any failed."""
    from .pdf import convert

    problems = convert(paths, workers)
    for problem in problems:
        print(problem, file=sys.stderr)
    for path in paths:
        if path.with_suffix(".pdf").exists():
            print(path.with_suffix(".pdf"))
    return 1 if problems else 0


def cmd_render(args: argparse.Namespace) -> int:
    from .files import output_folder, output_name
    from .pipeline import write_document

    out_dir = Path(args.output)
    models = _models(args.configs)
    names = [output_name(m) for m in models]
    clashes = sorted({n for n in names if names.count(n) > 1})
    if clashes:  # checked before anything is written
        raise VanbanError(
            _("these configs would write the same file {name}: {configs}").format(
                name=clashes[0],
                configs=", ".join(
                    c for c, n in zip(args.configs, names, strict=True) if n == clashes[0]
                ),
            )
        )
    written = []
    with output_folder(out_dir):
        for model in models:
            written.append(write_document(model, out_dir).path)
            print(written[-1])
        return _pdfs(written, 1) if args.pdf else 0


def cmd_bulk(args: argparse.Namespace) -> int:
    from .bulk import Make, run

    out_dir = Path(args.output)
    if args.track and args.report:
        raise VanbanError(_("choose one of --track and --report"))
    make = Make("track" if args.track else "report" if args.report else "plan", args.report,
                Path(args.sheets) if args.sheets else None)  # fmt: skip
    report = run(Path(args.base), [Path(p) for p in args.wards], out_dir, args.jobs, make=make)
    for line in report.warnings:
        print(_("warning: {msg}").format(msg=line), file=sys.stderr)
    for line in report.failures:
        print(line, file=sys.stderr)
    print(
        _("{n} documents written to {dir}, {failed} ward(s) failed; manifest: {manifest}").format(
            n=report.written, dir=out_dir, failed=report.failed, manifest=report.manifest
        ),
        file=sys.stderr,
    )
    status = 1 if report.failed else 0
    if args.pdf and report.manifest and not args.track:
        import csv

        with report.manifest.open(encoding="utf-8-sig", newline="") as f:
            files = [out_dir / row["file"] for row in csv.DictReader(f)]
        status |= _pdfs(files, args.jobs or os.cpu_count() or 1)
    return status


def cmd_check(args: argparse.Namespace) -> int:
    import json

    from .read.report import as_text, check_file, failed

    paths = [Path(f) for f in args.files]
    workers = min(args.jobs or 1, len(paths))
    if workers > 1:
        import multiprocessing as mp

        method = "fork" if "fork" in mp.get_all_start_methods() else "spawn"
        with mp.get_context(method).Pool(workers) as pool:
            reports = pool.map(check_file, paths, chunksize=4)
    else:
        reports = [check_file(p) for p in paths]
    if args.json:
        print(json.dumps(reports, ensure_ascii=False, indent=2))
    else:
        print("\n\n".join(as_text(r) for r in reports))
    return 1 if any(failed(r) for r in reports) else 0


def cmd_import(args: argparse.Namespace) -> int:
    import tempfile

    from .config.load import load_text
    from .files import refuse_overwrite, write_file
    from .pipeline import model_of
    from .read.document import read
    from .read.importer import plan, to_yaml

    src = Path(args.file)
    dest = Path(args.output) if args.output else Path(f"{src.stem}.yaml")
    if dest.is_dir():
        dest = dest / f"{src.stem}.yaml"
    refuse_overwrite(dest, args.force)
    imported = plan(read(src))
    text = to_yaml(imported, src.name, str(dest))
    model_of(load_text(text, str(dest)))  # what is written is a config vanban accepts
    reviews = len(imported.reviews)
    if args.year:
        from .config.rollover import rollover

        with tempfile.TemporaryDirectory() as tmp:
            imported_path = Path(tmp) / dest.name
            imported_path.write_text(text, encoding="utf-8")
            rolled = rollover(imported_path, args.year, dest)
        # the lineage would name a temporary file: the .docx is named in the first line
        text = re.sub(r"(?m)^lineage: .*\n?", "", rolled.text)
        reviews += len(rolled.reviews)
    write_file(dest, text.encode("utf-8"))
    print(_("wrote {path}").format(path=dest))
    print(_("{n} place(s) to review (the # review: comments)").format(n=reviews))
    return 0


def cmd_rollover(args: argparse.Namespace) -> int:
    from .config.rollover import rolled_name, rollover
    from .files import refuse_overwrite, write_file

    src = Path(args.config)
    dest = rolled_name(src, args.year)
    if args.output:
        out = Path(args.output)
        dest = out / dest.name if out.is_dir() or args.output.endswith(("/", os.sep)) else out
    if dest.resolve() == src.resolve():
        raise VanbanError(
            _("the new config would overwrite {path}: give another with -o").format(path=src)
        )
    if not args.dry_run:
        refuse_overwrite(dest, args.force)
    rolled = rollover(src, args.year, dest)
    for note in rolled.notes:
        print(note, file=sys.stderr)
    print(rolled.diff, end="")
    if rolled.reviews:
        print(_("To check by hand in {path}:").format(path=dest))
        for review in rolled.reviews:
            print(f"  {dest}:{review}")
    if args.dry_run:
        print(_("(dry run: nothing was written)"))
        return 0
    write_file(dest, rolled.text.encode("utf-8"))
    print(_("wrote {path}").format(path=dest))
    return 0


def cmd_track(args: argparse.Namespace) -> int:
    from .files import output_name, refuse_overwrite
    from .tasks.track_update import track

    (model,) = _models([args.config])
    update = Path(args.update) if args.update else None
    out = Path(args.output) if args.output else update or Path(output_name(model)).with_suffix(
        ".xlsx")  # fmt: skip
    if update is None or out.resolve() != update.resolve():
        refuse_overwrite(out, args.force, update=update is None)
    done = track(model, out, update)
    print(done.path)
    if update is not None:
        print(_("{added} task(s) added, {removed} removed, {kept} kept with what was typed in")
              .format(added=done.added, removed=done.removed, kept=done.kept),
              file=sys.stderr)  # fmt: skip
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    from .files import output_folder
    from .tasks.report import write_report

    ((config, plan),) = _configs([args.config])
    out_dir = Path(args.output)
    with output_folder(out_dir):
        sheet = Path(args.sheet) if args.sheet else None
        done = write_report(config, plan, args.period, out_dir, sheet, replace=args.force)
    print(done.docx)
    print(done.config)
    return _pdfs([done.docx], 1) if args.pdf else 0


def cmd_extract(args: argparse.Namespace) -> int:
    from .files import output_folder
    from .tasks.extract import extract, summary

    ((config, plan),) = _configs([args.config])
    out_dir = Path(args.output)
    with output_folder(out_dir):
        written = extract(plan, config.doc.aliases, out_dir)
    for path, a in written:
        print(_("{path}: leads {leads}, supports {supports}").format(
            path=path, leads=len(a.leads), supports=len(a.supports)))  # fmt: skip
    print(summary(plan, written))
    return _pdfs([p for p, _a in written], 1) if args.pdf else 0


def cmd_serve(args: argparse.Namespace) -> int:
    from .serve import serve

    serve(
        Path(args.file) if args.file else None,
        args.host,
        args.port,
        not args.no_browser,
        args.lang or "vi",
    )  # the page speaks Vietnamese unless --lang en
    return 0


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="vanban",
        description=_("Draft Vietnamese administrative plans as Nghị định 30 .docx files."),
    )
    p.add_argument("--version", action="version", version=f"vanban {__version__}")
    p.add_argument(
        "--lang", choices=["vi", "en"], help=_("language of messages (default: from the locale)")
    )
    sub = p.add_subparsers(dest="command", required=True)
    writes = argparse.ArgumentParser(add_help=False)  # options of the commands that write
    writes.add_argument(
        "-o", "--output", default="output", metavar="DIR", help=_("output folder (default: output)")
    )
    writes.add_argument(
        "--pdf", action="store_true", help=_("also make a PDF of each document (needs LibreOffice)")
    )
    r = sub.add_parser("render", parents=[writes], help=_("render configs into .docx files"))
    r.add_argument("configs", nargs="+", metavar="CONFIG")
    r.set_defaults(func=cmd_render)
    b = sub.add_parser("bulk", parents=[writes], help=_("render a base config for many wards"))
    b.add_argument("base", metavar="BASE.yaml")
    b.add_argument(
        "--wards",
        action="append",
        required=True,
        metavar="TABLE|DIR",
        help=_(
            "a CSV or XLSX table (one row per ward) or a folder of per-ward YAML "
            "files; may be repeated"
        ),
    )
    b.add_argument(
        "-j",
        "--jobs",
        type=int,
        default=None,
        metavar="N",
        help=_("parallel workers (default: the number of CPUs)"),
    )
    b.add_argument("--track", action="store_true",
                   help=_("write each ward's tracking workbook instead of its plan"))  # fmt: skip
    b.add_argument(
        "--report",
        choices=["6m", "9m", "year"],
        metavar="PERIOD",
        help=_("write each ward's report (6m, 9m or year) instead of its plan"),
    )
    b.add_argument(
        "--sheets",
        metavar="DIR",
        help=_("where the wards' tracking workbooks are (default: the output folder)"),
    )
    b.set_defaults(func=cmd_bulk)
    ro = sub.add_parser("rollover", help=_("make this year's draft config from last year's"))
    ro.add_argument("config", metavar="CONFIG")
    ro.add_argument("--year", type=int, required=True, help=_("the new plan's year"))
    ro.add_argument(
        "-o",
        "--output",
        metavar="DIR|NEW.yaml",
        help=_(
            "where the new config goes: a folder, or a file name "
            "(default: the old name with the new year, beside it)"
        ),
    )
    ro.add_argument(
        "--dry-run",
        action="store_true",
        help=_("print the changes and the review list; write nothing"),
    )
    ro.add_argument("--force", action="store_true",
                    help=_("replace the file it writes even if it exists"))  # fmt: skip
    ro.set_defaults(func=cmd_rollover)
    c = sub.add_parser("check", help=_("check .docx files against Nghị định 30"))
    c.add_argument("files", nargs="+", metavar="FILE.docx")
    c.add_argument("--json", action="store_true", help=_("results as JSON"))
    c.add_argument("-j", "--jobs", type=int, default=None, metavar="N",
                   help=_("files checked in parallel (default: 1)"))  # fmt: skip
    c.set_defaults(func=cmd_check)
    im = sub.add_parser("import", help=_("read a plan typed in Word into a config"))
    im.add_argument("file", metavar="PLAN.docx")
    im.add_argument("-o", "--output", metavar="DIR|PLAN.yaml",
                    help=_("the config to write (default: the plan's name, .yaml)"))  # fmt: skip
    im.add_argument("--year", type=int, help=_("also roll it over to this year's draft"))
    im.add_argument("--force", action="store_true",
                   help=_("replace the file it writes even if it exists"))  # fmt: skip
    im.set_defaults(func=cmd_import)
    t = sub.add_parser("track", help=_("write the plan's tasks as a tracking workbook (.xlsx)"))
    t.add_argument("config", metavar="PLAN.yaml")
    t.add_argument(
        "-o",
        "--output",
        metavar="FILE.xlsx",
        help=_("the workbook to write (default: the plan's file name, .xlsx)"),
    )
    t.add_argument(
        "--update",
        metavar="FILE.xlsx",
        help=_("follow a changed plan in this workbook, keeping what was typed in"),
    )
    t.add_argument("--force", action="store_true",
                  help=_("replace the file it writes even if it exists"))  # fmt: skip
    t.set_defaults(func=cmd_track)
    rp = sub.add_parser(
        "report", parents=[writes], help=_("write the BÁO CÁO on a plan from its tracking workbook")
    )
    rp.add_argument("config", metavar="PLAN.yaml")
    rp.add_argument("--period", choices=["6m", "9m", "year"], required=True,
                    help=_("6 months, 9 months or the whole year"))  # fmt: skip
    rp.add_argument("--from", dest="sheet", metavar="FILE.xlsx",
                    help=_("the tracking workbook with what was done (vanban track)"))  # fmt: skip
    rp.add_argument("--force", action="store_true",
                    help=_("replace the file it writes even if it exists"))  # fmt: skip
    rp.set_defaults(func=cmd_report)
    ex = sub.add_parser(
        "extract",
        parents=[writes],
        help=_("write each agency's tasks of a plan, one .docx per agency"),
    )
    ex.add_argument("config", metavar="PLAN.yaml")
    ex.add_argument("--by", choices=["lead"], default="lead",
                    help=_("one document per lead or coordinating agency"))  # fmt: skip
    ex.set_defaults(func=cmd_extract)
    sv = sub.add_parser("serve", help=_("edit a plan in the browser, with its pages beside it"))
    sv.add_argument("file", nargs="?", metavar="CONFIG|PLAN.docx")
    sv.add_argument("--port", type=int, default=8765, help=_("the port (default: 8765)"))
    sv.add_argument(
        "--host",
        default="127.0.0.1",
        help=_("the address to listen on (default: 127.0.0.1, this machine only)"),
    )
    sv.add_argument("--no-browser", action="store_true", help=_("do not open the browser"))
    sv.set_defaults(func=cmd_serve)
    v = sub.add_parser("validate", help=_("check configs without rendering"))
    v.add_argument("configs", nargs="+", metavar="CONFIG")
    v.set_defaults(func=cmd_validate)
    return p


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    lang = None
    if "--lang" in argv:  # messages of the parser itself follow --lang too
        i = argv.index("--lang")
        lang = argv[i + 1] if i + 1 < len(argv) else None
    set_language(lang if lang in ("vi", "en") else None)
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
        print(_("error: {msg}").format(msg=exc), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(_("interrupted; nothing half-written was left"), file=sys.stderr)
        return 130
    except Exception as exc:  # a bug: one line for the clerk, the traceback with VANBAN_DEBUG=1
        if os.environ.get("VANBAN_DEBUG"):
            raise
        print(_("internal error (a bug in vanban, please report it): {detail}").format(
            detail=repr(exc)), file=sys.stderr)  # fmt: skip
        return 2


if __name__ == "__main__":
    sys.exit(main())
