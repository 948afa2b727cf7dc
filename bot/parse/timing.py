"""How often customers buy, and how long they think before buying.

Both are read as a number of days and then put in a category (answers.yml `timing`): "elke twee tot drie
weken" is every 17.5 days, so monthly; "eens in de drie à vier jaar" is rarely; "geen lang traject" is
short. `loose=True` reads the message as the answer to its own question, which also accepts bare
durations ("25 30 jaar"), "per week", packages ("een traject van dertig lessen": bought once) and
qualitative words ("kort", "niet lang").
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Dict, List, Optional, Tuple

from bot.parse import prices
from bot.parse.phrases import alternation, answers, clean_text, find_words, number_at, number_regex, words_regex


@dataclass(frozen=True)
class Reading:
    """What an answer says: the category id, the words it was read from (quoted back), and the days."""

    category: str
    words: str
    days: Optional[float] = None


def _cfg() -> dict:
    return answers()["timing"]


@functools.lru_cache(maxsize=None)
def _unit_days() -> Dict[str, float]:
    return {word.lower(): unit["days"] for unit in _cfg()["units"].values() for word in unit["words"]}


@functools.lru_cache(maxsize=None)
def _regexes() -> Dict[str, re.Pattern]:
    cfg = _cfg()
    unit = alternation(_unit_days())
    num = number_regex().pattern.replace("(?P<a>", "(?:").replace("(?P<b>", "(?:").replace("(?P<c>", "(?:")
    freq = cfg["frequency"]
    every = alternation(freq["every"])
    times = alternation(freq["times"])
    per = alternation(freq["per"])
    multiples = alternation(freq["multiples"])
    day_names = alternation(freq["day_names"])
    flags = re.IGNORECASE
    return {
        # "2 keer per week", "twice a month", "3x per jaar"
        "times_per": re.compile(rf"(?<![\w])(?:(?P<n>{num})\s*(?:{times})|(?P<m>{multiples}))\s+(?:{per})\s+"
                                rf"(?P<unit>{unit})(?![\w])", flags),
        # "elke twee tot drie weken", "eens in de 15 à 20 jaar", "once every 5 years", "every month"
        "every": re.compile(rf"(?<![\w])(?:{every})\s+(?:(?P<n>{num})\s+)?(?P<unit>{unit})(?![\w])", flags),
        "every_day_name": re.compile(rf"(?<![\w])(?:{every})\s+(?P<name>{day_names})(?![\w])", flags),
        # "contracten van drie jaar", "a three-year contract"
        "contract": re.compile(rf"(?<![\w])(?:{alternation(freq['contract_words'])})\s+(?:van|of|voor|for)\s+"
                               rf"(?P<n>{num})\s+(?P<unit>{unit})(?![\w])|(?<![\w])(?P<n2>{num})[- ](?P<unit2>{unit})"
                               rf"\s+(?:{alternation(freq['contract_words'])})(?![\w])", flags),
        "per_unit": re.compile(rf"(?<![\w])(?:per|a|an|every|elke|iedere)\s+(?P<unit>{unit})(?![\w])", flags),
        # durations: "een paar weken", "2 à 3 maanden", "ne maand of zes", "binnen een dag"
        "duration": re.compile(rf"(?<![\w])(?:(?P<n>{num})\s*[- ]?\s*)?(?P<unit>{unit})(?:\s+of\s+(?P<after>{num}))?"
                               rf"(?![\w])", flags),
    }


def _number(raw: Optional[str]) -> Optional[float]:
    if not raw:
        return None
    match = number_regex().fullmatch(raw.strip())
    number = number_at(match) if match else None
    return number.value if number else None


def _category(days: float, thresholds: List[dict]) -> str:
    for entry in thresholds:
        if entry["up_to_days"] is None or days <= entry["up_to_days"]:
            return entry["id"]
    return thresholds[-1]["id"]


# --- purchase frequency ---------------------------------------------------------------------------------

def frequency(text: Optional[str], loose: bool = False) -> Optional[Reading]:
    """How often customers buy. Strong readings ("elke week", "2 keer per maand", "eenmalig") anywhere;
    with `loose` also the answers that only make sense to the frequency question."""
    text = prices.blank_prices(clean_text(text))
    if not text:
        return None
    cfg = _cfg()["frequency"]
    thresholds = cfg["categories"]
    units = _unit_days()
    found: List[Tuple[int, Reading]] = []  # (position, reading); the earliest wins
    regexes = _regexes()
    for match in regexes["times_per"].finditer(text):
        count = _number(match.group("n")) if match.group("n") else cfg["multiples"][match.group("m").lower()]
        if count:
            days = units[match.group("unit").lower()] / count
            found.append((match.start(), Reading(_category(days, thresholds), match.group(0), days)))
    for match in regexes["every"].finditer(text):
        days = units[match.group("unit").lower()] * (_number(match.group("n")) or 1)
        found.append((match.start(), Reading(_category(days, thresholds), match.group(0), days)))
    for match in regexes["every_day_name"].finditer(text):
        days = cfg["day_names"][match.group("name").lower()]
        found.append((match.start(), Reading(_category(days, thresholds), match.group(0), days)))
    for match in find_words(text, cfg["adverbs"]):
        days = cfg["adverbs"][match.group(0).lower()]
        found.append((match.start(), Reading(_category(days, thresholds), match.group(0), days)))
    for category in ("once", "rarely"):
        for match in find_words(text, cfg[f"{category}_words"]):
            found.append((match.start(), Reading(category, match.group(0))))
    if found:
        return min(found, key=lambda item: item[0])[1]
    if not loose:
        return None
    for match in find_words(text, cfg["once_words_loose"]):
        return Reading("once", match.group(0))
    contract = regexes["contract"].search(text)
    if contract:
        raw_n, unit = (contract.group("n"), contract.group("unit")) if contract.group("unit") \
            else (contract.group("n2"), contract.group("unit2"))
        days = units[unit.lower()] * (_number(raw_n) or 1)
        return Reading(_category(days, thresholds), contract.group(0), days)
    package = find_words(text, cfg["package_words"])
    if package:
        return Reading("once", package[0].group(0))
    per_unit = regexes["per_unit"].search(text)
    if per_unit:
        days = units[per_unit.group("unit").lower()]
        return Reading(_category(days, thresholds), per_unit.group(0), days)
    for match in regexes["duration"].finditer(text):
        if match.group("n") or match.group("after"):
            days = units[match.group("unit").lower()] * (_number(match.group("after") or match.group("n")) or 1)
            return Reading(_category(days, thresholds), match.group(0), days)
    return None


# --- decision time ----------------------------------------------------------------------------------------

def decision_time(text: Optional[str], loose: bool = False) -> Optional[Reading]:
    """How long customers think before buying. Outside its own question (loose=False) a duration only
    counts next to a decision word ("ze denken er een paar weken over na"), since "we bestaan 3 jaar"
    says nothing about deciding."""
    text = prices.blank_prices(clean_text(text))
    if not text:
        return None
    cfg = _cfg()["decision_time"]
    if not loose and not find_words(text, cfg["cue_words"]):
        return None
    thresholds = cfg["categories"]
    units = _unit_days()
    found: List[Tuple[int, int, Reading]] = []  # (rank, position, reading): best rank, then earliest
    cue = words_regex(tuple(cfg["cue_words"]))
    for match in _regexes()["duration"].finditer(text):
        raw_n = match.group("after") or match.group("n")
        days = units[match.group("unit").lower()] * (_number(raw_n) or _plural_default(match.group("unit")))
        rank = 1 if raw_n else 3
        if cue.search(text[max(0, match.start() - 25):match.start()]):
            rank -= 0.5  # "dat duurt weken": a duration right after a decision word is the answer
        found.append((rank, match.start(), Reading(_category(days, thresholds), match.group(0), days)))
    for key, category, rank in (("instant_words", "instant", 1), ("same_day_words", "hours", 1)):
        for match in find_words(text, cfg[key]):
            found.append((rank, match.start(), Reading(category, match.group(0))))
    if loose:
        for key, rank in (("short", 2), ("long", 3), ("very_long", 2)):
            for match in find_words(text, cfg[key]["words"]):
                found.append((rank, match.start(), Reading(cfg[key]["category"], match.group(0))))
        negated = re.compile(rf"(?<![\w])(?:{alternation(cfg['negations'])})\s+(?:(?:{alternation(cfg['intensifiers'])})\s+)?"
                             rf"(?:{alternation(cfg['long']['words'])})(?![\w])", re.IGNORECASE)
        for match in negated.finditer(text):
            found.append((1, match.start(), Reading(cfg["short"]["category"], match.group(0))))
    if not found:
        return None
    return min(found, key=lambda item: (item[0], item[1]))[2]


def _plural_default(unit: str) -> float:
    """"weken" without a number is a few weeks; "week" is one."""
    plural = {word.lower() for entry in _cfg()["units"].values() for word in entry.get("plural", [])}
    return _cfg()["few"] if unit.lower() in plural else 1
