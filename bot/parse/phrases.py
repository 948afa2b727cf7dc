"""The one phrase-matching helper every reader in bot/parse uses: clean text, whole-word matching of word
lists (a trailing `*` matches any ending: "terug*" finds "terugkomen"; a leading one any beginning),
regex lists, and numbers as owners write them ("drie à vier", "2-3", "een paar", "ne maand of zes").

Word lists live in knowledge/answers.yml; nothing here knows what a word means.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Dict, Iterable, List, Optional, Tuple

from bot import knowledge


def answers() -> dict:
    """knowledge/answers.yml (loaded and validated once per process)."""
    return knowledge.load("answers")


def clean_text(text: Optional[str]) -> str:
    """Collapses whitespace and strips control characters; the text stays as the owner wrote it."""
    if not text:
        return ""
    text = "".join(ch if ch.isprintable() else " " for ch in str(text))
    return re.sub(r"\s+", " ", text).strip()


def has_letters(text: str, minimum: int = 2) -> bool:
    return sum(ch.isalpha() for ch in text) >= minimum


# a word as people type one ("55-plussers", "www.bakkerij.nl"): at most 40 long, no letter four times in a row
_PLAUSIBLE_WORD = re.compile(r"^(?!.*([^\W\d_])\1{3}).{1,40}$")


def is_garbled(text: Optional[str]) -> bool:
    """Letters, but not one word among them ("aaaaaaaa…", "zzzzzzzzzz"): nothing anyone could mean.
    Text without letters ("€ 3", "👍") is not garbled, only not a word."""
    tokens = [token.strip(".,;:!?()\"") for token in (text or "").split()]
    worded = [token for token in tokens if any(ch.isalpha() for ch in token)]
    return bool(worded) and not any(_PLAUSIBLE_WORD.match(token) for token in worded)


def normalise(text: Optional[str]) -> str:
    """Lower case, typographic quotes made plain, punctuation (but not inner apostrophes, hyphens and
    ampersands) turned into spaces: the form commands and whole-message phrases are compared in."""
    text = clean_text(text).lower().replace("’", "'").replace("‘", "'")
    text = re.sub(r"[^\w'&+€%-]+", " ", text)
    text = re.sub(r"(?<!\w)['-]+|['-]+(?!\w)", " ", text)
    return re.sub(r"\s+", " ", text).strip()


def _alternative(word: str) -> str:
    """A word as a regex: a trailing `*` allows any ending ("terug*"), a leading `*` a compound
    ("*winkel" finds "bloemenwinkel", not "winkel" itself)."""
    word = word.lower()
    head = r"[\w'-]+" if word.startswith("*") else ""
    tail = r"[\w'-]*" if word.endswith("*") else ""
    return head + re.escape(word.strip("*")) + tail


@functools.lru_cache(maxsize=None)
def words_regex(words: Tuple[str, ...]) -> re.Pattern:
    """Matches any of the words/phrases as whole words, longest first, case-insensitively."""
    alternatives = sorted({_alternative(word) for word in words}, key=len, reverse=True)
    if not alternatives:
        return re.compile(r"(?!x)x")
    return re.compile(r"(?<![\w-])(?:" + "|".join(alternatives) + r")(?![\w-])", re.IGNORECASE)


def find_words(text: str, words: Iterable[str]) -> List[re.Match]:
    """All whole-word matches of any of `words` in `text`."""
    return list(words_regex(tuple(words)).finditer(text or ""))


def has_any(text: str, words: Iterable[str]) -> bool:
    return words_regex(tuple(words)).search(text or "") is not None


@functools.lru_cache(maxsize=None)
def patterns_regex(patterns: Tuple[str, ...]) -> re.Pattern:
    """Any of the regular expressions, as whole words."""
    return re.compile(r"(?<![\w-])(?:" + "|".join(f"(?:{p})" for p in patterns) + r")(?![\w-])", re.IGNORECASE)


def first_named(text: str, named: Dict[str, Iterable[str]]) -> Optional[str]:
    """The key whose words occur earliest in the text (longest phrase wins at the same place)."""
    best: Optional[Tuple[int, int, str]] = None
    for key, words in named.items():
        for match in find_words(text, list(words)):
            candidate = (match.start(), -len(match.group(0)), key)
            if best is None or candidate < best:
                best = candidate
    return best[2] if best else None


def alternation(words: Iterable[str]) -> str:
    """A regex alternation of the words (escaped, `*` endings allowed), longest first."""
    return "|".join(sorted({_alternative(word) for word in words}, key=len, reverse=True))


# --- numbers -----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Number:
    """A number as said: one value, or a range whose middle counts ("drie à vier" → 3.5)."""

    low: float
    high: float
    span: str

    @property
    def value(self) -> float:
        return (self.low + self.high) / 2


_DIGITS = r"\d+(?:[.,]\d+)?"


def _digits_value(raw: str) -> float:
    return float(raw.replace(",", "."))


@functools.lru_cache(maxsize=None)
def number_regex() -> re.Pattern:
    """One number or a range of two: digits or number words, joined by à / tot / - / of / to / or."""
    cfg = answers()["numbers"]
    word = alternation(cfg["words"])
    one = rf"(?:{_DIGITS}|{word})"
    joiner = alternation(cfg["range_joiners"])
    return re.compile(rf"(?<![\w.,])(?P<a>{one})(?:\s*(?:{joiner})\s*(?P<b>{one})|\s+(?P<c>\d+)(?=\s|$))?(?![\w])",
                      re.IGNORECASE)


def number_value(raw: str) -> Optional[float]:
    raw = raw.lower().strip()
    words = answers()["numbers"]["words"]
    if raw in words:
        return float(words[raw])
    try:
        return _digits_value(raw)
    except ValueError:
        return None


def number_at(match: re.Match) -> Optional[Number]:
    """The Number of a number_regex() match."""
    first = number_value(match.group("a"))
    second_raw = match.group("b") or match.group("c")
    second = number_value(second_raw) if second_raw else None
    if first is None:
        return None
    if second is None:
        return Number(first, first, match.group(0))
    return Number(min(first, second), max(first, second), match.group(0))
