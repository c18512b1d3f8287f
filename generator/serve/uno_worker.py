"""Run by a Python that has LibreOffice's ``uno`` module (Debian's python3 with python3-uno, or
LibreOffice's own): connects to the warm LibreOffice at the pipe named in argv[1], then, for
each line {"docx": …, "pdf": …} read on stdin, prints one line {"ok": true} or {"error": …}.

It is also LibreOffice's watchdog: vanban holds the other end of its stdin, so when vanban ends,
however it ends (Ctrl+C, SIGTERM, SIGHUP, SIGKILL), stdin closes and the worker ends LibreOffice
(argv[2]: its process group): politely through UNO, then for sure with SIGKILL. A hang-up or
Ctrl+C sent to the terminal's whole group does not stop the worker before it has done so.

Kept free of vanban imports: it runs outside vanban's environment."""

import contextlib
import json
import os
import signal
import sys
import threading
import time

import uno  # type: ignore[import-not-found]
from com.sun.star.beans import PropertyValue  # type: ignore[import-not-found]


def _prop(name, value):
    p = PropertyValue()
    p.Name, p.Value = name, value
    return p


def _desktop(pipe):
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext(
        "com.sun.star.bridge.UnoUrlResolver", local
    )
    for _ in range(150):  # LibreOffice takes a second or two to open its pipe
        try:
            ctx = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
            return ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
        except Exception:
            time.sleep(0.1)
    raise SystemExit("LibreOffice did not open its pipe")


def _end_office(desktop, group):
    """LibreOffice ended: through UNO if it answers within a few seconds, then its group."""
    if desktop is not None:
        closing = threading.Thread(target=lambda: desktop.terminate(), daemon=True)
        closing.start()
        closing.join(5)
    if group and hasattr(os, "killpg"):
        with contextlib.suppress(OSError):
            os.killpg(group, signal.SIGKILL)


def _stop(_signum, _frame):
    raise SystemExit(0)


def main():
    group = int(sys.argv[2]) if len(sys.argv) > 2 else 0
    for name in ("SIGHUP", "SIGINT"):  # vanban's end is seen as the end of stdin
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _stop)
    desktop = None
    try:
        desktop = _desktop(sys.argv[1])
        print(json.dumps({"ready": True}), flush=True)
        _serve(desktop)
    finally:  # stdin closed, a broken pipe, SIGTERM: LibreOffice goes too
        _end_office(desktop, group)


def _serve(desktop):
    for line in sys.stdin:
        job = json.loads(line)
        try:
            doc = desktop.loadComponentFromURL(
                uno.systemPathToFileUrl(job["docx"]), "_blank", 0, (_prop("Hidden", True),)
            )
            try:
                doc.storeToURL(
                    uno.systemPathToFileUrl(job["pdf"]), (_prop("FilterName", "writer_pdf_Export"),)
                )
            finally:
                doc.close(True)
            print(json.dumps({"ok": True}), flush=True)
        except Exception as exc:
            print(json.dumps({"error": str(exc)}), flush=True)


if __name__ == "__main__":
    main()
