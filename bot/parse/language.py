"""Which language the owner writes in, and whether they ask for another one.

A request must be phrased as one ("in het Engels graag", "can we speak Dutch", "English please", or the
language alone as the whole message): "wij geven cursussen Engels" names a language but asks nothing.
"""
from __future__ import annotations

import re
from typing import Any, Dict, Mapping, Optional

from bot.knowledge import LANGUAGES
from bot.parse.phrases import answers, clean_text, find_words, has_any, normalise


def requested_language(text: Optional[str]) -> Optional[str]:
    """"nl"/"en" when the message asks to continue in that language: a language name with a request
    word ("in het Engels graag", "let's switch to Dutch", "i'd rather speak dutch"), or the name alone.
    The request word must be near the name (three words before it, three after). A name right after a
    word like "cursussen" or "teach" is what the owner offers, not a request, and so is a name beside
    another capitalised word ("Bakkerij Engels", "Dutch Design")."""
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
        # the request word near the name: "bijles in wiskunde, Engels ... in het voorjaar" asks nothing
        near = " ".join(said[:start].split()[-3:] + said[start:].split()[:4])
        if has_any(near, cfg["cues"]) or len(said.split()) == 1:
            return language
        if len(said.split()) == 2 and sum(word[:1].isupper() for word in clean_text(text).split()) < 2:
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


def language_update(latest: Mapping[str, Any], *, chosen: bool, current: str,
                    first_message: bool) -> Dict[str, Any]:
    """What the owner's latest message (`latest_message` as the actions see it) sets about the
    conversation's language: an explicit request always; until the owner chose a language, what a host
    portal handed over (`prefill.language`), else a message clearly in the other language, else on the
    first message the widget's language. Empty when nothing changes. The slot-mapping action
    (actions/conversation.py) returns this, and the Rasa server skips calling it when it is empty
    (bot/channels/speedups.py), so both must read it here."""
    text = latest.get("text") or ""
    asked = None if text.startswith("/") else requested_language(text)
    if asked:
        return {"language": asked, "language_chosen": True}
    if chosen:
        return {}
    metadata = latest.get("metadata") if isinstance(latest.get("metadata"), dict) else {}
    prefill = metadata.get("prefill") if isinstance(metadata.get("prefill"), dict) else {}
    if prefill.get("language") in LANGUAGES:
        return {"language": prefill["language"], "language_chosen": True}
    detected = None if text.startswith("/") else detect_language(text, first_message=first_message)
    if detected is None and first_message and metadata.get("ui_language") in LANGUAGES:
        detected = metadata["ui_language"]  # the widget's language: a first guess, for "hoi" or a button
    if detected and detected != current:
        return {"language": detected}
    return {}
