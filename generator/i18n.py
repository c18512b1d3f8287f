"""Message translation: Vietnamese when the locale is vi_*, English otherwise.

The catalog is a Babel .po file shipped in the package; it is compiled in memory on first use,
so there is no build step and no binary file in the repository.
"""

from __future__ import annotations

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


def detect_language() -> str:
    """The language the environment asks for: 'vi' or 'en'."""
    for var in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var)
        if value:
            return "vi" if value.lower().startswith("vi") else "en"
    return "en"


def set_language(lang: str | None = None) -> None:
    """Use ``lang`` ('vi' or 'en'; None: from the environment) for every later message."""
    global _translations
    _translations = _catalog(lang or detect_language())


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


def _(message: str) -> str:
    """Translate ``message`` into the current language."""
    return _translations.gettext(message)


def N_(message: str) -> str:
    """Mark ``message`` for the catalog; it is translated later, where it is used."""
    return message
