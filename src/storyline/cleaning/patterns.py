"""Curated, site-independent patterns for page chrome: each returns the reason a unit is cut.

Patterns are deliberately generic (words every news site uses for the same furniture) and are
guarded by length, because a body paragraph may mention cookies or newsletters in passing.
"""

from __future__ import annotations

import re

from storyline.cleaning.features import Features, is_data_row, is_prose

_I = re.IGNORECASE

# Whole-line navigation and widget labels (matched on short units only).
_NAV_LINE = re.compile(
    r"(?:home(?:page)?|menu|main menu|search|close|open|more|next|previous|prev|back|back to top|"
    r"skip to (?:main )?content|skip to navigation|jump to|navigation|sections?|topics?|tags?|"
    r"share(?: this)?(?: article| story| page| on \w+)?|tweet|pin it|print(?: this)?(?: article| page)?|e-?mail|"
    r"copy link|link copied|comments?|\d+ comments?|view comments|show comments|leave a comment|"
    r"facebook|twitter|x|whatsapp|linkedin|pinterest|reddit|instagram|youtube|tiktok|telegram|"
    r"flipboard|messenger|sms|subscribe|subscribe now|sign ?in|sign ?up|sign out|log ?in|log ?out|"
    r"register|my account|account|newsletters?|podcasts?|video|videos|audio|watch|watch live|live|"
    r"listen|play|play video|photos?|gallery|image|map|advertisement|advert|ad|ads|sponsored|"
    r"sponsored content|paid content|partner content|loading\W*|languages?|edition|weather|"
    r"read more|show more|load more|see more|see all|view all|more stories|continue reading|"
    r"contact us|about us|careers|help|faq|terms|privacy|accessibility|sitemap|rss|feedback|"
    r"follow us|follow|trending|latest|breaking news|top stories|english|español|français|deutsch)"
    r"\W*",
    _I,
)

# Unmistakable chrome: cut even when the unit reads like a sentence.
_STRICT_CHROME = re.compile(
    r"\bcookies?\b.{0,60}\b(?:use|accept|settings|policy|preferences|consent|agree|continu)|"
    r"\b(?:use|accept|allow|reject|manage)\b.{0,20}\bcookies\b|"
    r"\bprivacy (?:policy|notice|settings|centre|center)\b|\bterms (?:of|and) (?:use|service|conditions)\b|"
    r"\ball rights reserved\b|^copyright\b|\bcopyright\s*(?:©|\(c\)|\d{4})|©|\(c\) ?\d{4}|"
    r"\b(?:browser|ie ?\d+|internet explorer)\b.{0,40}\bnot (?:be )?supported\b|"
    r"\bnot supported\b.{0,60}\bbrowser\b|\b(?:update|upgrade|change) your browser\b|"
    r"\b(?:enable|turn on) javascript\b|\bjavascript is (?:disabled|required|off)\b|"
    r"\bnot responsible for the content of external\b|\bad ?blocker\b|"
    r"\bsave my name,? e-?mail,? and website\b|\buses akismet to reduce spam\b|"
    r"\brequired fields are marked\b|\byour e-?mail address will not be published\b|"
    r"\bthis field is for validation purposes\b|\baffiliate advertising program\b|"
    r"\bassociates program\b.{0,80}\bmeans for (?:sites|us) to earn\b",
    _I,
)

# Calls to action: chrome in a fragment, but words a short body sentence could use.
_SOFT_CHROME = re.compile(
    r"\bsubscribe (?:to|now|today|for)\b|\bsign up (?:for|to)\b|\bnewsletters?\b|"
    r"\b(?:sign|log) in to\b|\bcreate (?:a free |an )?account\b|\balready a subscriber\b|"
    r"\bfollow us on\b|\bdownload (?:our|the) app\b|\bget the app\b|\bclick here\b|"
    r"\bshare (?:this|on|via)\b|\bshare (?:article|story)\b|\boptimal experience\b|"
    r"\bthis (?:article|content) is (?:only )?available to\b|"
    r"\breport (?:a|an) (?:error|correction|typo)\b|\bbookmark\b",
    _I,
)

# Image credits and caption markers. An agency credit ("REUTERS/Jane Doe", "Getty Images")
# closes its caption, so it counts only within the last few words of the unit: "the latest
# Reuters/Ipsos poll shows ..." is a sentence that names an agency, not a caption.
_CAPTION = re.compile(
    r"\((?:photo|image|picture|credit|file photo|photograph)\b[^)]*\)|"
    r"(?:^|[.(|•–—]\s*)(?:photo|image|picture|photograph|illustration|credit|caption|"
    r"photo credit|image credit)\s*:|^(?:image source|image caption|media caption)\b|"
    r"(?:\bgetty images\b|\bap photo\b|\bafp via\b|\breuters/|/reuters\b|/afp\b|/ap\b|"
    r"\bshutterstock\b|\balamy\b|\bistock(?:photo)?\b|\bepa-efe\b)(?:\W*\b\w+\b){0,4}\W*$",
    _I,
)

# A picture counter at the end of an image's alt text ("... ảnh 1", "Photo 3", "Image 2 of 9").
CAPTION_MARKER = re.compile(
    r"(?:^|\s)(?:ảnh|photo|image|picture|foto|bild|slide)\s*\d+(?:\s*(?:of|/)\s*\d+)?\s*$", _I
)

# Headers that open a block of teasers or links ("Other news", "Related stories", ...).
_TAIL_HEADER = re.compile(
    r"(?:in )?other news|related(?: stories| articles| content| coverage| topics| links| news|"
    r" reading| posts| internet links| videos?)?|more (?:from|on|about|in|news|stories|like this)\b.{0,50}|"
    r"most (?:read|popular|viewed|shared|watched|emailed|commented)(?: \w+){0,3}|"
    r"read (?:more|next|also)|also read|see also|what to read next|further reading|"
    r"recommended(?: for you| stories| reading| articles| videos)?|you (?:may|might) (?:also )?like|"
    r"you (?:may|might) also be interested(?: in)?|top (?:stories|news|headlines)|"
    r"latest (?:news|stories|headlines|videos)|trending(?: now| stories)?|don'?t miss|editor'?s picks|"
    r"also in (?:the )?news|around the web|from around the web|popular(?: now| stories)?|"
    r"features(?:,? views,? analysis)?|more to explore|sponsored stories|promoted stories|"
    r"elsewhere on \w+|on our radar|more headlines|latest updates|"
    r"suggested(?: for you| articles| stories| reading| posts| videos)|up next|"
    r"comments?|\d+ comments?|discussion|join the (?:discussion|conversation)|"
    r"leave a (?:comment|reply)|post a comment|add a comment|what do you think\??",
    _I,
)
_TAIL_TRAILER = re.compile(r"\W*$")

# A blog excerpt cut short ("... […]") is a teaser for another page, never body.
_EXCERPT_END = re.compile(r"\[(?:…|\.\.\.)\]$")

# "Comics / economics / happy mutants", "World | Business | Tech": a row of short links (a row
# of figures separated the same way is a table row, see `features.is_data_row`).
_LINK_ROW = re.compile(r"[^/|•·]{1,30}(?:\s[/|•·]\s[^/|•·]{1,30}){2,}\s?[/|•·]?")

_MAX_NAV_WORDS = 4
_MAX_CHROME_WORDS = 40
_MAX_SOFT_WORDS = 12
_MAX_CAPTION_WORDS = 60
_MAX_TAIL_WORDS = 8


def chrome_reason(text: str, f: Features) -> str | None:
    """The reason `text` is page chrome by pattern, or None."""
    if _EXCERPT_END.search(text):
        return "teaser excerpt"
    if not f.terminal and not is_data_row(f) and _LINK_ROW.fullmatch(text):
        return "navigation row"
    if f.n_words <= _MAX_NAV_WORDS and _NAV_LINE.fullmatch(text):
        return "navigation"
    if f.n_words <= _MAX_CHROME_WORDS and _STRICT_CHROME.search(text):
        return "boilerplate"
    if (f.n_words <= _MAX_SOFT_WORDS or not is_prose(f)) and _SOFT_CHROME.search(text):
        return "boilerplate"
    if f.n_words <= _MAX_CAPTION_WORDS and _CAPTION.search(text):
        return "image caption"
    return None


def is_tail_header(text: str, f: Features) -> bool:
    """True for a header that opens a list of teasers or links."""
    if f.n_words > _MAX_TAIL_WORDS or f.terminal:
        return False
    return bool(_TAIL_HEADER.fullmatch(_TAIL_TRAILER.sub("", text)))


def is_section_header(text: str, f: Features) -> bool:
    """An all-caps menu or box header ("VIDEO AND AUDIO NEWS", "PRODUCTS & SERVICES")."""
    letters = sum(1 for c in text if c.isalpha())
    return f.all_caps and not f.terminal and 2 <= f.n_words <= 8 and letters >= 6

