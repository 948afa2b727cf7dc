"""Reiswijzer's Rasa NLU component: turns the spaCy channel entities and bot.parse's readings of a
message into Rasa entities, so that one message can fill several slots (`from_entity` mappings).

Entities (their names are the slots they fill):
  channel            canonical channel id, from the entity ruler (not when negated: "geen webshop")
  price, purchase_frequency, decision_time, offering, audience, business_name   the owner's words
  market, goal       the contract's ids (b2c/b2b/both, awareness/leads/...)
  field              a slot name, when the message names a field ("de prijs klopt niet")
  removed_channel    a negated channel ("we hebben geen Facebook meer"): taken out of the owner's channels
  corrected_field    the free-text field a correction names ("de doelgroep is eigenlijk ..."), with the
                     new value as that field's entity
  stage_model, map_type, stage   a stage model, map type or stage the message names
  language           "nl"/"en" when the message asks for a language ("in English please")
"""
from __future__ import annotations

import functools
from typing import Any, Dict, List, Optional, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
import numpy as np
import scipy.sparse
from rasa.nlu.constants import SPACY_DOCS, TOKENS_NAMES
from rasa.nlu.extractors.extractor import EntityExtractorMixin
from rasa.nlu.featurizers.sparse_featurizer.sparse_featurizer import SparseFeaturizer
from rasa.shared.nlu.constants import ENTITIES, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot import knowledge, parse
from bot.nlu.build_pipeline import CHANNEL_LABEL


def _entity(name: str, value: Any, start: int, end: int) -> Dict[str, Any]:
    return {"entity": name, "value": value, "start": start, "end": end, "confidence_entity": 1.0}


FUZZY_MIN_LENGTH = 6  # words this long may have one typo ("webshp", "instagam", "nieuwbrief")
CLAUSE_BREAKS = {"maar", "but", ",", "wel", "en", "and", ".", ";"}
AFTER_NEGATIONS = (("niet", "meer"), ("geen", "meer"), ("no", "longer"), ("not", "anymore"), ("gestopt",), ("stopped",))


def _one_edit_apart(a: str, b: str) -> bool:
    """True when a and b differ by one inserted, deleted, replaced or swapped letter."""
    if abs(len(a) - len(b)) > 1 or a == b:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        return len(diff) == 1 or (len(diff) == 2 and diff[1] == diff[0] + 1
                                  and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]])
    short, long_ = sorted((a, b), key=len)
    return any(long_[:i] + long_[i + 1:] == short for i in range(len(long_)))


@functools.lru_cache(maxsize=None)
def _typo_tolerant_words() -> Dict[str, str]:
    """answers.yml's typo_tolerant words, with the channel each one belongs to."""
    tolerant = set(knowledge.load("answers")["typo_tolerant"])
    words: Dict[str, str] = {}
    for channel in knowledge.load("channels")["channels"]:
        for language in knowledge.LANGUAGES:
            for synonym in channel["synonyms"][language]:
                if synonym in tolerant:
                    words.setdefault(synonym, channel["id"])
    return words


def _negated(doc, start: int, end: int) -> bool:
    """"geen webshop" (before), or "twitter gebruiken we niet meer" (after), within the clause."""
    cfg = knowledge.load("answers")
    negations = {word.lower() for word in cfg["negations"]}
    window = cfg["negation_window"]
    before = [token.lower_ for token in doc[max(0, start - window):start]]
    for marker in CLAUSE_BREAKS:  # a negation only reaches up to the clause break ("geen X maar wel Y")
        if marker in before:
            before = before[len(before) - before[::-1].index(marker):]
    if negations.intersection(before):
        return True
    after = []
    for token in doc[end:end + 6]:
        if token.lower_ in CLAUSE_BREAKS:
            break
        after.append(token.lower_)
    return any(all(word in after for word in phrase) for phrase in AFTER_NEGATIONS)


def channel_entities(doc) -> List[Dict[str, Any]]:
    """Channel entities from a spaCy doc, by the lexicon and with one typo allowed in long words;
    negated mentions become `removed_channel`; no repeats."""
    spans = [(ent.start, ent.end, ent.ent_id_) for ent in doc.ents if ent.label_ == CHANNEL_LABEL]
    covered = {i for start, end, _ in spans for i in range(start, end)}
    fuzzy = _typo_tolerant_words()
    for token in doc:
        if token.i in covered or not token.is_alpha or len(token.text) < FUZZY_MIN_LENGTH:
            continue
        match = next((cid for word, cid in fuzzy.items() if _one_edit_apart(token.lower_, word)), None)
        if match:
            spans.append((token.i, token.i + 1, match))
    found, seen = [], set()
    for start, end, channel in sorted(spans):
        if channel in seen:
            continue
        seen.add(channel)
        name = "removed_channel" if _negated(doc, start, end) else "channel"
        found.append(_entity(name, channel, doc[start].idx, doc[end - 1].idx + len(doc[end - 1].text)))
    return found


def parsed_entities(text: str) -> List[Dict[str, Any]]:
    """Entities for every slot value bot.parse reads from the text on its own (strong cues only)."""
    found = []
    for slot, value in parse.extract(text).items():
        start = text.find(value) if isinstance(value, str) else -1
        start, end = (start, start + len(value)) if start >= 0 else (0, len(text))
        found.append(_entity(slot, value, start, end))
    return found


def choice_entities(text: str) -> List[Dict[str, Any]]:
    """Stage model, map type, stage, requested language and corrections the message names."""
    found = []
    for name, value in (("stage_model", parse.stage_model_of(text)), ("map_type", parse.map_type_of(text)),
                        ("stage", parse.stage_of(text)), ("language", parse.requested_language(text))):
        if value:
            found.append(_entity(name, value, 0, len(text)))
    corrected = parse.correction(text)
    if corrected:
        slot, value = corrected
        start = text.find(value)
        found.append(_entity("corrected_field", slot, 0, len(text)))
        found.append(_entity(slot, value, max(start, 0), max(start, 0) + len(value)))
    return found


def field_entities(text: str) -> List[Dict[str, Any]]:
    """A `field` entity when the message names one of the interview's fields."""
    for slot, entry in knowledge.load("interview")["slots"].items():
        matches = parse.find_words(text, entry["field_words"])
        if matches:
            return [_entity("field", slot, matches[0].start(), matches[0].end())]
    return []


def _one_per_slot(entities: List[Dict[str, Any]]) -> List[Dict[str, Any]]:
    """Keeps the last entity per single-valued name (a correction wins over a rich-sentence reading);
    channels may repeat."""
    kept: Dict[str, Dict[str, Any]] = {}
    multi = []
    for entity in entities:
        if entity["entity"] in ("channel", "removed_channel"):
            multi.append(entity)
        else:
            kept[entity["entity"]] = entity
    return multi + list(kept.values())


FOUND = "reiswijzer_entities"  # message property: this module's entities, computed once per message


def all_entities(message: Message) -> List[Dict[str, Any]]:
    """Every entity this module finds in a message (its spaCy doc and its text); computed once, then
    kept on the message so the extractor and the featurizer share the work."""
    found = message.get(FOUND)
    if found is None:
        found = _find_entities(message)
        message.set(FOUND, found)
    return found


def _find_entities(message: Message) -> List[Dict[str, Any]]:
    text: Optional[str] = message.get(TEXT)
    if not text:
        return []
    entities = []
    doc = message.get(SPACY_DOCS[TEXT])
    if doc is not None:
        entities += channel_entities(doc)
    entities += parsed_entities(text)
    entities += field_entities(text)
    entities += choice_entities(text)
    return _one_per_slot(entities)


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR], is_trainable=False)
class ReiswijzerEntityExtractor(GraphComponent, EntityExtractorMixin):
    """Adds channel, price, market, goal, frequency, decision-time, offering and audience entities."""

    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "ReiswijzerEntityExtractor":
        return cls()

    @staticmethod
    def required_components() -> List:
        from rasa.nlu.utils.spacy_utils import SpacyNLP
        return [SpacyNLP]

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            entities = all_entities(message)
            if entities:
                message.set(ENTITIES, message.get(ENTITIES, []) + self.add_extractor_name(entities),
                            add_to_output=True)
        return messages


FEATURE_ENTITIES = ("channel", "removed_channel", "price", "purchase_frequency", "decision_time", "market",
                    "goal", "offering", "audience", "business_name", "field", "corrected_field", "stage",
                    "stage_model", "map_type", "language")


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER], is_trainable=False)
class EntityFeaturizer(SparseFeaturizer, GraphComponent):
    """Sparse features saying which of our entities a message contains (per token and per sentence).

    A message with a channel or a price is very likely an answer (`inform`), whatever its other words;
    these features let the intent classifier learn that from the rule-based entities.
    """

    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "EntityFeaturizer":
        return cls(execution_context.node_name, config)

    @staticmethod
    def required_components() -> List:
        from rasa.nlu.tokenizers.tokenizer import Tokenizer
        return [Tokenizer]

    @classmethod
    def validate_config(cls, config: Dict[Text, Any]) -> None:
        """No options of its own."""

    def _featurize(self, message: Message) -> None:
        tokens = message.get(TOKENS_NAMES[TEXT], [])
        if not message.get(TEXT) or not tokens:
            return
        sequence = np.zeros([len(tokens), len(FEATURE_ENTITIES)])
        sentence = np.zeros([1, len(FEATURE_ENTITIES)])
        for entity in all_entities(message):
            column = FEATURE_ENTITIES.index(entity["entity"])
            sentence[0][column] = 1.0
            for row, token in enumerate(tokens):
                if token.start < entity["end"] and token.end > entity["start"]:
                    sequence[row][column] = 1.0
        self.add_features_to_message(scipy.sparse.coo_matrix(sequence), scipy.sparse.coo_matrix(sentence),
                                     TEXT, message)

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        for example in training_data.training_examples:
            self._featurize(example)
        return training_data

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            self._featurize(message)
        return messages
