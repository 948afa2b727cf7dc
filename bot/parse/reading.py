"""A whole message read as slot values: what it says outright (strong cues, in any message) and, with
`requested`, the looser answer to the question the bot just asked ("3" for the price, "allebei" for the
market, the whole message for a free-text question). Channels are not read here: the spaCy entity
ruler finds them (bot/nlu), bot/parse/channels.py decides what a mention means.
"""
from __future__ import annotations

import re
from typing import Dict, Optional

from bot.parse import choices, opening, prices, timing
from bot.parse.phrases import alternation, answers, clean_text, has_any, normalise

NONE_PHRASE_MAX_WORDS = 8
from bot.slots import DECISION_TIME, FREE_TEXT, GOAL, MARKET, PRICE, PURCHASE_FREQUENCY


def extract(text: Optional[str], requested: Optional[str] = None) -> Dict[str, str]:
    """Slot values the message gives. Values are the owner's own words (or market/goal ids)."""
    text = clean_text(text)
    if not text:
        return {}
    values: Dict[str, str] = dict(opening.rich_fields(text))
    price = prices.find_price(text) or (prices.find_price(text, loose=True) if requested == PRICE else None)
    if price is not None:
        values[PRICE] = text if requested == PRICE else price.span
    frequency = timing.frequency(text, loose=requested == PURCHASE_FREQUENCY)
    if frequency:
        values[PURCHASE_FREQUENCY] = text if requested == PURCHASE_FREQUENCY else frequency.words
    decision = timing.decision_time(text, loose=requested == DECISION_TIME)
    if decision:
        values[DECISION_TIME] = text if requested == DECISION_TIME else decision.words
    market = choices.market_of(text, weak=requested == MARKET)
    if market:
        values[MARKET] = market
    goal = choices.goal_of(text, weak=requested == GOAL)
    if goal:
        values[GOAL] = goal
    if requested in FREE_TEXT:
        values[requested] = text
    return values


def is_none_answer(text: Optional[str]) -> bool:
    """True for "geen", "niks", "none", "nee dat was het": an answer that says there is nothing (more)."""
    cfg = answers()
    said = normalise(text)
    pattern = (rf"(?:(?:{alternation(cfg['none_openers'])})\s+)*(?:{alternation(cfg['none_words'])})"
               rf"(?:\s+(?:{alternation(cfg['none_fillers'])}))*")
    if not said:
        return False
    if re.fullmatch(pattern, said):
        return True
    # a short message with an unmistakable "that's all" ("idd dat was het verder")
    return len(said.split()) <= NONE_PHRASE_MAX_WORDS and has_any(said, cfg["none_phrases"])


def ends_with_none(text: Optional[str]) -> bool:
    """"Elk jaar staan we op de trekkerdag. Dat was het.": the last sentence says there is nothing more."""
    sentences = [part for part in re.split(r"[.!?\n]+", text or "") if part.strip()]
    return len(sentences) > 1 and is_none_answer(sentences[-1])


def is_non_answer(text: Optional[str]) -> bool:
    """True for "ja", "ok", "hmm", "?" and the like: words that answer no free-text question."""
    said = normalise(text)
    return not said or said in {normalise(word) for word in answers()["non_answers"]}


def about_business(text: Optional[str]) -> bool:
    """True when the message uses the words of a business, its customers or its marketing (answers.yml
    `domain_words`): "huiseigenaren die van het gas af willen", "Pak Aan Logistiek". Off-topic messages
    ("wordt het morgen droog?") don't."""
    from bot.parse.phrases import has_any
    return has_any(clean_text(text), answers()["domain_words"])
