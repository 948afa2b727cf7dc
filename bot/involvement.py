"""Involvement: is this a low- or high-involvement purchase, bought on reason (think) or feeling (feel)?

Every factor (price, purchase frequency, decision time, market, offering) adds points from
knowledge/involvement.yml and a reason in words; the total against the threshold decides the level.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import List, Optional, Tuple

from bot import knowledge
from bot.parse import prices, timing
from bot.parse.phrases import find_words
from bot.profile import Profile

QUOTE_LENGTH = 60  # an answer this short is quoted whole in a reason; a longer one by the words read


@dataclass(frozen=True)
class Involvement:
    level: str                      # low | high
    mode: str                       # think | feel
    score: int
    reasons: List[str] = field(default_factory=list)       # why this level, one line per factor
    mode_reasons: List[str] = field(default_factory=list)  # why think or feel

    def as_contract(self) -> dict:
        """The involvement block of the journey payload: {level, mode, reasons}."""
        return {"level": self.level, "mode": self.mode, "reasons": self.reasons + self.mode_reasons}


def _price_factor(profile: Profile, rules: dict, language: str) -> Optional[Tuple[int, str]]:
    price = prices.interpret(profile.price)
    if price is None:
        return None
    amount = price.yearly_amount
    if amount is None:  # "goedkoop" / "duur"
        amount = 10.0 if price.qualitative == "low" else 2000.0
        shown = profile.price
    else:
        shown = price.display(language)
    for bracket in rules["price"]["brackets"]:
        if bracket["below"] is None or amount < bracket["below"]:
            return bracket["points"], knowledge.text(bracket["reason"], language).format(price=shown)
    return None


def _quote(said: str, found: timing.Reading) -> str:
    return said if len(said) <= QUOTE_LENGTH else found.words


def _category_factor(said: Optional[str], found: Optional[timing.Reading], table: dict, placeholder: str,
                     language: str) -> Optional[Tuple[int, str]]:
    if not said or not found:
        return None
    rule = table[found.category]
    return rule["points"], knowledge.text(rule["reason"], language).format(**{placeholder: _quote(said, found)})


def _straight_rebuy(profile: Profile, rules: dict, language: str) -> Optional[Tuple[int, str]]:
    """Repeat orders of supplies: routine, B2B or not (involvement.yml `straight_rebuy`)."""
    rule = rules["straight_rebuy"]
    found = timing.frequency(profile.purchase_frequency, loose=True)
    if not found or found.category not in rule["frequencies"]:
        return None
    text = " ".join(filter(None, [profile.offering, profile.business_name]))
    said = " ".join(filter(None, [text, profile.price, profile.purchase_frequency]))
    if find_words(said, rule["not_cues"]):
        return None
    price = prices.interpret(profile.price)
    cheap = price is not None and price.amount is not None and price.period == "once" \
        and price.amount < rule["max_price"]
    if not (find_words(text, rule["cues"]) or (cheap and profile.market in rule["markets_by_price"])):
        return None
    return rule["points"], knowledge.text(rule["reason"], language).format(
        frequency=_quote(profile.purchase_frequency or "", found))


def _offering_factor(profile: Profile, rules: dict, language: str) -> Optional[Tuple[int, str]]:
    text = " ".join(filter(None, [profile.offering, profile.business_name]))
    for kind in ("high", "low"):
        rule = rules["offering"][kind]
        matches = find_words(text, rule["cues"])
        if matches:
            return rule["points"], knowledge.text(rule["reason"], language).format(cue=matches[0].group(0))
    return None


def _mode(profile: Profile, rules: dict, language: str) -> Tuple[str, List[str]]:
    mode_rules = rules["mode"]
    if profile.market == "b2b":
        return "think", [knowledge.text(mode_rules["b2b_reason"], language)]
    text = " ".join(filter(None, [profile.offering, profile.business_name, profile.audience]))
    first: Optional[Tuple[int, str, str]] = None
    for mode in ("feel", "think"):
        matches = find_words(text, mode_rules[mode]["cues"])
        if matches and (first is None or matches[0].start() < first[0]):
            first = (matches[0].start(), mode, matches[0].group(0))
    if first is None:
        return mode_rules["default"], [knowledge.text(mode_rules["default_reason"], language)]
    _, mode, cue = first
    return mode, [knowledge.text(mode_rules[mode]["reason"], language).format(cue=cue)]


def assess(profile: Profile) -> Involvement:
    """The involvement of this profile's purchase, with the reasons in the profile's language."""
    rules = knowledge.load("involvement")
    language = profile.language
    rebuy = _straight_rebuy(profile, rules, language)
    replaced = set(rules["straight_rebuy"]["replaces"]) if rebuy else set()
    factors = {
        "price": _price_factor(profile, rules, language),
        "frequency": _category_factor(profile.purchase_frequency,
                                      timing.frequency(profile.purchase_frequency, loose=True),
                                      rules["frequency"], "frequency", language),
        "decision_time": _category_factor(profile.decision_time,
                                          timing.decision_time(profile.decision_time, loose=True),
                                          rules["decision_time"], "decision_time", language),
        "market": _market_factor(profile, rules, language),
        "offering": _offering_factor(profile, rules, language),
        "straight_rebuy": rebuy,
    }
    known = [factor for name, factor in factors.items() if factor is not None and name not in replaced]
    score = sum(points for points, _ in known)
    if known:
        level = "high" if score >= rules["threshold"] else "low"
    else:
        level = rules["default_level"]
    reasons = [reason for _, reason in known]
    if not reasons:
        reasons = [knowledge.message("involvement_unknown", language)]
    mode, mode_reasons = _mode(profile, rules, language)
    return Involvement(level=level, mode=mode, score=score, reasons=reasons, mode_reasons=mode_reasons)


def _market_factor(profile: Profile, rules: dict, language: str) -> Optional[Tuple[int, str]]:
    rule = rules["market"].get(profile.market or "")
    if rule is None:
        return None
    return rule["points"], knowledge.text(rule["reason"], language)
