"""Bytes to text, robustly: BOM, UTF-8, a declared charset, charset-normalizer, then cp1252/latin-1.

Binary data (NUL bytes outside UTF-16/32, or many control characters) is refused rather than
decoded into noise.
"""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

from storyline.ingest.errors import InputError

_BOMS = (  # longest first: the UTF-32 LE BOM starts with the UTF-16 LE one
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# C0 and C1 control characters other than tab, newline, vertical tab, form feed and carriage return.
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")
MAX_CONTROL_RATIO = 0.02

# Candidates for undeclared legacy text: the encodings a browser accepts (WHATWG Encoding
# Standard). Without this, charset-normalizer happily picks DOS code pages for short texts.
WEB_LEGACY_ENCODINGS = (
    "cp1252", "cp1250", "cp1251", "cp1253", "cp1254", "cp1255", "cp1256", "cp1257", "cp1258", "cp874",
    "iso8859_2", "iso8859_3", "iso8859_4", "iso8859_5", "iso8859_6", "iso8859_7", "iso8859_8",
    "iso8859_10", "iso8859_13", "iso8859_14", "iso8859_15", "iso8859_16", "koi8_r", "koi8_u", "cp866",
    "mac_roman", "mac_cyrillic", "gb18030", "big5", "euc_jp", "iso2022_jp", "shift_jis", "euc_kr",
)
# windows-1252 is by far the commonest legacy encoding of Western news pages (and what browsers
# read undeclared or 'latin-1' pages as). charset-normalizer's mess score misjudges short texts
# (it ranks mac_roman above cp1252 for smart quotes), so cp1252 is taken whenever its reading
# looks like Western text: mostly ASCII letters with sparse accents (a non-Latin script read as
# cp1252 is nearly all high bytes), and no other encoding shows clearly better language evidence.
_PREFERRED_LEGACY = "cp1252"
WESTERN_MAX_NON_ASCII_PER_LETTER = 0.3
_COHERENCE_MARGIN = 0.02


_LONE_SURROGATE = re.compile(r"[\ud800-\udfff]")


def valid_unicode(text: str) -> str:
    """`text` with each lone surrogate as U+FFFD, one character for one so that offsets hold.

    JSON can spell lone surrogates ("\\ud800") and Python decodes them as they are, but they
    cannot be written as UTF-8: left in, they would break the brief and the store.
    """
    return _LONE_SURROGATE.sub("\ufffd", text) if _LONE_SURROGATE.search(text) else text


def normalise_newlines(text: str) -> str:
    r"""`text` with CRLF and lone CR turned into `\n`; nothing else changes."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def bom_encoding(data: bytes) -> str | None:
    """The codec named by a byte-order mark at the start of `data`, or None."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return codec
    return None


def _utf16_without_bom(data: bytes) -> str | None:
    """'utf-16-le'/'utf-16-be' when NUL bytes sit almost only at odd/even offsets (ASCII-range UTF-16)."""
    if len(data) % 2:
        return None
    even_nuls = data[0::2].count(0)
    odd_nuls = data[1::2].count(0)
    half = len(data) // 2
    # Mostly-ASCII UTF-16 has a NUL in at least a third of its code units, all on one side.
    if odd_nuls >= half / 3 and even_nuls <= odd_nuls / 20:
        return "utf-16-le"
    if even_nuls >= half / 3 and odd_nuls <= even_nuls / 20:
        return "utf-16-be"
    return None


def _try(data: bytes, codec: str | None) -> str | None:
    """`data` decoded strictly with `codec`, or None when the codec is unknown or does not fit."""
    if not codec:
        return None
    try:
        return data.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return None


def _legacy_alias(declared: str | None) -> str | None:
    """`declared`, with 'latin-1' and 'ascii' read as cp1252, as browsers do (the superset is harmless)."""
    if not declared:
        return None
    try:
        name = codecs.lookup(declared.strip()).name
    except LookupError:
        return None
    return _PREFERRED_LEGACY if name in ("iso8859-1", "latin-1", "ascii") else name


def _looks_western(text: str) -> bool:
    """True when non-ASCII characters are a small minority next to the letters of `text`."""
    letters = sum(1 for char in text if char.isalpha())
    non_ascii = sum(1 for char in text if ord(char) > 127)
    return non_ascii <= WESTERN_MAX_NON_ASCII_PER_LETTER * max(letters, 1)


def _guess_legacy(data: bytes) -> str | None:
    """The most plausible web legacy encoding's reading of `data` (cp1252 unless clearly not)."""
    matches = list(from_bytes(data, cp_isolation=list(WEB_LEGACY_ENCODINGS)))
    western = _try(data, _PREFERRED_LEGACY)
    if western is not None and _looks_western(western):
        in_group = [_PREFERRED_LEGACY in (m.encoding, *m.could_be_from_charset) for m in matches]
        own = max((m.coherence for m, same in zip(matches, in_group) if same), default=0.0)
        rival = max((m.coherence for m, same in zip(matches, in_group) if not same), default=0.0)
        if rival <= own + _COHERENCE_MARGIN:
            return western
    return str(matches[0]) if matches else None


def _reject_binary(text: str) -> str:
    """`text`, unless control characters make up more than `MAX_CONTROL_RATIO` of it."""
    if text and len(_CONTROL.findall(text)) > MAX_CONTROL_RATIO * len(text):
        raise InputError("binary file (not text)")
    return text


def decode_bytes(data: bytes, declared: str | None = None) -> str:
    """Decode `data` to text; raise `InputError` for binary data.

    Order: a BOM; UTF-8 when the bytes are valid UTF-8 (the odds of non-UTF-8 text being valid
    UTF-8 are tiny, and declarations are often wrong); the `declared` charset (HTTP header,
    `<meta charset>`); charset-normalizer; cp1252; latin-1 (which always succeeds). Newlines
    are left as they are.
    """
    codec = bom_encoding(data)
    if codec:
        return _reject_binary(data.decode(codec, errors="replace"))
    if b"\x00" in data:
        text = _try(data, _utf16_without_bom(data))
        if text is None:
            raise InputError("binary file (not text)")
        return _reject_binary(text)
    text = _try(data, "utf-8")
    if text is None:
        text = _try(data, _legacy_alias(declared))
    if text is None:
        text = _guess_legacy(data)
    if text is None:
        text = _try(data, _PREFERRED_LEGACY)
    if text is None:
        text = data.decode("latin-1")
    return _reject_binary(text)
