"""Message translation: Vietnamese when the locale is vi_*, English otherwise.

The catalog is a Babel .po file shipped in the package; it is compiled in memory on first use,
so there is no build step and no binary file in the repository.
"""

from __future__ import annotations

import argparse
import functools
import gettext
import io
import os
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

DOMAIN = "vanban"
LOCALE_DIR = Path(__file__).parent / "locale"
_translations: gettext.NullTranslations = gettext.NullTranslations()
_language = "en"


def detect_language() -> str:
    """The language the environment asks for: 'vi' or 'en'. The first of LANGUAGE, LC_ALL,
    LC_MESSAGES and LANG that names a language decides; "C" and "POSIX" (a container's default,
    LC_ALL=C.UTF-8) name none, so LANG=vi_VN.UTF-8 beside them still gives Vietnamese."""
    for var in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = (os.environ.get(var) or "").split(":")[0].strip()
        if not value or value.split(".")[0].upper() in ("C", "POSIX"):
            continue
        return "vi" if value.lower().startswith("vi") else "en"
    return "en"


def set_language(lang: str | None = None) -> None:
    """Use ``lang`` ('vi' or 'en'; None: from the environment) for every later message."""
    global _translations, _language
    _language = lang or detect_language()
    _translations = _catalog(_language)
    argparse._ = _  # type: ignore[attr-defined]  # argparse's own words follow too
    argparse.ngettext = _n  # type: ignore[attr-defined]


@functools.lru_cache(maxsize=4)
def _catalog(lang: str) -> gettext.NullTranslations:
    """The compiled catalog of ``lang`` (once per process)."""
    po_path = LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
    if not po_path.exists():
        return gettext.NullTranslations()
    with po_path.open("rb") as f:
        catalog = read_po(f, locale=lang, domain=DOMAIN)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


def language() -> str:
    """The language messages are in now: 'vi' or 'en' (a cache of translated text keys on it)."""
    return _language


def _(message: str) -> str:
    """Translate ``message`` into the current language."""
    return _translations.gettext(message)


def N_(message: str) -> str:
    """Mark ``message`` for the catalog; it is translated later, where it is used."""
    return message


def _n(singular: str, plural: str, n: int) -> str:
    return _translations.ngettext(singular, plural, n)


# argparse's own words (the usage line, its headings, its errors), in the catalog so that
# ``vanban --lang vi --help`` and a mistyped command speak the clerk's language too.
ARGPARSE = [
    N_("usage: "), N_("positional arguments"), N_("options"),
    N_("show this help message and exit"), N_("show program's version number and exit"),
    N_("the following arguments are required: %s"), N_("unrecognized arguments: %s"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("%(prog)s: error: %(message)s\n"), N_("argument %(argument_name)s: %(message)s"),
    N_("invalid %(type)s value: %(value)r"), N_("expected one argument"),
    N_("expected at most one argument"), N_("expected at least one argument"),
    N_("ambiguous option: %(option)s could match %(matches)s"),
    N_("one of the arguments %s is required"), N_("not allowed with argument %s"),
]  # fmt: skip
