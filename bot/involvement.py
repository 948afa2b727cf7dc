"""Involvement: is this a low- or high-involvement purchase, bought on reason (think) or feeling (feel)?

Every factor (price, purchase frequency, decision time, market, offering) adds points from
knowledge/involvement.yml and a reason in words; the total against the threshold decides the level.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import List, Optional, Tuple

from bot import knowledge, parse
from bot.profile import Profile


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
    price = parse.interpret_price(profile.price)
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


def _category_factor(said: Optional[str], found, table: dict, placeholder: str, language: str):
    if not said or not found:
        return None
    rule = table[found[0]]
    return rule["points"], knowledge.text(rule["reason"], language).format(**{placeholder: found[1]})


def _offering_factor(profile: Profile, rules: dict, language: str) -> Optional[Tuple[int, str]]:
    text = " ".join(filter(None, [profile.offering, profile.business_name]))
    for kind in ("high", "low"):
        rule = rules["offering"][kind]
        matches = parse.find_words(text, rule["cues"])
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
        matches = parse.find_words(text, mode_rules[mode]["cues"])
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
    factors = [
        _price_factor(profile, rules, language),
        _category_factor(profile.purchase_frequency, parse.frequency_category(profile.purchase_frequency),
                         rules["frequency"], "frequency", language),
        _category_factor(profile.decision_time, parse.decision_category(profile.decision_time),
                         rules["decision_time"], "decision_time", language),
        _market_factor(profile, rules, language),
        _offering_factor(profile, rules, language),
    ]
    known = [factor for factor in factors if factor is not None]
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
