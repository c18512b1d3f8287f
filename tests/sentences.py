"""Which catalog messages are sentences (they start a line or stand alone on the page: they
start with a capital) and which are fragments (a config problem after its key path, a rule's
requirement or finding after its name or place, a reason after «Không áp dụng:», argparse's
errors after «lỗi:», a word inside another message: they may start in lower case)."""

from __future__ import annotations

FRAGMENT_MODULES = (
    "config/validate.py", "config/load.py", "config/schema.py", "config/sandbox.py",
    "config/layers.py", "config/expand.py", "config/linked.py", "read/rules/", "read/kinds.py",
)  # fmt: skip
FRAGMENTS = {
    "error", "warning", "documents", "someone", "an unknown kind",
    "a zip file", "an Excel workbook",
    "a PowerPoint file", "drawings, charts or pictures", "threaded comments", "form controls",
    "slicers", "timelines", "it holds macros but is not named .xlsm", "it is a PDF file",
    "it is an Excel 97-2003 .xls file or a workbook with a password",
    "it is not a file Excel saves (.xlsx)", "no workbook inside",
    "the zip holds {part} twice", "it unpacks to {mb} MB",
    # argparse's errors, printed after «vanban: lỗi:»
    "the following arguments are required: %s", "unrecognized arguments: %s",
    "invalid choice: %(value)r (choose from %(choices)s)",
    "argument %(argument_name)s: %(message)s", "invalid %(type)s value: %(value)r",
    "expected one argument", "expected at most one argument", "expected at least one argument",
    "ambiguous option: %(option)s could match %(matches)s",
    "one of the arguments %s is required", "not allowed with argument %s",
}  # fmt: skip


def is_fragment(msgid: str, module: str) -> bool:
    """Whether ``msgid``, as used in ``module`` (a path under generator/), is a fragment."""
    return msgid in FRAGMENTS or module.replace("\\", "/").startswith(FRAGMENT_MODULES)
