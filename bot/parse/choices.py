"""The closed answers: market (b2c / b2b / both) and goal (awareness / leads / sales / loyalty / reviews).

Goals are scored: every cue of a goal adds its weight (answers.yml: strong 2, weak 1), so "dat mensen
blijven terugkomen" is loyalty and "meer boekingen via de site" is sales. A tie is not a guess: the
interview asks again with the tied goals as the first buttons (`goal_candidates`).
"""
from __future__ import annotations

import functools
import re
from typing import List, Optional, Tuple

from bot.parse.phrases import answers, find_words, has_any, normalise

GOALS = ("awareness", "leads", "sales", "loyalty", "reviews")
MARKETS = ("b2c", "b2b", "both")


def _clauses(text: str) -> List[str]:
    return [part for part in re.split(r"[,;.!?()]", text) if part.strip()]


def _without(text: str, phrases) -> str:
    """The text with the phrases taken out ("maar ook" before a small-share check); a phrase of two
    words also goes when up to three words stand between them ("maar we werken ook samen met ...")."""
    for match in reversed(find_words(text, phrases)):
        text = text[:match.start()] + " " + text[match.end():]
    for pattern in _gap_patterns(tuple(phrases)):
        text = pattern.sub(" ", text)
    return text


@functools.lru_cache(maxsize=None)
def _gap_patterns(phrases: Tuple[str, ...]) -> Tuple[re.Pattern, ...]:
    """For each two-word phrase: its first word when the second follows within three words."""
    patterns = []
    for phrase in phrases:
        first, _, last = phrase.partition(" ")
        if last and " " not in last:
            patterns.append(re.compile(rf"\b{re.escape(first)}\b(?=(?:\s+\S+){{0,3}}\s+{re.escape(last)}\b)",
                                       re.IGNORECASE))
    return tuple(patterns)


def _cues(text: str, words) -> List[re.Match]:
    """The cue matches that are not negated ("niet aan bedrijven", "no businesses", "particulieren doen
    we eigenlijk niet")."""
    negations, after = answers()["market"]["negations"], answers()["market"]["negated_after"]
    return [match for match in find_words(text, words)
            if not find_words(" ".join(text[:match.start()].split()[-2:]), negations)
            and not find_words(" ".join(re.split(r"[,;.!?]", text[match.end():])[0].split()[:5]), after)]


@functools.lru_cache(maxsize=None)
def _market_words() -> Tuple[frozenset, frozenset]:
    """(the one-word market cues, the exclusive words), normalised once."""
    cues = answers()["market"]
    return (frozenset(normalise(word) for market in ("b2c", "b2b") for s in ("strong", "weak")
                      for word in cues[market][s] if " " not in word),
            frozenset(normalise(word) for word in cues["exclusive"]))


def _exclusive_removed(clause: str) -> str:
    """"businesses only", "alleen particulieren": an exclusive word next to a market word says that market
    and nothing else, not a small share; it is taken out before the small-share check (answers.yml
    `market.exclusive`)."""
    market_words, exclusive = _market_words()
    words = clause.split()
    kept = [word for index, word in enumerate(words)
            if not (normalise(word) in exclusive and any(
                0 <= near < len(words) and normalise(words[near]) in market_words for near in (index - 1, index + 1)))]
    return " ".join(kept)


def market_of(text: str, weak: bool = False) -> Optional[str]:
    """b2c / b2b / both from the text; weak cues ("gezinnen", "allebei") only when `weak` (the answer to
    the market question). A market mentioned as a small share ("zakelijk is maar 10 procent") is left out."""
    cues = answers()["market"]
    strength = ("strong", "weak") if weak else ("strong",)
    if any(_cues(text, cues["both"][s]) for s in strength):
        return "both"
    if find_words(text, cues["both_constructions"]) and all(
            _cues(text, cues[market]["strong"] + cues[market]["weak"]) for market in ("b2c", "b2b")):
        return "both"  # "zowel aan particulieren als in opdracht van werkgevers"
    found = set()
    for clause in _clauses(text):
        if has_any(clause, cues["past"]) or has_any(_exclusive_removed(_without(clause, cues["not_minor"])),
                                                   cues["minor_share"]):
            continue
        found |= {market for market in ("b2c", "b2b") for s in strength if _cues(clause, cues[market][s])}
    if found == {"b2c", "b2b"}:
        if weak:
            return "both"
        strong = {market for market in ("b2c", "b2b") if _cues(text, cues[market]["strong"])}
        return strong.pop() if len(strong) == 1 else "both"
    if found and not weak:
        # in passing a market counts only when nothing hints at the other one ("particulieren en VvE's"
        # leaves the question open, so the owner can say "allebei")
        other = {"b2c": "b2b", "b2b": "b2c"}[next(iter(found))]
        if _cues(text, cues[other]["weak"]):
            return None
    return found.pop() if found else None


def goal_scores(text: str) -> List[Tuple[str, int]]:
    """(goal, score) for every goal the text has cues for, best first."""
    cfg = answers()["goal"]
    scores = []
    for goal in GOALS:
        score = 2 * len(find_words(text, cfg[goal]["strong"])) + len(find_words(text, cfg[goal]["weak"]))
        if score:
            scores.append((goal, score))
    return sorted(scores, key=lambda item: (-item[1], GOALS.index(item[0])))


def goal_of(text: str, weak: bool = False) -> Optional[str]:
    """The goal the text names. Outside the goal question only a strong cue after a goal word ("ons doel
    is meer reviews"); as its answer the best-scoring goal, or None when two goals tie."""
    cfg = answers()["goal"]
    if not weak:
        if not find_words(text, cfg["cue_words"]):
            return None
        strong = [(goal, len(find_words(text, cfg[goal]["strong"]))) for goal in GOALS]
        strong = [(goal, n) for goal, n in strong if n]
        return max(strong, key=lambda item: item[1])[0] if len(strong) == 1 else None
    scores = goal_scores(text)
    if not scores:
        return None
    tied = [goal for goal, score in scores if score == scores[0][1]]
    if len(tied) == 1:
        return tied[0]
    # owners put their main goal first: "Meer verkopen. De aanvragen moeten vaker klant worden."
    first = {goal: _first_cue(text, cfg[goal]) for goal in tied}
    ranked = sorted(tied, key=lambda goal: first[goal])
    return ranked[0] if first[ranked[0]] < first[ranked[1]] else None


def _first_cue(text: str, cues: dict) -> Tuple[int, int]:
    """Where the goal's first cue stands: strong cues before weak ones at the same place."""
    found = [(match.start(), 0) for match in find_words(text, cues["strong"])]
    found += [(match.start(), 1) for match in find_words(text, cues["weak"])]
    return min(found) if found else (len(text) + 1, 2)


def goal_candidates(text: str) -> List[str]:
    """The goals the text leans towards, nearest first (for the buttons of a re-ask)."""
    return [goal for goal, _ in goal_scores(text)]
