"""What a message says about the business in sentences: "Wij verkopen e-bikes van 3000 euro aan
55-plussers", "ik ben dakdekker in Zeist", "I run a bike repair shop", "mijn bedrijf heet Fietsplus".
Used for openings (a description starts the interview and keeps what it said) and rich answers.
"""
from __future__ import annotations

import functools
import re
from typing import Dict, Optional

from bot.parse.phrases import alternation, answers, find_words, has_letters


def _cfg() -> dict:
    return answers()["rich"]


@functools.lru_cache(maxsize=None)
def _regexes() -> Dict[str, re.Pattern]:
    cfg = _cfg()
    stop = (rf"(?=\s+(?:{alternation(cfg['stoppers'])})\b|\s+(?:van|of|from)\s+(?:€|\$|\d)|\s*[,.;:!?()]"
            rf"|\s+(?:en|and)\s+(?:{alternation(cfg['subjects'])})\b|$)")
    name_stop = r"(?=\s*[,.;:!?()]|\s+(?:en|and|in|uit|te|from)\s|$)"
    article = rf"(?:(?:{alternation(cfg['articles'])})\s+)?"
    return {
        "offering": re.compile(
            rf"(?<!\w)(?:{alternation(cfg['subjects'])})\s+(?:{alternation(cfg['offer_verbs'])})\s+{article}"
            rf"(?P<value>.+?){stop}", re.I),
        # "ik heb een kapsalon", "I've got a dog grooming salon": a business noun must end it
        "owned": re.compile(
            rf"(?<!\w)(?:{alternation(cfg['subjects'])})\s+(?:{alternation(cfg['have_verbs'])})\s+"
            rf"(?:{alternation(cfg['indefinite_articles'])})\s+(?P<value>.+?){stop}", re.I),
        "audience": re.compile(
            rf"(?<!\w)(?:{alternation(cfg['audience_preps'])})\s+(?!€|\$|\d+\s*(?:euro|eur|€))"
            rf"(?P<value>[^,.;:!?()]+?){stop}", re.I),
        "business_name": re.compile(rf"(?:{'|'.join(cfg['business_name'])})\s+(?P<value>.+?){name_stop}", re.I),
        "profession": re.compile(
            rf"(?<!\w)(?:{alternation(cfg['profession_intros'])})\s+{article}"
            rf"(?P<value>[\w'-]+(?:\s+(?!(?:en|and|in|met|with|uit|from|bij|at|te|of|or|voor|for)\b)[\w'-]+)?)(?:(?=\s+(?:en|and)\b)|{stop})", re.I),
    }


def _is_profession(phrase: str) -> bool:
    """"loodgieter", "florist", "yogadocent": a word for someone's trade (lexicon or a trade ending)."""
    cfg = _cfg()
    words = phrase.lower().split()
    if not words or find_words(phrase, cfg["not_professions"]):
        return False
    head = words[-1]
    if find_words(head, cfg["professions"]):
        return True
    return len(head) > 4 and any(head.endswith(ending) for ending in cfg["profession_endings"])


def _tidy(value: str) -> str:
    """The value without a dangling "en"/"and"/"of" left where it was cut ("particulieren en")."""
    return re.sub(r"(?:\s+(?:en|and|of|or|&|met|with))+$", "", value.strip(), flags=re.I).strip()


def rich_fields(text: str) -> Dict[str, str]:
    """Offering, audience and business name from sentences like "Wij verkopen X aan Y via Z"."""
    regexes = _regexes()
    found: Dict[str, str] = {}
    offering = regexes["offering"].search(text)
    owned = regexes["owned"].search(text)
    owned_value = _owned_business(text[owned.start("value"):]) if owned else None
    offered = offering.group("value") if offering else None
    end = offering.end("value") if offering else 0
    if owned_value and (offering is None or owned.start() <= offering.start()):
        offered, end = owned_value, owned.start("value") + len(owned_value)
    if offered and has_letters(offered) and not find_words(offered, _cfg()["not_offerings"]):
        found["offering"] = _tidy(offered)
        audience = regexes["audience"].search(_sentence_rest(text, end), end)
        if audience and _names_people(_tidy(audience.group("value"))):
            found["audience"] = _tidy(audience.group("value"))
    else:
        profession = regexes["profession"].search(text)
        if profession and _is_profession(profession.group("value")):
            found["offering"] = profession.group("value").strip()
    name = regexes["business_name"].search(text)
    if name and has_letters(name.group("value"), 1):
        found["business_name"] = name.group("value").strip()
    return found


def _sentence_rest(text: str, end: int) -> str:
    """The text up to the end of the sentence in which position `end` lies; "" when that sentence is a
    question ("ik verkoop garnalen. Is dit hier voor marketing?" gives no audience "marketing")."""
    match = re.compile(r"[.!?]+(?=\s|$)").search(text, end)
    if match is None:
        return text
    return "" if "?" in match.group(0) else text[:match.start()]


def _names_people(value: str) -> bool:
    """"aan 55-plussers", "voor gezinnen met jonge kinderen", "to small businesses": an audience names
    people or organisations (answers.yml `rich.audience_words`, `rich.audience_endings`); "garnalen voor
    aquariums" or "hulp voor marketing" names none, so no audience is noted from an opening."""
    cfg = _cfg()
    if not has_letters(value) or find_words(value, cfg["audience_words"]):
        return has_letters(value)
    return any(len(word) > 4 and word.endswith(tuple(cfg["audience_endings"]))
               for word in re.findall(r"[\w'-]+", value.lower()))


def _owned_business(value: str) -> Optional[str]:
    """"snackbar en 80 procent van mijn bestellingen ..." → "snackbar": what someone says they have, up to
    the first business noun (at most `owned_max_words` words), or None when no business noun comes."""
    words = value.split()
    for count, word in enumerate(words[:_cfg()["owned_max_words"]], start=1):
        if find_words(word.strip(",.;:!?"), _cfg()["business_nouns"]):
            following = words[count] if count < len(words) else ""
            # "een webshop in vulpennen en inkt" sells pens; "een winkel in Utrecht" is a place
            sells_in = following.lower() == "in" and count + 1 < len(words) and words[count + 1][:1].islower() \
                and words[count + 1].lower() not in ("de", "het", "een", "'t", "the", "a", "an", "mijn", "ons", "onze")
            if not word[-1:].isalpha() or not following or (following.lower() not in ("met", "with", "voor", "for")
                                                              and not sells_in):
                owned = " ".join(words[:count]).strip(",.;:!?")
                # a bare "webshop", "winkel" or "zaak" says where, not what: the offering is asked
                return None if count <= 2 and find_words(word.strip(",.;:!?"), _cfg()["bare_business_nouns"]) \
                    else owned
            # "een webshopje met babykleding en ...": what it sells comes with it
            rest = re.split(r"[,.;:!?]|\s(?:en|and|maar|but)\s", " ".join(words[count:]) + " ")[0].split()
            return " ".join(words[:count] + rest[:4]).strip(",.;:!?")
    return None


def describes_business(text: Optional[str]) -> bool:
    """True when the message says what the business is or sells (an opening that starts the interview)."""
    return bool(text) and bool(rich_fields(text))
