"""Involvement: is this a low- or high-involvement purchase, bought on reason (think) or feeling (feel)?

Every factor (price, purchase frequency, decision time, market, offering, choosing a provider, a straight
rebuy) adds points from knowledge/involvement.yml and a reason in words; the total against the threshold
decides the level. Reasons that point the other way are said as a counterweight, never as support.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Dict, List, Optional, Tuple

from bot import knowledge
from bot.parse import prices, timing
from bot.parse.phrases import alternation, find_words, number_at, number_regex
from bot.profile import Profile

QUOTE_LENGTH = 60  # an answer this short is quoted whole in a reason; a longer one by the words read
Factor = Optional[Tuple[int, str]]


@dataclass(frozen=True)
class Involvement:
    level: str                      # low | high
    mode: str                       # think | feel
    score: int
    reasons: List[str] = field(default_factory=list)       # why this level, one line per factor
    mode_reasons: List[str] = field(default_factory=list)  # why think or feel
    rebuy: bool = False             # a straight rebuy of supplies (involvement.yml `straight_rebuy`)

    def as_contract(self) -> dict:
        """The involvement block of the journey payload: {level, mode, reasons}."""
        return {"level": self.level, "mode": self.mode, "reasons": self.reasons + self.mode_reasons}


def _package_count(profile: Profile, units: List[str]) -> Optional[float]:
    """"een traject van dertig lessen": how many lessons or sessions make up what customers buy."""
    unit = alternation(units)
    pattern = re.compile(rf"(?P<n>{number_regex().pattern})\s+(?:{unit})(?![\w])", re.IGNORECASE)
    for said in (profile.purchase_frequency, profile.price, profile.offering):
        for match in pattern.finditer(said or ""):
            inner = number_regex().search(match.group("n"))
            number = number_at(inner) if inner else None
            if number and number.value >= 2:
                return number.value
    return None


def _weighed_price(profile: Profile, rules: dict, language: str) -> Optional[Tuple[float, str, Optional[str]]]:
    """What customers weigh: (amount, the price as shown, the reason template for a package or a
    subscription), or None when no purchase price is known."""
    price = prices.interpret(profile.price)
    if price is None or find_words(profile.price or "", rules["not_a_purchase_price"]):
        return None
    if price.amount is None:  # "goedkoop" / "duur"
        return (10.0 if price.qualitative == "low" else 2000.0), profile.price or "", None
    amount, shown, template = price.yearly_amount, price.display(language), None
    count = _package_count(profile, rules["price_value"]["package_units"]) if price.period == "unit" else None
    if count:
        amount, template = price.amount * count, "reason_package"
    elif price.period == "month":
        template = "reason_yearly"
    return amount, shown, template


def _price_factor(profile: Profile, rules: dict, language: str, weighed) -> Factor:
    """`weighed`: what _weighed_price found (parsed once per assessment)."""
    if weighed is None:
        return None
    price = prices.interpret(profile.price)
    valuing = rules["price_value"]
    amount, shown, template = weighed
    for bracket in rules["price"]["brackets"]:
        if bracket["below"] is None or amount < bracket["below"]:
            if template:
                total = prices.Price(amount=amount, span=price.span if price.amount is not None else "").display(language)
                count = _package_count(profile, valuing["package_units"])
                return bracket["points"], knowledge.text(valuing[template], language).format(
                    price=shown, total=total, count=int(count) if count else "")
            return bracket["points"], knowledge.text(bracket["reason"], language).format(price=shown)
    return None


def _quote(said: str, found: timing.Reading) -> str:
    return said if len(said) <= QUOTE_LENGTH else found.words


def _category_factor(said: Optional[str], found: Optional[timing.Reading], table: dict, placeholder: str,
                     language: str) -> Factor:
    if not said or not found:
        return None
    rule = table[found.category]
    return rule["points"], knowledge.text(rule["reason"], language).format(**{placeholder: _quote(said, found)})


def straight_rebuy(profile: Profile) -> bool:
    """Repeat orders of supplies: routine, B2B or not (involvement.yml `straight_rebuy`)."""
    rule = knowledge.load("involvement")["straight_rebuy"]
    found = timing.frequency(profile.purchase_frequency, loose=True)
    if not found or found.category not in rule["frequencies"]:
        return False
    deciding = timing.decision_time(profile.decision_time, loose=True)
    if deciding and deciding.category in rule["not_when_deciding"]:
        return False  # customers who think for weeks are choosing a supplier, not reordering
    text = profile.said("offering", "business_name")
    said = profile.said("offering", "business_name", "price", "purchase_frequency")
    if find_words(said, rule["not_cues"]):
        return False
    price = prices.interpret(profile.price)
    cheap = price is not None and price.amount is not None and price.period == "once" \
        and price.amount < rule["max_price"]
    return bool(find_words(text, rule["cues"]) or (cheap and profile.market in rule["markets_by_price"]))


def _rebuy_factor(profile: Profile, rules: dict, language: str) -> Factor:
    if not straight_rebuy(profile):
        return None
    found = timing.frequency(profile.purchase_frequency, loose=True)
    return rules["straight_rebuy"]["points"], knowledge.text(rules["straight_rebuy"]["reason"], language).format(
        frequency=_quote(profile.purchase_frequency or "", found))


def _cue_factor(profile: Profile, rule: dict, language: str) -> Factor:
    text = profile.said("offering", "business_name")
    matches = find_words(text, rule["cues"])
    if not matches:
        return None
    return rule["points"], knowledge.text(rule["reason"], language).format(cue=matches[0].group(0).lower())


def _offering_factor(profile: Profile, rules: dict, language: str) -> Factor:
    for kind in ("high", "low"):
        found = _cue_factor(profile, rules["offering"][kind], language)
        if found:
            return found
    return None


def _market_factor(profile: Profile, rules: dict, language: str, small: Optional[str],
                   no_committee: Optional[str] = None) -> Factor:
    """Business customers decide with several people, except about small amounts (`small`: the price
    shown), when the customers are self-employed, and about less than `committee_below` a year decided
    within days (`no_committee`: the price shown) (involvement.yml `small_stakes`)."""
    rule = rules["market"].get(profile.market or "")
    if rule is None:
        return None
    stakes = rules["small_stakes"]
    if small is not None:
        return 0, knowledge.text(stakes["market_reason"], language).format(price=small)
    if find_words(profile.said("audience", "offering"), stakes["solo_customers"]):
        return 0, knowledge.text(stakes["solo_reason"], language)
    if no_committee is not None:
        return 0, knowledge.text(stakes["market_reason"], language).format(price=no_committee)
    return rule["points"], knowledge.text(rule["reason"], language)


def _small_stakes(rules: dict, weighed) -> Optional[str]:
    """The price as shown when what customers weigh is a small amount (below `small_stakes.below`)."""
    if weighed is None or weighed[0] >= rules["small_stakes"]["below"]:
        return None
    return weighed[1]


def _no_committee(profile: Profile, rules: dict, weighed) -> Optional[str]:
    """The price as shown when business customers pay a subscription of less than
    `small_stakes.committee_below` a year and decide within days: no buying committee for that."""
    stakes = rules["small_stakes"]
    if weighed is None or weighed[2] != "reason_yearly" or weighed[0] >= stakes["committee_below"]:
        return None  # only a subscription: one repair of € 250–600 may still be a company's decision
    deciding = timing.decision_time(profile.decision_time, loose=True)
    return None if deciding is None or deciding.category in stakes["not_when_deciding"] else weighed[1]


def _frequency_factor(profile: Profile, rules: dict, language: str, small: Optional[str]) -> Factor:
    """How often customers buy; buying rarely makes a purchase weighty only when a mistake costs
    something: a yearly boat trip or a one-off escape room for € 100 is no big decision."""
    found = timing.frequency(profile.purchase_frequency, loose=True)
    factor = _category_factor(profile.purchase_frequency, found, rules["frequency"], "frequency", language)
    renewal = rules["renewal"]
    if factor is not None and found.category in renewal["frequencies"] \
            and find_words(profile.said("purchase_frequency", "offering", "price"), renewal["cues"]):
        return 0, knowledge.text(renewal["reason"], language).format(
            frequency=_quote(profile.purchase_frequency or "", found))
    stakes = rules["small_stakes"]
    if factor is None or small is None or found.category not in stakes["frequencies"] or factor[0] <= 0:
        return factor
    deciding = timing.decision_time(profile.decision_time, loose=True)
    if deciding and deciding.category in stakes["not_when_deciding"]:
        return factor  # weeks of thought for a memory bear: small money, but no small decision
    return 0, knowledge.text(stakes["reason"], language).format(
        frequency=_quote(profile.purchase_frequency or "", found), price=small)


def mode_of(profile: Profile, business_type: Optional[str], language: str) -> Tuple[str, List[str]]:
    """think or feel, with why: the first cue in what the business sells (offering, name), else the
    business type's default. The audience is not read: its product words say what customers do ("mensen
    die hun eigen kleding maken" for a sewing-machine shop), not what they buy here (review round 7)."""
    mode_rules = knowledge.load("involvement")["mode"]
    if profile.market == "b2b":
        return "think", [knowledge.text(mode_rules["b2b_reason"], language)]
    text = profile.said("offering", "business_name")
    first: Optional[Tuple[int, str, str]] = None
    for mode in ("feel", "think"):
        matches = find_words(text, mode_rules[mode]["cues"])
        if matches and (first is None or matches[0].start() < first[0]):
            first = (matches[0].start(), mode, matches[0].group(0))
    if first is not None:
        _, mode, cue = first
        return mode, [knowledge.text(mode_rules[mode]["reason"], language).format(cue=cue)]
    by_type = mode_rules["type_defaults"].get(business_type or "")
    if by_type:
        return by_type["mode"], [knowledge.text(by_type["reason"], language)]
    return mode_rules["default"], [knowledge.text(mode_rules["default_reason"], language)]


def _said_for(level: str, known: List[Tuple[int, str]], language: str) -> List[str]:
    """Supporting reasons first, then neutral ones, then the counterweights, said as such."""
    sign = 1 if level == "high" else -1
    supporting = [reason for points, reason in known if points * sign > 0]
    neutral = [reason for points, reason in known if points == 0]
    against = [reason for points, reason in known if points * sign < 0]
    said = supporting + neutral
    for reason in against:
        lowered = reason[:1].lower() + reason[1:] if reason[1:2].islower() else reason
        said.append(knowledge.message("counterweight", language, reason=lowered))
    if against:
        said.append(knowledge.message(f"involvement_balance_{level}", language))
    return said


def assess(profile: Profile, business_type: Optional[str] = None) -> Involvement:
    """The involvement of this profile's purchase, with the reasons in the profile's language."""
    rules = knowledge.load("involvement")
    language = profile.language
    rebuy = _rebuy_factor(profile, rules, language)
    replaced = set(rules["straight_rebuy"]["replaces"]) if rebuy else set()
    weighed = _weighed_price(profile, rules, language)
    small = _small_stakes(rules, weighed)
    factors: Dict[str, Factor] = {
        "price": _price_factor(profile, rules, language, weighed),
        "frequency": _frequency_factor(profile, rules, language, small),
        "decision_time": _category_factor(profile.decision_time,
                                          timing.decision_time(profile.decision_time, loose=True),
                                          rules["decision_time"], "decision_time", language),
        "market": _market_factor(profile, rules, language, small, _no_committee(profile, rules, weighed)),
        "offering": _offering_factor(profile, rules, language),
        "provider_choice": _cue_factor(profile, rules["provider_choice"], language),
        "straight_rebuy": rebuy,
    }
    known = [factor for name, factor in factors.items() if factor is not None and name not in replaced]
    score = sum(points for points, _ in known)
    level = ("high" if score >= rules["threshold"] else "low") if known else rules["default_level"]
    reasons = _said_for(level, known, language) or [knowledge.message("involvement_unknown", language)]
    mode, mode_reasons = mode_of(profile, business_type, language)
    return Involvement(level=level, mode=mode, score=score, reasons=reasons, mode_reasons=mode_reasons,
                       rebuy=rebuy is not None)
