"""Which language the owner writes in, and whether they ask for another one.

A request must be phrased as one ("in het Engels graag", "can we speak Dutch", "English please", or the
language alone as the whole message): "wij geven cursussen Engels" names a language but asks nothing.
"""
from __future__ import annotations

import functools
import re
from typing import Optional

from bot.parse.phrases import alternation, answers, clean_text, normalise


@functools.lru_cache(maxsize=None)
def _request_regex(language: str) -> re.Pattern:
    cfg = answers()["language"]["requests"]
    names = alternation(cfg["names"][language])
    patterns = [p.replace("{language}", f"(?:{names})") for p in cfg["patterns"]]
    return re.compile(r"^(?:" + "|".join(f"(?:{p})" for p in patterns) + r")$", re.IGNORECASE)


def requested_language(text: Optional[str]) -> Optional[str]:
    """"nl"/"en" when the message (or one of its sentences) asks to continue in that language."""
    for sentence in re.split(r"(?<=[.!?])\s+", clean_text(text)):
        said = normalise(sentence)
        for language in ("en", "nl"):
            if said and _request_regex(language).match(said):
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
