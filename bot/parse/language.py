"""Which language the owner writes in, and whether they ask for another one.

A request must be phrased as one ("in het Engels graag", "can we speak Dutch", "English please", or the
language alone as the whole message): "wij geven cursussen Engels" names a language but asks nothing.
"""
from __future__ import annotations

import re
from typing import Optional

from bot.parse.phrases import answers, clean_text, find_words, has_any, normalise


def requested_language(text: Optional[str]) -> Optional[str]:
    """"nl"/"en" when the message asks to continue in that language: a language name with a request
    word ("in het Engels graag", "let's switch to Dutch", "i'd rather speak dutch"), or the name alone.
    A name right after a word like "cursussen" or "teach" is what the owner offers, not a request."""
    cfg = answers()["language"]["requests"]
    said = normalise(text)
    if not said:
        return None
    names = [(match.start(), language) for language in ("en", "nl")
             for match in find_words(said, cfg["names"][language])]
    for start, language in sorted(names):
        before = said[:start].split()[-2:]
        if set(before) & {word.lower() for word in cfg["offer_words"]}:
            continue
        if len(said.split()) <= 2 or has_any(said, cfg["cues"]):
            return language
    return None


def detect_language(text: Optional[str], first_message: bool = False) -> Optional[str]:
    """"nl"/"en" when the message is clearly in that language, None when it is too short to tell.
    The first message of a conversation needs fewer marker words (nothing was said yet to go on)."""
    cfg = answers()["language"]
    words = re.findall(r"[a-zà-ÿ']+", clean_text(text).lower().replace("’", "'"))
    counts = {lang: sum(1 for word in words if word in set(cfg["markers"][lang])) for lang in ("nl", "en")}
    minimum = cfg["min_markers_first"] if first_message else cfg["min_markers"]
    for lang, other in (("nl", "en"), ("en", "nl")):
        if counts[lang] >= minimum and counts[lang] > 2 * counts[other]:
            return lang
    return None
