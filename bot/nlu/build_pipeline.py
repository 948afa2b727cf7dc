"""Builds the project's Dutch spaCy pipeline: blank "nl" + lookup lemmatizer + an entity ruler for the
channel lexicon in bot/knowledge/channels.yml, saved to disk for Rasa's SpacyNLP (`model: <path>`).

No pretrained model is downloaded: the lemma tables come from the installed spacy-lookups-data.
Run: python -m bot.nlu.build_pipeline [output_dir]   (the Makefile does, when the lexicon changed)
"""
from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Dict, List

import spacy
from spacy.symbols import ORTH
from spacy.language import Language

from bot import knowledge

DEFAULT_OUTPUT = Path(__file__).resolve().parents[2] / "models" / "spacy_nl"
CHANNEL_LABEL = "CHANNEL"
NOT_CHANNEL_LABEL = "NOT_CHANNEL"  # "video calls": holds a channel word, names no channel (channels.yml `not_channels`)
GENERIC_LABEL = "CHANNEL_GENERIC"  # a word that also means other things ("kantoor", "demo"): channels.yml `generic`


def channel_patterns(nlp: Language) -> List[Dict]:
    """Entity-ruler patterns for every channel synonym: as typed (LOWER) and as lemma (LEMMA); generic
    words get their own label; compound-word endings (`suffixes`) a regular expression on the token."""
    patterns: List[Dict] = []
    seen = set()
    for channel in knowledge.load("channels")["channels"]:
        for label, words in ((CHANNEL_LABEL, channel["synonyms"]), (GENERIC_LABEL, channel.get("generic", {}))):
            for language in knowledge.LANGUAGES:
                for synonym in words.get(language, []):
                    doc = nlp(synonym.lower())
                    # generic words match only as typed: "kantoor" is no "kantoren" (the clients' offices)
                    forms = (("LOWER", [t.lower_ for t in doc]),) if label == GENERIC_LABEL else \
                        (("LOWER", [t.lower_ for t in doc]), ("LEMMA", [t.lemma_.lower() for t in doc]))
                    for attr, values in forms:
                        key = (attr, tuple(values))
                        if key in seen:
                            continue
                        seen.add(key)
                        patterns.append({"label": label, "id": channel["id"],
                                         "pattern": [{attr: value} for value in values]})
        for suffix in channel.get("suffixes", []):
            patterns.append({"label": CHANNEL_LABEL, "id": channel["id"],  # "b2b-webshop": digits too
                             "pattern": [{"LOWER": {"REGEX": f"^[a-z0-9à-ÿ&-]+{re.escape(suffix)}$"}}]})
        if channel.get("domains"):
            patterns.append({"label": CHANNEL_LABEL, "id": channel["id"],
                             "pattern": [{"LOWER": {"REGEX": domain_regex(channel["domains"])}}]})
    for language in knowledge.LANGUAGES:  # longer phrases that hold a channel word but name no channel
        for phrase in knowledge.load("channels").get("not_channels", {}).get(language, []):
            patterns.append({"label": NOT_CHANNEL_LABEL, "id": "none",
                             "pattern": [{"LOWER": token.lower_} for token in nlp(phrase.lower())]})
    return patterns


def domain_regex(endings: List[str]) -> str:
    """A web address with one of these endings ("boekwinkeltjes.nl"), but not the address of another
    channel named in the lexicon ("instagram.com", "facebook.com")."""
    others = sorted({word.lower() for channel in knowledge.load("channels")["channels"]
                     for language in knowledge.LANGUAGES for word in channel["synonyms"].get(language, [])
                     if re.fullmatch(r"[a-z0-9]+", word.lower()) and channel.get("domains") is None})
    return (f"^(?!(?:www\\.)?(?:{'|'.join(map(re.escape, others))})\\.)"
            f"(?:www\\.)?[a-z0-9-]+\\.(?:{'|'.join(re.escape(ending) for ending in endings)})$")


def kept_special_cases(rules: Dict[str, List[Dict]]) -> Dict[str, List[Dict]]:
    """spaCy's Dutch tokenizer keeps some 1500 abbreviations with their full stop ("me.", "no.", "app.",
    "X."), so a channel or word at the end of a sentence ("designers just call me.", "via de app.", "I post
    on X.") would be one token with the stop and match nothing. Only the abbreviations owners write in the
    middle of a sentence keep their stop (answers.yml `abbreviations`); the rest split as words do."""
    keep = {word.lower() for word in knowledge.load("answers")["abbreviations"]}
    return {text: tokens for text, tokens in rules.items()
            if not (re.fullmatch(r"[^\W\d_]+\.", text) and text.lower() not in keep)}


def build() -> Language:
    """The pipeline, in memory."""
    nlp = spacy.blank("nl")
    nlp.tokenizer.rules = kept_special_cases(nlp.tokenizer.rules)
    # "and I post on X.": the tokenizer keeps one capital and a full stop together (an initial), so the
    # channel X at the end of a sentence needs its own rule
    for text in ("X.", "x."):
        nlp.tokenizer.add_special_case(text, [{ORTH: text[0]}, {ORTH: "."}])
    nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    nlp.initialize()  # loads the lookup tables from spacy-lookups-data
    patterns = channel_patterns(nlp)  # lemmas of the synonyms come from the pipeline so far
    nlp.add_pipe("entity_ruler", config={"validate": True}).add_patterns(patterns)
    nlp.meta["name"] = "reiswijzer_nl"
    nlp.meta["description"] = "Blank Dutch pipeline with lookup lemmas and the Reiswijzer channel lexicon"
    return nlp


def main(argv: List[str]) -> int:
    output = Path(argv[1]) if len(argv) > 1 else DEFAULT_OUTPUT
    nlp = build()
    output.mkdir(parents=True, exist_ok=True)
    nlp.to_disk(output)
    print(f"spaCy pipeline with {len(nlp.get_pipe('entity_ruler').patterns)} channel patterns saved to {output}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
