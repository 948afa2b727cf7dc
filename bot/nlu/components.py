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

from typing import Any, Dict, List, Optional, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.constants import SPACY_DOCS
from rasa.nlu.extractors.extractor import EntityExtractorMixin
from rasa.shared.nlu.constants import ENTITIES, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot import knowledge, parse
from bot.nlu.build_pipeline import CHANNEL_LABEL


def _entity(name: str, value: Any, start: int, end: int) -> Dict[str, Any]:
    return {"entity": name, "value": value, "start": start, "end": end, "confidence_entity": 1.0}


def channel_entities(doc) -> List[Dict[str, Any]]:
    """Channel entities from a spaCy doc; negated mentions become `removed_channel`; no repeats."""
    cfg = knowledge.load("answers")
    negations = {word.lower() for word in cfg["negations"]}
    window = cfg["negation_window"]
    found, seen = [], set()
    for ent in doc.ents:
        if ent.label_ != CHANNEL_LABEL or ent.ent_id_ in seen:
            continue
        before = [token.lower_ for token in doc[max(0, ent.start - window):ent.start]]
        # "geen webshop maar wel een winkel": a negation only reaches up to the next "maar"/"but"/","
        for marker in ("maar", "but", ",", "wel", "en", "and"):
            if marker in before:
                before = before[len(before) - before[::-1].index(marker):]
        seen.add(ent.ent_id_)
        name = "removed_channel" if negations.intersection(before) else "channel"
        found.append(_entity(name, ent.ent_id_, ent.start_char, ent.end_char))
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
            text: Optional[str] = message.get(TEXT)
            if not text:
                continue
            entities = []
            doc = message.get(SPACY_DOCS[TEXT])
            if doc is not None:
                entities += channel_entities(doc)
            entities += parsed_entities(text)
            entities += field_entities(text)
            entities += choice_entities(text)
            entities = _one_per_slot(entities)
            message.set(ENTITIES, message.get(ENTITIES, []) + self.add_extractor_name(entities),
                        add_to_output=True)
        return messages
