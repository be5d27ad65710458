"""One text-safety rule for every output: imported or typed text is shown as text, whatever the sink.

Each sink has its own way of turning text into something else, so each has one function here and
every output path goes through it (no other module decides how to make user text safe):

========================  =========================================================================
sink                      what could happen, and what this module does
========================  =========================================================================
any display               bidirectional controls (U+202E…) reverse what follows, reply date
                          included: :func:`display` strips them; C0 controls, U+FFFE/U+FFFF and lone
                          surrogates become a visible U+FFFD.
screen Markdown, labels   Markdown/HTML, autolinks, Streamlit's ``:material/…:``, ``:streamlit:``,
                          emoji shortcodes and ``:color[…]`` directives: :func:`markdown_literal`
                          (:func:`label` for one-line widget labels).
pydeck (maps)             deck.gl's JSON converter evaluates strings that start with ``@@=``
                          (expressions) and ``@@#`` (constants): :func:`deck_text`, applied to every
                          string of a layer's data by :func:`deck_data`.
XML (the Atom feed)       code points XML 1.0 forbids make the whole file unparseable: refused at
                          import (:func:`xml_invalid`), replaced visibly by :func:`xml_text`.
CommonMark (digest .md)   :func:`commonmark_literal` escapes every ASCII punctuation mark;
                          :func:`markdown_url` percent-encodes an address so ``>``, ``<``, spaces
                          and parentheses cannot end the link or start an image or raw HTML.
CSV / XLSX downloads      formulas: ``nlmobility.export.neutralise_formulas`` (the leading
                          apostrophe belongs to downloaded files only). Screen tables show the
                          value as stored, with an invisible :data:`WJ` in front of a formula-like
                          cell, so the table toolbar's own "download as CSV" and a copy-paste into
                          a spreadsheet still start with text; bidirectional controls are removed
                          there too (:func:`display_frame`).
========================  =========================================================================
"""

from __future__ import annotations

import html
import re
import urllib.parse
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")
#: Streamlit's Markdown turns bare addresses into links (GitHub-flavoured autolinks) even when every
#: special character is escaped; a zero-width space inside the trigger keeps them plain text.
_AUTOLINK_TRIGGERS = re.compile(r"(://|www\.|@)", re.IGNORECASE)
ZWSP = "\u200b"
#: Word joiner: invisible and, unlike a zero-width space, no line-break opportunity ("10:30" stays whole).
WJ = "\u2060"
#: Shown instead of a character no output can hold (a control character, U+FFFE, a lone surrogate).
REPLACEMENT = "\ufffd"

#: Explicit bidirectional formatting: embeddings and overrides (U+202A–U+202E), isolates
#: (U+2066–U+2069), and the marks LRM, RLM and ALM. Invisible, and U+202E reverses everything after
#: it, so a comment could show its reply's date backwards. Text in Arabic or Hebrew still shows in
#: its own direction (the Unicode bidirectional algorithm needs no controls for that).
BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")
#: Code points XML 1.0 does not allow (``Char`` production): C0 controls other than tab, LF and CR,
#: the surrogates (lone ones survive Python's str) and the non-characters U+FFFE and U+FFFF.
XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
#: DEL and the C1 controls: valid XML but invisible or terminal commands elsewhere; replaced on display.
_OTHER_CONTROLS = re.compile("[\x7f-\x9f]")
#: Everything :func:`display` changes (one search answers the usual case: nothing to change).
_UNSHOWABLE = f"{BIDI_CONTROLS.pattern[:-1]}{XML_INVALID.pattern[1:-1]}\x7f-\x9f]"
#: The same class for Arrow (RE2); Arrow strings are valid UTF-8, so they hold no surrogates.
_UNSHOWABLE_RE2 = (
    r"[\x{202A}-\x{202E}\x{2066}-\x{2069}\x{200E}\x{200F}\x{061C}\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F\x{FFFE}\x{FFFF}]"
)
_UNSHOWABLE_RE = re.compile(_UNSHOWABLE)
#: Streamlit shortcodes (``:material/warning:``, ``:streamlit:``, ``:smile:``) are found by pattern in
#: the text *after* Markdown is parsed, so a backslash before the colon does not stop them; a word
#: joiner after every colon that a character follows does (``:`` + invisible character + name no longer matches ``:name:``).
_COLON = re.compile(r":(?=\S)")  # a colon before a space or the end cannot open a shortcode
#: deck.gl's JSON converter: ``@@=`` compiles an expression, ``@@#`` looks up a constant (and throws
#: when there is none: the map is replaced by an error box). ``@@`` covers both and any future prefix.
_DECK_PREFIX = "@@"
#: Characters kept as they are in an address written into Markdown; everything else (spaces, ``<``,
#: ``>``, parentheses, brackets, quotes, backslashes, backticks, non-ASCII) is percent-encoded.
_URL_SAFE = "/:?#@!$&*+,;=%~-._"
_CM_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")


def _blank(text: object) -> bool:
    """None, NaN and NaT (SQL NULL through pandas) show as nothing: the values unequal to themselves."""
    return text is None or text != text  # noqa: PLR0124


def _str(text: object) -> str:
    return "" if _blank(text) else str(text)


def xml_invalid(text: str) -> str | None:
    """The first character of ``text`` that XML 1.0 cannot hold (named ``U+XXXX``), or None."""
    found = XML_INVALID.search(text)
    return f"U+{ord(found.group()):04X}" if found else None


def display(text: object) -> str:
    """``text`` for any display: bidirectional controls removed, unshowable characters replaced visibly.

    Tab and line breaks stay; every other control character, U+FFFE/U+FFFF and lone surrogates
    become U+FFFD (a visible "�"), so what is shown never differs invisibly from what is stored.
    """
    s = _str(text)
    if not _UNSHOWABLE_RE.search(s):  # the usual case: one search, no copy
        return s
    s = BIDI_CONTROLS.sub("", s)
    s = XML_INVALID.sub(REPLACEMENT, s)
    return _OTHER_CONTROLS.sub(REPLACEMENT, s)


def markdown_literal(text: object) -> str:
    """``text`` as Streamlit Markdown that shows it literally: no formatting, no HTML, no links, no images,
    no icons, emoji or logo from shortcodes, no coloured-text directives, no reversed text.

    Quotes stay quotes (Markdown would show an entity such as ``&#x27;`` literally); addresses get
    an invisible zero-width space so they are not turned into live links; every colon before a
    character an invisible word joiner, so no ``:name:`` shortcode is found.
    """
    s = display(text)
    s = _AUTOLINK_TRIGGERS.sub(lambda m: m.group(1)[0] + ZWSP + m.group(1)[1:], s)
    s = html.escape(s, quote=False)
    s = _MD_SPECIAL.sub(r"\\\1", s)
    return _COLON.sub(":" + WJ, s).replace("\n", "  \n")


def label(text: object) -> str:
    """One line of user text inside a widget label or title (``st.expander``, ``st.metric``, ``st.header``…).

    Labels are Markdown too (a subset, shortcodes included), and a line break would end them early.
    """
    return markdown_literal(" ".join(display(text).split()))


def plain(shown: str) -> str:
    """What a reader sees of :func:`markdown_literal`'s output, without the invisible link and shortcode breakers."""
    return shown.replace(ZWSP, "").replace(WJ, "")


def deck_text(text: object) -> str:
    """Text for a map (tooltips, labels): as :func:`display`, and never read as a deck.gl expression.

    A string starting with ``@@`` gets an invisible word joiner in front, so the converter sees
    an ordinary string and draws it.
    """
    s = display(text)
    return WJ + s if s.startswith(_DECK_PREFIX) else s


def deck_data(value: object) -> object:
    """Every string inside a layer's data (lists and dicts walked) through :func:`deck_text`; the rest unchanged."""
    if isinstance(value, str):
        return deck_text(value)
    if isinstance(value, dict):
        return {k: deck_data(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [deck_data(v) for v in value]
    return value


def _holds_text(value: object) -> bool:
    """Whether a list holds text: its first element, first of first… is a string or a mapping.

    Coordinates (lists of lists of numbers, hundreds of thousands of them on a long corridor) are
    answered by looking at one number instead of walking every vertex.
    """
    while isinstance(value, list | tuple) and value:
        value = value[0]
    return isinstance(value, str | dict)


def _deck_rows_need_change(rows: list[Any]) -> bool:
    """Whether any text of the rows would change: one search over the rows' strings joined (50,000 crash
    points in milliseconds, where walking every value took a second)."""
    parts: list[str] = []
    for row in rows:
        if not isinstance(row, dict):
            return True
        for v in row.values():
            if isinstance(v, str):
                parts.append(v)
            elif isinstance(v, float | int) or (isinstance(v, list) and v and isinstance(v[0], float | int)):
                continue  # numbers and coordinates, the bulk of a layer
            elif isinstance(v, dict) or _holds_text(v):
                return True  # nested text: the careful path
    joined = "\n".join(parts)
    return joined.startswith(_DECK_PREFIX) or "\n" + _DECK_PREFIX in joined or _UNSHOWABLE_RE.search(joined) is not None


def deck_rows(rows: list[Any]) -> list[Any]:
    """A layer's rows with :func:`deck_data` applied to each row's text (coordinates left alone, unwalked).

    The rows themselves when nothing would change (the usual case).
    """
    if not _deck_rows_need_change(rows):
        return rows
    out: list[Any] = []
    for row in rows:
        if isinstance(row, dict):
            out.append({k: deck_data(v) if isinstance(v, str | dict) or _holds_text(v) else v for k, v in row.items()})
        else:
            out.append(deck_data(row))
    return out


def deck_layer_data(data: object) -> object:
    """A pydeck layer's ``data`` made safe: rows (:func:`deck_rows`), or a GeoJSON FeatureCollection
    whose features' properties go through :func:`deck_rows` (geometries left alone, unwalked).
    A string (an address to load) or anything else is returned as it is."""
    if isinstance(data, list):
        return deck_rows(data)
    if isinstance(data, dict) and isinstance(data.get("features"), list):
        features = data["features"]
        props = deck_rows([f.get("properties") or {} if isinstance(f, dict) else {} for f in features])
        return {
            **data,
            "features": [
                {**f, "properties": p} if isinstance(f, dict) and "properties" in f else f
                for f, p in zip(features, props, strict=True)
            ],
        }
    return data


def xml_text(text: object) -> str:
    """Text for an XML document: what :func:`display` shows (so every XML-invalid code point is a visible U+FFFD)."""
    return display(text)


def commonmark_literal(text: object) -> str:
    """``text`` for a CommonMark file (the digest's ``.md``): shown as written by any renderer.

    Every ASCII punctuation mark is backslash-escaped (CommonMark allows that for all of them), so
    no emphasis, link, image, code, HTML tag, entity or block marker can start; addresses get a
    zero-width space so extended autolinks (GitHub's ``www.`` and scheme-prefixed addresses) do not fire; a line break
    becomes a space (a new line could start a heading or a list).
    """
    s = " ".join(display(text).split())
    s = _AUTOLINK_TRIGGERS.sub(lambda m: m.group(1)[0] + ZWSP + m.group(1)[1:], s)
    return _CM_PUNCTUATION.sub(r"\\\1", s)


def markdown_url(url: object) -> str | None:
    """An http(s) address percent-encoded for a Markdown link or autolink (``<…>``); None when it is not one.

    Spaces, ``<``, ``>``, parentheses, brackets, quotes and backslashes cannot appear in the result,
    so the address cannot end the link early, open an image or write raw HTML.
    """
    s = _str(url).strip()
    if not s.lower().startswith(("https://", "http://")):
        return None
    return urllib.parse.quote(s, safe=_URL_SAFE)


def display_frame(df: pd.DataFrame) -> pd.DataFrame:
    """``df`` with :func:`display` applied to the text cells of columns that hold something to change.

    Tables draw text on a canvas that applies the bidirectional algorithm too. The usual case
    (nothing to change) is answered with one search per text column (Arrow's for Arrow strings, one
    over the joined cells otherwise) and returns ``df`` itself, uncopied.
    """
    out = df
    for col in df.columns:
        s = df[col]
        if not (s.dtype == object or pd.api.types.is_string_dtype(s)):
            continue
        if isinstance(s.dtype, pd.StringDtype) and hasattr(s.array, "__arrow_array__"):
            found = pc.any(pc.match_substring_regex(pa.array(s.array), pattern=_UNSHOWABLE_RE2)).as_py()
        else:
            found = _UNSHOWABLE_RE.search("\n".join(v for v in s if isinstance(v, str))) is not None
        if found:
            out = out.copy() if out is df else out
            out[col] = s.map(lambda v: display(v) if isinstance(v, str) else v)
    return out
