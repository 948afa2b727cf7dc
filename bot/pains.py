"""The owner's pain points: split into items, matched to the pain rules (knowledge/pain_points.yml), and
the follow-up question for an item no rule covers ("Lijkt het op een van deze?").

An item no rule covers gets one follow-up in the interview: the problems owners of this kind of business
name most (pain_points.yml `follow_up`), nearest first. The owner's pick (`pain_kind`: the item and the
rule) makes the journey answer that item as if the rule had matched it.
"""
from __future__ import annotations

import difflib
import functools
import re
from dataclasses import dataclass, field
from typing import Any, Dict, List, Mapping, Optional, Sequence, Tuple

from bot import knowledge
from bot.parse import reading
from bot.parse.phrases import alternation, clean_text, find_words, has_letters, normalise

OTHER = "other"   # the owner's answer "iets anders": none of the offered problems
MEANINGFUL = 5    # words this long count when the menu puts the problems nearest the owner's words first


@dataclass
class Pain:
    """One of the owner's pain points: where it lands and what answers it."""

    text: str
    phase: str
    rules: List[str] = field(default_factory=list)   # every rule that matched, the one that placed it first
    tactics: List[str] = field(default_factory=list)
    checks: List[str] = field(default_factory=list)

    @property
    def rule(self) -> Optional[str]:
        """The rule that placed it; None: no rule covers it (no specific advice yet)."""
        return self.rules[0] if self.rules else None


def split_pain_points(said: str | None) -> List[str]:
    """The owner's pain points as separate items: sentences, parts after ';' or a new line, and a comma
    clause that starts with a new subject ("..., en mijn prijzen staan niet op de site"); a clause that
    goes on about the same problem ("..., dan valt de omzet weg") stays with it. [] for "geen",
    "weet ik niet" and the like."""
    said = clean_text(said)
    rules = knowledge.load("pain_points")
    if not said or _non_pain(said, rules):
        return []
    subject = re.compile(rf"^(?:(?:en|and|maar|but|ook|also)\s+)?(?:{alternation(rules['new_subjects'])})\b", re.I)
    items: List[str] = []
    for sentence in re.split(r"\s*(?:[;\n!?]|\.(?:\s|$))\s*", said):
        parts = [part.strip() for part in re.split(r"(?<!\d),|,(?!\d)", sentence)]  # "8,5 mm" is one number
        current = parts[0]
        for part in parts[1:]:
            if subject.match(part) and len(part.split()) >= 4 and len(current.split()) >= 4:
                items.append(current)
                current = part
            else:
                current = f"{current}, {part}"
        items.append(current)
    items = [re.sub(r"^(?:en|and|maar|but)\s+", "", item.strip(" ."), flags=re.I) for item in items]
    return [item for item in items if has_letters(item, 3) and not _non_pain(item, rules)]


@functools.lru_cache(maxsize=None)
def _non_pain_matchers() -> Tuple[re.Pattern, frozenset]:
    """("nothing major ..." at the start of a short item, the whole-answer non-pains), built once."""
    rules = knowledge.load("pain_points")
    start = re.compile(rf"^(?:(?:{alternation(rules['non_pain_fillers'])})[\s,]+)*"
                       rf"(?:{alternation(rules['non_pain_phrases'])})\b", re.I)
    return start, frozenset(normalise(word) for word in rules["non_pains"])


def _non_pain(text: str, rules: dict) -> bool:
    start, whole = _non_pain_matchers()
    if len(text.split()) <= rules["non_pain_max_words"] and start.match(text.strip()):
        return True  # "niet zo veel eigenlijk", "nothing major to be honest, we're doing fine"
    return reading.is_none_answer(text) or normalise(text) in whole


def _matching(item: str) -> List[dict]:
    """The pain rules whose cues the item has, minus the ones a matched rule overrides."""
    rules = knowledge.load("pain_points")["rules"]
    matched = [rule for rule in rules if _has_cue(item, rule)]
    overridden = {rule_id for rule in matched for rule_id in rule.get("overrides", [])}
    return [rule for rule in matched if rule["id"] not in overridden]


def _has_cue(item: str, rule: dict) -> bool:
    """A cue says the problem ("zeggen niet af"); a topic cue names only what it is about ("dinsdag",
    "ziekenhuis", "maten") and counts only with one of the rule's `needs` words ("leeg", "sturen door",
    "verkeerde"): "op dinsdag is het leeg" is a quiet day, "ze mailen op donderdag voor zaterdag" is not."""
    if find_words(item, rule["cues"]):
        return True
    return bool(rule.get("topic_cues") and find_words(item, rule["topic_cues"]) and find_words(item, rule["needs"]))


def _rule(rule_id: str) -> Optional[dict]:
    return next((rule for rule in knowledge.load("pain_points")["rules"] if rule["id"] == rule_id), None)


def match_pains(items: Sequence[str], chosen: Optional[Mapping[str, Any]] = None) -> List[Pain]:
    """Each item matched to every pain rule whose cues it has (the first decides the stage); an item no
    rule covers takes the rule the owner picked for it in the follow-up (`chosen`: {"pain", "rule"}),
    else it is placed by the phase cue words."""
    rules = knowledge.load("pain_points")
    pains = []
    for item in items:
        matched = _matching(item)
        picked = _rule(chosen.get("rule") or "") if chosen and normalise(chosen.get("pain")) == normalise(item) else None
        if not matched and picked:
            matched = [picked]
        if matched:
            pains.append(Pain(item, matched[0]["phase"], [rule["id"] for rule in matched],
                              list(dict.fromkeys(t for rule in matched for t in rule.get("tactics", []))),
                              list(dict.fromkeys(c for rule in matched for c in rule.get("checks", [])))))
            continue
        phase = next((phase for phase, cues in rules["phase_cues"].items() if find_words(item, cues)),
                     rules["default_phase"])
        pains.append(Pain(item, phase))
    return pains


# --- the follow-up for a pain no rule covers --------------------------------------------------------------

def unanswered(said: Optional[str]) -> Optional[str]:
    """The first pain item no rule covers (the one the follow-up asks about), or None."""
    return next((item for item in split_pain_points(said) if not _matching(item)), None)


def menu(item: str, business_type: Optional[str], language: str) -> List[Dict[str, str]]:
    """The problems to offer for `item`: this kind of business's common ones (pain_points.yml
    `follow_up.menus`), nearest to the owner's words first, and in the last place the nearest of the
    other labelled problems when the owner's words come close to one; then "iets anders"."""
    cfg = knowledge.load("pain_points")["follow_up"]
    common = cfg["menus"].get(business_type or "", cfg["menus"]["default"])
    ignore = {normalise(word) for word in cfg["ignore_words"]}
    said = [word for word in normalise(item).split() if len(word) >= MEANINGFUL and word not in ignore]

    def closeness(rule_id: str) -> float:
        label = [word for word in normalise(knowledge.text(cfg["labels"][rule_id], language)).split()
                 if len(word) >= MEANINGFUL and word not in ignore]
        near = max((difflib.SequenceMatcher(None, a, b).ratio() for a in said for b in label), default=0.0)
        return near if near >= 0.8 else 0.0

    close = {rule_id: closeness(rule_id) for rule_id in cfg["labels"]}
    ranked_common = sorted(common, key=lambda rule_id: -close[rule_id])  # stable: the menu's order on ties
    others = sorted((r for r in cfg["labels"] if r not in common and close[r]), key=lambda rule_id: -close[rule_id])
    shown = cfg["shown"]
    picked = ranked_common[:shown - 1] + (others[:1] or ranked_common[shown - 1:shown])
    buttons = [{"title": knowledge.text(cfg["labels"][rule_id], language),
                "payload": knowledge.text(cfg["labels"][rule_id], language)} for rule_id in picked]
    other = knowledge.text(cfg["other_button"], language)
    return buttons + [{"title": other, "payload": other}]


def rule_from_answer(text: str) -> Optional[str]:
    """The owner's answer to the follow-up: a label (either language), a problem in their own words that a
    rule covers, or "iets anders" (OTHER); None: not understood."""
    cfg = knowledge.load("pain_points")["follow_up"]
    said = normalise(text)
    for rule_id, label in cfg["labels"].items():
        if said in (normalise(label["nl"]), normalise(label["en"])):
            return rule_id
    if said in {normalise(word) for word in cfg["other_words"]} or reading.is_none_answer(text):
        return OTHER
    matched = _matching(text)
    return matched[0]["id"] if matched else None
