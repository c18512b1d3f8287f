"""The bodies of the ``vanban`` commands: each takes the parsed arguments, does its work through
:mod:`pipeline`, :mod:`bulk` and :mod:`tasks`, prints what it did and returns the exit status.
:mod:`cli` wires them to the command line."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from .errors import ConfigError, VanbanError
from .i18n import _

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
                print(_("Warning: {msg}").format(msg=warning), file=sys.stderr)
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


def _pdfs(paths: list[Path], workers: int, warm: bool = False) -> int:
    """Convert ``paths`` to PDF (``warm``: through a pool of warm LibreOffices, with a
    progress bar); 1 if any failed."""
    from .pdf import convert

    if warm:
        from .office import print_files

        problems = print_files(paths, workers)
    else:
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
            _("These configs would write the same file {name}: {configs}").format(
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
        raise VanbanError(_("Choose one of --track and --report"))
    make = Make("track" if args.track else "report" if args.report else "plan", args.report,
                Path(args.sheets) if args.sheets else None)  # fmt: skip
    report = run(Path(args.base), [Path(p) for p in args.wards], out_dir, args.jobs, make=make)
    for line in report.warnings:
        print(_("Warning: {msg}").format(msg=line), file=sys.stderr)
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
        status |= _pdfs(files, args.jobs or os.cpu_count() or 1, warm=True)
    return status


def cmd_check(args: argparse.Namespace) -> int:
    import json

    from .read.batch import check_files
    from .read.report import as_text, failed

    reports = check_files([Path(f) for f in args.files], args.jobs or 1)
    if args.json:
        print(json.dumps(reports, ensure_ascii=False, indent=2))
    else:
        print("\n\n".join(as_text(r) for r in reports))
    return 1 if any(failed(r) for r in reports) else 0


def cmd_import(args: argparse.Namespace) -> int:
    from .config.load import load_text
    from .config.text import count_reviews, review_mark
    from .files import refuse_overwrite, write_file
    from .pipeline import import_plan, model_of

    src = Path(args.file)
    dest = Path(args.output) if args.output else Path(f"{src.stem}.yaml")
    if dest.is_dir():
        dest = dest / f"{src.stem}.yaml"
    refuse_overwrite(dest, args.force)
    imported = import_plan(src, dest, args.year)
    model_of(load_text(imported.text, str(dest)))  # what is written is a config vanban accepts
    for note in imported.notes:
        print(note, file=sys.stderr)
    write_file(dest, imported.text.encode("utf-8"))
    print(_("Wrote {path}").format(path=dest))
    print(_("{n} place(s) to review (the «{mark}» comments)").format(
        n=count_reviews(imported.text), mark=review_mark()))  # fmt: skip
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
            _("The new config would overwrite {path}: give another with -o").format(path=src)
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
    print(_("Wrote {path}").format(path=dest))
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
        if args.as_kind == "cong_van":
            from .tasks.dispatch import dispatch

            written = dispatch(config, plan, out_dir)
        else:
            written = extract(plan, config.doc.aliases, out_dir)
    for path, a in written:
        print(_("{path}: leads {leads}, supports {supports}").format(
            path=path, leads=len(a.leads), supports=len(a.supports)))  # fmt: skip
    print(summary(plan, written))
    return _pdfs([p for p, _a in written], 1) if args.pdf else 0


def cmd_remind(args: argparse.Namespace) -> int:
    import datetime as dt

    from .files import output_folder
    from .tasks.remind import reminders, write_reminders

    on = _day(args.on) if args.on else dt.date.today()
    ((config, plan),) = _configs([args.config])
    out_dir = Path(args.output)
    found, unassigned = reminders(config, plan, Path(args.sheet), on, out_dir)
    if unassigned:
        print(_("Warning: {n} late task(s) name no lead agency and are in no công văn: "
                "{numbers}").format(n=len(unassigned), numbers=", ".join(
                    d.task.number for d in unassigned)), file=sys.stderr)  # fmt: skip
    if not found:
        print(_("No agency has a task due by {day} and not done; nothing was written").format(
            day=on.strftime("%d/%m/%Y")))  # fmt: skip
        return 0
    with output_folder(out_dir):
        write_reminders(found, args.force)
    for r in found:
        print(_("{path}: {n} task(s) due and not done").format(path=r.docx, n=len(r.late)))
    return _pdfs([r.docx for r in found], 1) if args.pdf else 0


def _day(text: str):
    """--on: 2026-07-15 or 15/07/2026."""
    import datetime as dt

    from .config.schema import _as_date_parts

    try:
        return dt.date(**_as_date_parts(text))
    except ValueError as exc:
        raise VanbanError(_("--on {text}: {problem}").format(text=text, problem=exc)) from None


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
