"""Turns an owner's words into slot values: prices, market, goal, frequency, decision time, and the
offering/audience/name of a rich first message. The vocabulary lives in knowledge/answers.yml.

Two modes: `extract(text)` finds what a message says outright (strong cues, anywhere in a
conversation); `extract(text, requested=slot)` also accepts the looser answers that only make sense as
the reply to that slot's question ("3", "allebei", "een paar weken"). Channels are not parsed here: the
spaCy entity ruler (bot/nlu) recognises them.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Dict, Iterable, List, Optional, Tuple

from bot import knowledge

FREE_TEXT_SLOTS = ("business_name", "offering", "audience", "pain_points")


def _answers() -> dict:
    return knowledge.load("answers")


@functools.lru_cache(maxsize=None)
def _words_regex(words: Tuple[str, ...]) -> re.Pattern:
    """Matches any of the words/phrases as whole words, longest first, case-insensitively."""
    alternatives = sorted({re.escape(word.lower()) for word in words}, key=len, reverse=True)
    return re.compile(r"(?<![\w-])(?:" + "|".join(alternatives) + r")(?![\w-])", re.IGNORECASE)


def find_words(text: str, words: Iterable[str]) -> List[re.Match]:
    """All whole-word matches of any of `words` in `text`."""
    return list(_words_regex(tuple(words)).finditer(text))


@functools.lru_cache(maxsize=None)
def _patterns_regex(patterns: Tuple[str, ...]) -> re.Pattern:
    return re.compile(r"(?<![\w-])(?:" + "|".join(f"(?:{p})" for p in patterns) + r")(?![\w-])", re.IGNORECASE)


def clean_text(text: Optional[str]) -> str:
    """Collapses whitespace and strips control characters; the text stays as the owner wrote it."""
    if not text:
        return ""
    text = "".join(ch if ch.isprintable() else " " for ch in str(text))
    return re.sub(r"\s+", " ", text).strip()


def has_letters(text: str, minimum: int = 2) -> bool:
    return sum(ch.isalpha() for ch in text) >= minimum


# --- prices ----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Price:
    """A price as understood: the amount in euro (a range gives its middle), and per what."""

    amount: Optional[float]                # None for a qualitative answer
    period: str = "once"                    # once | month | year
    low: Optional[float] = None             # the range's ends, when a range was given
    high: Optional[float] = None
    qualitative: Optional[str] = None       # low | high | free, for "goedkoop", "duur", "gratis"
    span: str = ""                          # the words it was read from

    @property
    def yearly_amount(self) -> Optional[float]:
        if self.amount is None:
            return None
        return self.amount * 12 if self.period == "month" else self.amount

    def display(self, language: str = "nl") -> str:
        """"€ 3", "€ 2.000–4.000", "€ 49 per maand": how the engine quotes a price back."""
        if self.amount is None:
            return self.span
        if self.low is not None and self.high is not None:
            core = f"€ {_format_amount(self.low, language)}–{_format_amount(self.high, language)}"
        else:
            core = f"€ {_format_amount(self.amount, language)}"
        if self.period == "month":
            return core + (" per maand" if language == "nl" else " a month")
        if self.period == "year":
            return core + (" per jaar" if language == "nl" else " a year")
        return core


def _format_amount(amount: float, language: str) -> str:
    if amount == int(amount):
        text = f"{int(amount):,}"
    else:
        text = f"{amount:,.2f}"
    if language == "nl":  # 2.000,50
        text = text.replace(",", "_").replace(".", ",").replace("_", ".")
    return text


_NUMBER = r"\d{1,3}(?:[.,]\d{3})+(?:[.,]\d{1,2})?|\d+(?:[.,]\d{1,2})?"


def _to_number(raw: str) -> float:
    """Reads Dutch and English notations: 2.000 / 2,000 / 2.000,50 / 2,50 / 2.5."""
    raw = raw.strip()
    groups = re.fullmatch(r"(\d{1,3})((?:[.,]\d{3})+)(?:([.,])(\d{1,2}))?", raw)
    if groups:
        whole = groups.group(1) + re.sub(r"[.,]", "", groups.group(2))
        decimals = groups.group(4) or "0"
        return float(f"{whole}.{decimals}")
    return float(raw.replace(",", "."))


@functools.lru_cache(maxsize=None)
def _price_regexes() -> Dict[str, re.Pattern]:
    cfg = _answers()["price"]
    currency = "|".join(sorted(cfg["currency"], key=len, reverse=True))
    words = "|".join(sorted((re.escape(w) for w in cfg["number_words"]), key=len, reverse=True))
    thousand = "|".join(re.escape(w) for w in cfg["thousand_words"])
    amount = rf"(?:(?:{_NUMBER})(?:\s?(?:{thousand})(?![\w]))?|(?<![\w])(?:{words})(?![\w]))"
    cur = rf"(?:{currency})"
    single = rf"(?:{cur}\s?{amount}(?:\s?{cur})?|{amount}\s?{cur})"
    approx = "|".join(sorted(cfg["approx"], key=len, reverse=True))
    connector = r"(?:\s?(?:-|–|tot|en|to|and)\s?)"
    per = "|".join(re.escape(w) for w in sorted(cfg["per_month"] + cfg["per_year"], key=len, reverse=True))
    period = rf"(?:\s?(?:{per}))?"
    strict = (
        rf"(?<![\w])(?:(?:{approx})\s+)?"
        rf"(?:(?:{cur}\s?)?{amount}(?:\s?{cur})?{connector}{single}|{single}|(?:(?:{approx})\s+){amount}"
        rf"(?:{connector}{amount})?)"
        rf"{period}(?![\w])"
    )
    loose = rf"(?<![\w])(?:(?:{approx})\s+)?{amount}(?:{connector}{amount})?(?:\s?{cur})?{period}(?![\w])"
    return {
        "strict": re.compile(strict, re.IGNORECASE),
        "loose": re.compile(loose, re.IGNORECASE),
        "amount": re.compile(amount, re.IGNORECASE),
        "not_unit": _words_regex(tuple(cfg["not_units"])),
    }


def _amounts_in(span: str) -> List[float]:
    cfg = _answers()["price"]
    regexes = _price_regexes()
    values = []
    for match in regexes["amount"].finditer(span):
        raw = match.group(0).lower()
        word_value = cfg["number_words"].get(raw)
        if word_value is not None:
            values.append(float(word_value))
            continue
        thousand = re.search(r"\s?(" + "|".join(re.escape(w) for w in cfg["thousand_words"]) + r")$", raw)
        number = raw[: thousand.start()] if thousand else raw
        value = _to_number(number)
        values.append(value * 1000 if thousand else value)
    return values


def find_price(text: str, loose: bool = False) -> Optional[Price]:
    """The first price in the text. Strict: needs a currency or an approximation word; loose: a bare number."""
    cfg = _answers()["price"]
    regexes = _price_regexes()
    for match in regexes["loose" if loose else "strict"].finditer(text):
        after = text[match.end():match.end() + 20]
        if regexes["not_unit"].match(after.lstrip()) and not re.search(r"[€$£]|euro", match.group(0), re.I):
            continue
        values = _amounts_in(match.group(0))
        if not values:
            continue
        span = match.group(0).strip()
        lowered = span.lower()
        period = "once"
        if any(w in lowered for w in cfg["per_month"]):
            period = "month"
        elif any(w in lowered for w in cfg["per_year"]):
            period = "year"
        if len(values) >= 2:
            low, high = min(values[:2]), max(values[:2])
            return Price(amount=(low + high) / 2, period=period, low=low, high=high, span=span)
        return Price(amount=values[0], period=period, span=span)
    if loose:
        lowered = text.lower()
        if find_words(lowered, cfg["free_words"]):
            return Price(amount=0.0, qualitative="free", span=text)
        for level, words in cfg["qualitative"].items():
            if find_words(lowered, words):
                return Price(amount=None, qualitative=level, span=text)
    return None


def interpret_price(said: Optional[str]) -> Optional[Price]:
    """Reads back a price slot (what the owner said) for the involvement rules."""
    if not said:
        return None
    return find_price(said) or find_price(said, loose=True)


# --- categories: frequency, decision time, market, goal --------------------------------------------

def _blank_prices(text: str) -> str:
    """The text with price phrases blanked, so "49 euro per maand" is not read as a buying frequency."""
    for match in list(_price_regexes()["strict"].finditer(text)):
        text = text[:match.start()] + " " * (match.end() - match.start()) + text[match.end():]
    return text


def _first_category(text: str, categories: List[dict]) -> Optional[Tuple[str, str]]:
    for category in categories:
        match = _patterns_regex(tuple(category["patterns"])).search(text)
        if match:
            return category["id"], match.group(0)
    return None


def frequency_category(text: Optional[str]) -> Optional[Tuple[str, str]]:
    """(category id, the words) for how often customers buy, e.g. ("daily", "elke dag")."""
    if not text:
        return None
    return _first_category(_blank_prices(text), _answers()["purchase_frequency"])


def decision_category(text: Optional[str]) -> Optional[Tuple[str, str]]:
    """(category id, the words) for how long customers think before buying."""
    if not text:
        return None
    return _first_category(_blank_prices(text), _answers()["decision_time"]["categories"])


def market_of(text: str, weak: bool = False) -> Optional[str]:
    """b2c / b2b / both from the text; weak cues ("gezinnen", "allebei") only when `weak`."""
    cues = _answers()["market"]
    strength = ("strong", "weak") if weak else ("strong",)
    if any(find_words(text, cues["both"][s]) for s in strength):
        return "both"
    found = {market for market in ("b2c", "b2b") for s in strength if find_words(text, cues[market][s])}
    if found == {"b2c", "b2b"}:
        # two strong cues, or a weak one each: a strong cue wins over a weak one
        strong = {market for market in ("b2c", "b2b") if find_words(text, cues[market]["strong"])}
        return strong.pop() if len(strong) == 1 else "both"
    return found.pop() if found else None


def goal_of(text: str, weak: bool = False) -> Optional[str]:
    """The goal mentioned first; outside the goal question only after a cue word ("ons doel is ...")."""
    cues = _answers()["goal"]
    if not weak and not find_words(text, cues["cue_words"]):
        return None
    best: Optional[Tuple[int, str]] = None
    for goal in ("awareness", "leads", "sales", "loyalty", "reviews"):
        matches = find_words(text, cues[goal])
        if matches and (best is None or matches[0].start() < best[0]):
            best = (matches[0].start(), goal)
    return best[1] if best else None


def is_none_answer(text: str) -> bool:
    """True for "geen", "niks", "none": an answer that says there is nothing."""
    cfg = _answers()
    alt = lambda words: "|".join(map(re.escape, words))  # noqa: E731
    stripped = clean_text(text).lower().strip(" .!?")
    pattern = rf"(?:nee,?\s*)?(?:{alt(cfg['none_words'])})(?:\s+(?:{alt(cfg['none_fillers'])}))?"
    return bool(re.fullmatch(pattern, stripped))


# --- rich messages -----------------------------------------------------------------------------------

@functools.lru_cache(maxsize=None)
def _rich_regexes() -> Dict[str, re.Pattern]:
    cfg = _answers()["rich"]
    alt = lambda words: "|".join(sorted((re.escape(w) for w in words), key=len, reverse=True))  # noqa: E731
    stop = rf"(?=\s+(?:{alt(cfg['stoppers'])})\b|\s+(?:van|of|from)\s+(?:€|\$|\d)|\s*[,.;:!?()]|\s+(?:en|and)\s+(?:{alt(cfg['subjects'])})\b|$)"
    name_stop = r"(?=\s*[,.;:!?()]|\s+(?:en|and|in|uit|te|from)\s|$)"
    return {
        "offering": re.compile(
            rf"(?<!\w)(?:{alt(cfg['subjects'])})\s+(?:{alt(cfg['offer_verbs'])})\s+(?P<value>.+?){stop}", re.I),
        "audience": re.compile(
            rf"(?<!\w)(?:{alt(cfg['audience_preps'])})\s+(?!€|\$|\d+\s*(?:euro|eur|€))(?P<value>[^,.;:!?()]+?){stop}", re.I),
        "business_name": re.compile(rf"(?:{'|'.join(cfg['business_name'])})\s+(?P<value>.+?){name_stop}", re.I),
    }


def rich_fields(text: str) -> Dict[str, str]:
    """Offering, audience and business name from a sentence like "Wij verkopen X aan Y via Z"."""
    regexes = _rich_regexes()
    found: Dict[str, str] = {}
    offering = regexes["offering"].search(text)
    if offering and has_letters(offering.group("value")):
        found["offering"] = offering.group("value").strip()
        audience = regexes["audience"].search(text, offering.end("value"))
        if audience and has_letters(audience.group("value")):
            found["audience"] = audience.group("value").strip()
    name = regexes["business_name"].search(text)
    if name and has_letters(name.group("value"), 1):
        found["business_name"] = name.group("value").strip()
    return found


# --- the whole message ------------------------------------------------------------------------------

def extract(text: Optional[str], requested: Optional[str] = None) -> Dict[str, str]:
    """Slot values the message gives. Values are the owner's own words (or market/goal ids).

    With `requested`, the slot the bot just asked for also accepts loose answers, and the whole
    message is that slot's answer when it is a free-text slot.
    """
    text = clean_text(text)
    if not text:
        return {}
    values: Dict[str, str] = dict(rich_fields(text))
    price = find_price(text) or (find_price(text, loose=True) if requested == "price" else None)
    if price is not None:
        values["price"] = price.span if requested != "price" or price.amount is not None else text
    frequency = frequency_category(text)
    if frequency:
        values["purchase_frequency"] = text if requested == "purchase_frequency" else frequency[1]
    decision = decision_category(text)
    if decision and (requested == "decision_time" or find_words(text, _answers()["decision_time"]["cue_words"])):
        values["decision_time"] = text if requested == "decision_time" else decision[1]
    market = market_of(text, weak=requested == "market")
    if market:
        values["market"] = market
    goal = goal_of(text, weak=requested == "goal")
    if goal:
        values["goal"] = goal
    if requested in FREE_TEXT_SLOTS and requested not in values:
        values[requested] = text
    return values


# --- language -----------------------------------------------------------------------------------------

def requested_language(text: Optional[str]) -> Optional[str]:
    """"nl"/"en" when the message names a language ("in English please", "Nederlands graag")."""
    cfg = _answers()["language"]["explicit"]
    text = clean_text(text)
    for language in ("en", "nl"):
        if find_words(text, cfg[language]):
            return language
    return None


def detect_language(text: Optional[str]) -> Optional[str]:
    """"nl"/"en" when the message is clearly in that language, None when it is too short to tell."""
    cfg = _answers()["language"]
    words = re.findall(r"[a-zà-ÿ']+", clean_text(text).lower())
    counts = {lang: sum(1 for word in words if word in set(cfg["markers"][lang])) for lang in ("nl", "en")}
    for lang, other in (("nl", "en"), ("en", "nl")):
        if counts[lang] >= cfg["min_markers"] and counts[lang] > 2 * counts[other]:
            return lang
    return None


# --- choices and references: stage models, map types, stages, corrections --------------------------------

def _first_named(text: str, named: Dict[str, Iterable[str]]) -> Optional[str]:
    """The key whose words occur earliest in the text (longest phrase wins at the same place)."""
    best: Optional[Tuple[int, int, str]] = None
    for key, words in named.items():
        for match in find_words(text, list(words)):
            candidate = (match.start(), -len(match.group(0)), key)
            if best is None or candidate < best:
                best = candidate
    return best[2] if best else None


def stage_model_of(text: str) -> Optional[str]:
    """The stage model the text names ("gebruik het AIDA-model" → aida_loyalty)."""
    models = knowledge.load("stage_models")["models"]
    return _first_named(clean_text(text), {mid: m["synonyms"]["nl"] + m["synonyms"]["en"] for mid, m in models.items()})


def map_type_of(text: str) -> Optional[str]:
    """The map type the text names ("huidige situatie" → current_state)."""
    types = knowledge.load("map_types")["types"]
    return _first_named(clean_text(text), {tid: t["synonyms"]["nl"] + t["synonyms"]["en"] for tid, t in types.items()})


def stage_of(text: str) -> Optional[str]:
    """The stage or phase id the text names ("vertel meer over de aankoop" → purchase)."""
    named: Dict[str, List[str]] = {key: list(words) for key, words in knowledge.load("map_types")["stage_words"].items()}
    for model in knowledge.load("stage_models")["models"].values():
        for stage in model["stages"]:
            named.setdefault(stage["id"], []).extend([stage["name"]["nl"].lower(), stage["name"]["en"].lower()])
    return _first_named(clean_text(text), named)


@functools.lru_cache(maxsize=None)
def _correction_regex() -> re.Pattern:
    slots = knowledge.load("interview")["slots"]
    fields = {slot: slots[slot]["field_words"] for slot in FREE_TEXT_SLOTS}
    groups = "|".join(
        f"(?P<{slot}>{'|'.join(sorted((re.escape(w) for w in words), key=len, reverse=True))})"
        for slot, words in fields.items())
    return re.compile(
        rf"(?:^|\b)(?:de|het|onze|ons|mijn|the|our|my)?\s*(?:{groups})\s+"
        r"(?:is|zijn|wordt|worden|moet zijn|moeten zijn|are|should be|is now|are now)\s+"
        r"(?:eigenlijk\s+|toch\s+|nu\s+|actually\s+|really\s+)?(?P<value>[^.!?;]+)", re.IGNORECASE)


def correction(text: Optional[str]) -> Optional[Tuple[str, str]]:
    """(slot, new value) for "de doelgroep is eigenlijk jonge gezinnen" (free-text fields only)."""
    match = _correction_regex().search(clean_text(text))
    if not match:
        return None
    slot = next(slot for slot in FREE_TEXT_SLOTS if match.group(slot))
    value = match.group("value").strip(" ,")
    return (slot, value) if has_letters(value) else None
