"""Explicit commands: messages that are unmistakably "stop", "opnieuw beginnen", "sla over", "help",
"kun je me helpen met mijn klantreis?" and the like (answers.yml `commands`), and a request to go on in
another language ("in English please": bot/parse/language.py).

The whole message must be the command, give or take politeness ("ok, stop maar", "sla deze vraag
maar over aub"), so a business called "Stop & Go Fietsen" is never a stop. Commands that don't lose
anything (start the interview, help, a greeting) may also be one sentence of a longer message.
"""
from __future__ import annotations

import functools
import re
from typing import Dict, Optional

from bot.parse.language import requested_language
from bot.parse.phrases import alternation, answers, normalise

# commands that may be one sentence among others: they lose nothing if a guess is wrong
SENTENCE_COMMANDS = ("start_journey",)
# "wat betekent 'gezellig' in het Engels?" asks about a language, it does not ask for one
QUESTION_WORDS = {"wat", "what", "what's", "whats", "hoe", "how", "welk", "welke", "which", "waarom", "why"}


@functools.lru_cache(maxsize=None)
def _regexes() -> Dict[str, re.Pattern]:
    cfg = answers()["commands"]
    filler = rf"(?:(?:{alternation(cfg['fillers'])})\s+)*"
    tail = rf"(?:\s+(?:{alternation(cfg['fillers'])}))*"
    regexes = {}
    for intent, entry in cfg["intents"].items():
        phrases = [re.escape(normalise(p)).replace(r"\ ", r"\s+") for p in entry.get("phrases", [])]
        phrases += entry.get("patterns", [])
        regexes[intent] = re.compile(rf"^{filler}(?:{'|'.join(phrases)}){tail}$", re.IGNORECASE)
    return regexes


def command_of(text: Optional[str]) -> Optional[str]:
    """The intent an explicit command phrase names, or None."""
    said = normalise(text)
    limit = answers()["commands"]["max_length"]
    if not said:
        return None
    if len(said) <= limit:
        for intent, regex in _regexes().items():
            if regex.match(said):
                return intent
    for sentence in re.split(r"(?<=[.!?])\s+", text or ""):
        sentence = normalise(sentence)
        for intent in SENTENCE_COMMANDS:
            if sentence and len(sentence) <= limit and _regexes()[intent].match(sentence):
                return intent
    # a request for another language is a command when it is the whole message ("in English please");
    # "Hi, do you speak English? I run a bike shop" starts the interview in English instead
    words = said.split()
    if len(words) <= answers()["commands"]["language_request_max_words"] and words[0] not in QUESTION_WORDS \
            and not re.search(r"[.!?]\s+\S", (text or "").strip()) and requested_language(text):
        return "switch_language"
    return None
