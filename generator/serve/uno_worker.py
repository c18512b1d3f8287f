"""Run by a Python that has LibreOffice's ``uno`` module (Debian's python3 with python3-uno, or
LibreOffice's own): connects to the warm LibreOffice at the pipe named in argv[1], then, for
each line {"docx": …, "pdf": …} read on stdin, prints one line {"ok": true} or {"error": …}.

Kept free of vanban imports: it runs outside vanban's environment."""

import contextlib
import json
import sys
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


def main():
    desktop = _desktop(sys.argv[1])
    print(json.dumps({"ready": True}), flush=True)
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
    # stdin closed: vanban has gone, even killed; LibreOffice goes with it
    with contextlib.suppress(Exception):
        desktop.terminate()


if __name__ == "__main__":
    main()
