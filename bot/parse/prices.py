"""Prices as owners write them: "€ 3", "rond de 2.000 euro", "tussen 2000 en 4000 euro", "49 euro per
maand", "minder dan 20 euro", "3k". Outside the price question a number is a price only with a price cue
(a currency, or a word like "kost"/"prijs"): "mannen tussen 30 en 50" is an age range, not a price.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Dict, List, Optional

from bot.parse.phrases import alternation, answers, find_words, words_regex


@dataclass(frozen=True)
class Price:
    """A price as understood: the amount in euro (a range gives its middle), and per what."""

    amount: Optional[float]                # None for a qualitative answer
    period: str = "once"                    # once | month | year | unit (per lesson, per night, ...)
    low: Optional[float] = None             # the range's ends, when a range was given
    high: Optional[float] = None
    qualitative: Optional[str] = None       # low | high | free, for "goedkoop", "duur", "gratis"
    span: str = ""                          # the words it was read from
    per: str = ""                           # the unit words of a `unit` price ("per les")

    @property
    def yearly_amount(self) -> Optional[float]:
        if self.amount is None:
            return None
        return self.amount * 12 if self.period == "month" else self.amount

    @property
    def symbol(self) -> str:
        """The owner's currency: "£" or "$" when they wrote it, else the euro."""
        if re.search(r"£|\b(?:pond|ponden|pound|pounds|quid|gbp)\b", self.span, re.I):
            return "£"
        if re.search(r"\$|\b(?:dollar|dollars|usd)\b", self.span, re.I):
            return "$"
        return "€"

    def display(self, language: str = "nl") -> str:
        """"€ 3", "€ 2.000–4.000", "€ 49 per maand", "£ 60": how the engine quotes a price back."""
        if self.amount is None:
            return self.span
        if self.low is not None and self.high is not None and self.low != self.high:
            core = f"{self.symbol} {_format_amount(self.low, language)}–{_format_amount(self.high, language)}"
        else:
            core = f"{self.symbol} {_format_amount(self.amount, language)}"
        if self.period == "month":
            return core + (" per maand" if language == "nl" else " a month")
        if self.period == "year":
            return core + (" per jaar" if language == "nl" else " a year")
        if self.period == "unit" and self.per:
            return f"{core} {self.per}"
        return core


def _format_amount(amount: float, language: str) -> str:
    text = f"{int(amount):,}" if amount == int(amount) else f"{amount:,.2f}"
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
        return float(f"{whole}.{groups.group(4) or '0'}")
    return float(raw.replace(",", "."))


def _cfg() -> dict:
    return answers()["price"]


@functools.lru_cache(maxsize=None)
def _regexes() -> Dict[str, re.Pattern]:
    cfg = _cfg()
    currency = "|".join(sorted(cfg["currency"], key=len, reverse=True))
    words = alternation(cfg["number_words"])
    thousand = alternation(cfg["thousand_words"])
    amount = rf"(?:(?:{_NUMBER})(?:\s?(?:{thousand})(?![\w]))?|(?<![\w])(?:{words})(?![\w]))"
    cur = rf"(?:{currency})"
    single = rf"(?:{cur}\s?{amount}(?:\s?{cur})?|{amount}\s?{cur})"
    approx = alternation(cfg["approx"] + cfg["below"] + cfg["above"])
    connector = r"(?:\s?(?:-|–|tot|en|to|and|à|a)\s?)"
    per = alternation(cfg["per_month"] + cfg["per_year"] + cfg["per_unit"])
    period = rf"(?:\s?(?:{per}))?"
    with_currency = (rf"(?<![\w])(?:(?:{approx})\s+)?"
                     rf"(?:(?:{cur}\s?)?{amount}(?:\s?{cur})?{connector}{single}|{single}){period}(?![\w])")
    bare = rf"(?<![\w])(?:(?:{approx})\s+)?{amount}(?:{connector}{amount})?(?:\s?{cur})?{period}(?![\w])"
    cued = rf"(?<![\w])(?:{alternation(cfg['cue_words'])})(?:\s+[\w']+){{0,3}}?\s+(?P<price>{bare})"
    return {
        "currency": re.compile(with_currency, re.IGNORECASE),
        "bare": re.compile(bare, re.IGNORECASE),
        "cued": re.compile(cued, re.IGNORECASE),
        "amount": re.compile(amount, re.IGNORECASE),
        "thousand": re.compile(rf"\s?(?:{thousand})$", re.IGNORECASE),
    }


def _amounts_in(span: str) -> List[float]:
    cfg = _cfg()
    regexes = _regexes()
    values = []
    for match in regexes["amount"].finditer(span):
        raw = match.group(0).lower()
        if raw in cfg["number_words"]:
            values.append(float(cfg["number_words"][raw]))
            continue
        thousand = regexes["thousand"].search(raw)
        number = raw[: thousand.start()] if thousand else raw
        try:
            value = _to_number(number)
        except ValueError:
            continue
        values.append(value * 1000 if thousand else value)
    return values


def _price_of(span: str) -> Optional[Price]:
    cfg = _cfg()
    values = _amounts_in(span)
    if not values:
        return None
    span = span.strip()
    period, per = "once", ""
    unit = find_words(span, cfg["per_unit"])
    if find_words(span, cfg["per_month"]):
        period = "month"
    elif find_words(span, cfg["per_year"]):
        period = "year"
    elif unit:
        period, per = "unit", unit[0].group(0)
    if len(values) >= 2:
        low, high = min(values[:2]), max(values[:2])
        return Price(amount=(low + high) / 2, period=period, low=low, high=high, span=span, per=per)
    amount = values[0]
    if find_words(span, cfg["below"]):
        amount *= cfg["below_factor"]
    elif find_words(span, cfg["above"]):
        amount *= cfg["above_factor"]
    return Price(amount=amount, period=period, span=span, per=per)


def _not_a_price(text: str, match: re.Match) -> bool:
    """"20 medewerkers", "30-50 jaar", "55-plussers": a number followed by a unit that is not money."""
    if re.search(r"[€$£]|euro", match.group(0), re.I):
        return False
    after = text[match.end():match.end() + 25].lstrip(" -")
    return words_regex(tuple(_cfg()["not_units"])).match(after) is not None


def find_price(text: str, loose: bool = False) -> Optional[Price]:
    """The first price in the text. Strict: a currency, or a price word ("kost", "prijs") before the
    number; loose (the answer to the price question): a bare number or range too."""
    regexes = _regexes()
    candidates = [(m.start(), m.group(0), m) for m in regexes["currency"].finditer(text)]
    candidates += [(m.start("price"), m.group("price"), m) for m in regexes["cued"].finditer(text)]
    if loose:
        candidates += [(m.start(), m.group(0), m) for m in regexes["bare"].finditer(text)]
    for _, span, match in sorted(candidates, key=lambda item: item[0]):
        if _not_a_price(text, match):
            continue
        price = _price_of(span)
        if price is not None:
            return price
    if loose:
        cfg = _cfg()
        if find_words(text, cfg["free_words"]):
            return Price(amount=0.0, qualitative="free", span=text)
        for level, words in cfg["qualitative"].items():
            if find_words(text, words):
                return Price(amount=None, qualitative=level, span=text)
    return None


def interpret(said: Optional[str]) -> Optional[Price]:
    """Reads back a price slot (what the owner said) for the involvement rules: the typical purchase when
    the owner names one ("katoen 12 tot 18 euro, gemiddeld geven ze 35 euro uit"), else the first price."""
    if not said:
        return None
    return typical_price(said) or find_price(said) or find_price(said, loose=True)


def typical_price(text: str) -> Optional[Price]:
    """The price right after a word like "gemiddeld" or "usually" (answers.yml `typical_cues`, at most
    `typical_window` words before the amount)."""
    cfg = _cfg()
    for cue in find_words(text, cfg["typical_cues"]):
        after = text[cue.end():]
        window = " ".join(after.split()[:cfg["typical_window"] + 3])  # the amount and its currency or unit
        loose = find_price(window, loose=True)
        if loose is not None and not any(char.isdigit() for char in loose.span):
            loose = None  # "normally for two or three years": a number in words needs a currency to be a price
        price = find_price(window) or loose
        if price is None or price.amount is None:
            continue
        lead = window[:window.find(price.span)] if price.span in window else window
        if len(lead.split()) <= cfg["typical_window"]:
            return price
    return None


def blank_prices(text: str) -> str:
    """The text with price phrases blanked, so "49 euro per maand" is not read as a buying frequency."""
    for match in list(_regexes()["currency"].finditer(text)):
        text = text[:match.start()] + " " * (match.end() - match.start()) + text[match.end():]
    return text
