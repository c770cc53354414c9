"""The languages landplan speaks: English, in which every text is written (a text is its own
msgid), and Simplified Chinese, from the message catalog ``landplan/locales/zh/LC_MESSAGES/
landplan.po`` (read with Babel the first time it is needed; no compiled catalog is kept).

The language of the moment is the caller's: :func:`speaking` sets it for a block (each request
of the workbench sets its own), and :func:`gettext` and :func:`ngettext` translate into it (into
English, the text as written, outside any block). A text made before its language is known (at
import, or chosen by code and shown later) is marked with :func:`N_` and translated where it is
shown; one made in another process and kept to be shown later (a job's message, in the store)
is kept with its values by :func:`keep`, and :func:`said` translates it where it is shown.
What is written in a language of its own (a map) says each text with :func:`in_language`.

``make messages`` gathers every marked text of the package, its templates' too, into
``landplan/locales/landplan.pot`` and brings the catalogs up to date with it (README,
Development). :data:`PSEUDO` is a language for tests: each text of the catalog wrapped in ⟦ ⟧,
so that a page shows what it left untranslated.
"""

from __future__ import annotations

import functools
import gettext as _gettext
import io
import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import TypeVar

#: The languages offered, the first the one texts are written in.
LANGS = ("en", "zh")
#: The tests' pseudo-language (offered only where a test adds it to :data:`OFFERED`).
PSEUDO = "qps"
#: The languages a page may be asked for.
OFFERED: tuple[str, ...] = LANGS
#: The catalogs' domain and folder.
DOMAIN = "landplan"
LOCALES = Path(__file__).parent / "locales"
#: Every text to translate, as ``make messages`` gathered them (the catalogs' template).
TEMPLATE = LOCALES / f"{DOMAIN}.pot"

_Text = TypeVar("_Text", bound=str)
_speaking: ContextVar[str] = ContextVar("landplan_language", default=LANGS[0])


def language(asked: str) -> str:
    """``asked`` if it is offered, else English."""
    return asked if asked in OFFERED else LANGS[0]


@contextmanager
def speaking(lang: str) -> Iterator[None]:
    """Translate into ``lang`` within the block (in this thread or task, and the threads and
    tasks it starts)."""
    token = _speaking.set(language(lang))
    try:
        yield
    finally:
        _speaking.reset(token)


def spoken() -> str:
    """The language of the moment."""
    return _speaking.get()


def gettext(message: str) -> str:
    """``message`` in the language of the moment (as written where its catalog has none)."""
    return translations(_speaking.get()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The form for ``n`` of a text with a singular and a plural, in the language of the
    moment."""
    return translations(_speaking.get()).ngettext(singular, plural, n)


def N_(message: _Text) -> _Text:
    """Mark ``message`` for the catalog without translating it: it is translated with
    :func:`gettext` where it is shown."""
    return message


def keep(message: str, **values: str) -> str:
    """A text to be shown later, in a language not known yet: ``message`` (untranslated, with
    ``%(name)s`` placeholders) and the ``values`` that fill them (each may itself be kept), as
    JSON. ``make messages`` gathers the texts kept here as it gathers the marked ones."""
    return json.dumps({"message": message, "values": values}, ensure_ascii=False)


def said(kept: str) -> str:
    """A text :func:`keep` kept, in the language of the moment; any other text as it is."""
    try:
        found = json.loads(kept)
        message, values = found["message"], found["values"]
        return gettext(message) % {name: said(value) for name, value in values.items()}
    except (ValueError, TypeError, KeyError, AttributeError):  # not kept here, or not whole
        return kept


def in_language(lang: str, text: str, translate: Callable[[str], str] = gettext) -> str:
    """``text`` in ``lang``, whatever the language of the moment (for what is written in a
    language of its own, such as a map): by ``translate``, :func:`gettext` (:func:`said` for a
    kept text; any function that speaks the language of the moment)."""
    with speaking(lang):
        return translate(text)


@functools.cache
def translations(lang: str) -> _gettext.NullTranslations:
    """The translations into ``lang``: its catalog read once (the pseudo-language's from the
    template of the catalogs), compiled in memory."""
    if lang not in (*LANGS[1:], PSEUDO):
        return _gettext.NullTranslations()
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    path = TEMPLATE if lang == PSEUDO else catalog_path(lang)
    with path.open("rb") as po:
        catalog = read_po(po, locale=None if lang == PSEUDO else lang, domain=DOMAIN)
    if lang == PSEUDO:
        for entry in catalog:
            if entry.id:
                ids = entry.id if isinstance(entry.id, tuple) else (entry.id,)
                wrapped = tuple(f"⟦{text}⟧" for text in ids)
                entry.string = wrapped if isinstance(entry.id, tuple) else wrapped[0]
    compiled = io.BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return _gettext.GNUTranslations(compiled)


def catalog_path(lang: str) -> Path:
    """Where the catalog of ``lang`` is kept."""
    return LOCALES / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
