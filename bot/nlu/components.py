"""Reiswijzer's Rasa NLU components: the entity extractor (the spaCy channel entities and bot.parse's
readings of a message as Rasa entities), a featurizer that tells the classifier which of them a message
has, and the IntentGuard that corrects the classifier where the words are unmistakable. Slots are not
filled from these entities by Rasa: the interview's validation (actions/interview.py, bot/turn.py)
decides what a message answers.

Entities:
  channel            canonical channel id, from the entity ruler (not when negated: "geen webshop")
  price, purchase_frequency, decision_time, offering, audience, business_name   the owner's words
  market, goal       the contract's ids (b2c/b2b/both, awareness/leads/...)
  field              a slot name, when the message names a field ("de prijs klopt niet")
  removed_channel    a negated channel ("we hebben geen Facebook meer"): taken out of the owner's channels
  corrected_field    the free-text field a correction names ("de doelgroep is eigenlijk ..."), with the
                     new value as that field's entity
  stage_model, map_type, stage   a stage model, map type or stage the message names
  language           "nl"/"en" when the message asks for a language ("in English please")
  command            the intent an explicit command phrase names ("stop", "sla over"): bot/parse/commands.py
"""
from __future__ import annotations

import re

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
from rasa.shared.nlu.constants import (ENTITIES, INTENT, INTENT_NAME_KEY, INTENT_RANKING_KEY,
                                      PREDICTED_CONFIDENCE_KEY, TEXT)
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot import knowledge
from bot.nlu import fingerprints
from bot.nlu.build_pipeline import CHANNEL_LABEL, GENERIC_LABEL, NOT_CHANNEL_LABEL
from bot.parse import channels, commands, language, opening, reading, references
from bot.parse.phrases import has_any, is_garbled, normalise
from bot.turn import looks_like_a_name, looks_like_question


fingerprints.install()  # cheaper cache fingerprints while training (bot/nlu/fingerprints.py)

def _entity(name: str, value: Any, start: int, end: int) -> Dict[str, Any]:
    return {"entity": name, "value": value, "start": start, "end": end, "confidence_entity": 1.0}


def channel_entities(doc, text: Optional[str] = None) -> List[Dict[str, Any]]:
    """Channel entities from a spaCy doc: the entity ruler's lexicon matches plus long words with one
    typo; negated mentions become `removed_channel` (bot/parse/channels.py decides); no repeats; generic
    words inside quotes or inside a name ("de Grote Markt") are dropped.

    Roles: `weak` for a generic word ("kantoor", "demo") without a channel word before it: it counts
    only as the answer to the channel question; `bare` for a product-like channel word ("website",
    "flyers") without one: not while the offering is asked. A generic word that describes a channel
    named just before it ("Google Maps, met 80 reviews") is dropped."""
    spans = [(ent.start, ent.end, ent.ent_id_, ent.label_ == GENERIC_LABEL) for ent in doc.ents
             if ent.label_ in (CHANNEL_LABEL, GENERIC_LABEL)]
    covered = {i for start, end, _, _ in spans for i in range(start, end)}
    covered |= {i for ent in doc.ents if ent.label_ == NOT_CHANNEL_LABEL for i in range(ent.start, ent.end)}
    for token in doc:
        if token.i not in covered:
            match = channels.typo_channel(token.text)
            if match:
                spans.append((token.i, token.i + 1, match, False))
    tokens = [token.lower_ for token in doc]
    # the words as typed: Rasa hands spaCy the lower-cased text (SpacyNLP case_sensitive: false), so
    # capitals ("de Grote Markt") come from the message's own text at the same offsets
    typed = text if text is not None and len(text) == len(doc.text) else doc.text
    words = [typed[token.idx:token.idx + len(token.text)] for token in doc]
    named = {i for start, end, _, _ in spans for i in range(start, end)}
    referred = channels.referrals(tokens, named) + channels.via_referrers(  # "huisartsen die naar ons doorverwijzen",
        tokens, named)  # "via de uitvaartondernemer"
    referrers = {index for _, index in referred}
    # where a business refers, the lexicon's referral words ("doorverwijzen") are no word of mouth
    partner_sentences = [channels.sentence_bounds(tokens, index) for channel, index in referred if channel == "partners"]
    spans = [span for span in spans if not (span[2] == "word_of_mouth" and channels.is_referral_word(
        " ".join(tokens[span[0]:span[1]])) and any(first <= span[0] < last for first, last in partner_sentences))]
    mentions = [span[0] for span in spans]
    listed: Optional[tuple] = None  # (in channel context, end) of the mention before
    joiners = set(knowledge.load("answers")["list_joiners"])
    strength = {None: 3, channels.PASSING: 2, channels.BARE: 1, channels.WEAK: 0}
    found: Dict[str, Dict[str, Any]] = {}  # one entity per channel: its first mention, its strongest role
    earlier: List[int] = []
    located = channels.located_mentions(tokens, spans)
    for start, end, channel, generic in sorted(spans, key=lambda span: (span[0], span[3])):
        if (start, channel) in located:
            continue  # "het kot zelf op de markt", "open dagen op onze werkplaats": where, not another channel
        if channels.own_address(tokens, start):
            continue  # "onze site bakkerijjansen.nl": the owner's own address, no platform
        if channel == "marketplace" and channels.address_with_reviews(tokens, start):
            channel = "reviews"  # "trouwen.nl, daar staan mijn reviews": a review platform
        if generic and ((channel != "blog" and channels.describes_earlier(tokens, start, earlier))  # articles on a site are a blog
                        or channels.quoted_or_named(words, start) or channels.for_whom(tokens, start)
                        or start in referrers):
            continue  # "het hotel om de hoek stuurt toeristen door" is a partner, not the owner's premises
        earlier.append(start)
        # "via onze winkel en Facebook": a list after a channel word shares its context
        context = channels.in_channel_context(tokens, start) or channels.starts_in_context(tokens, start, end) or (
            listed is not None and listed[0] and all(token in joiners for token in tokens[listed[1]:start])
            and start - listed[1] <= 2)
        listed = (context, end)
        role = channels.WEAK if generic and not context else \
            channels.BARE if not generic and not context and channels.product_like(channel) else \
            channels.PASSING if not context else None
        negated = channels.negated(tokens, start, end)
        stopped = not negated and channels.stopped(tokens, start, mentions)
        if stopped and generic and not context:
            continue  # "we used to advertise in the guide the tourist office prints": another's office, no removal
        name = "removed_channel" if negated or stopped else "channel"
        if channel in found:
            if strength[role] > strength[found[channel].get("role")]:
                found[channel].pop("role", None)
                if role:
                    found[channel]["role"] = role
            continue
        entity = _entity(name, channel, doc[start].idx, doc[end - 1].idx + len(doc[end - 1].text))
        if role:
            entity["role"] = role
        found[channel] = entity
    for _, index in channels.named_media(tokens, words, named):
        # "we used to advertise in the Yellow Pages": a paper the owner stopped is taken out, like any channel
        gone = channels.negated(tokens, index, index + 1) or channels.stopped(tokens, index, mentions)
        kind = "removed_channel" if gone else "channel"
        if "local_print" not in found or (found["local_print"]["entity"] == "removed_channel" and not gone):
            found["local_print"] = _entity(kind, "local_print", doc[index].idx, doc[index].idx + len(doc[index].text))
    for channel, index in referred:
        if channel not in found:
            found[channel] = _entity("channel", channel, doc[index].idx, doc[index].idx + len(doc[index].text))
    return list(found.values())


def parsed_entities(text: str) -> List[Dict[str, Any]]:
    """Entities for every slot value bot.parse reads from the text on its own (strong cues only)."""
    found = []
    for slot, value in reading.extract(text).items():
        start = text.find(value) if isinstance(value, str) else -1
        start, end = (start, start + len(value)) if start >= 0 else (0, len(text))
        found.append(_entity(slot, value, start, end))
    return found


def choice_entities(text: str) -> List[Dict[str, Any]]:
    """Stage model, map type, stage, requested language and corrections the message names."""
    found = []
    for name, value in (("stage_model", references.stage_model_of(text)), ("map_type", references.map_type_of(text)),
                        ("stage", references.stage_of(text)), ("language", language.requested_language(text)),
                        ("command", commands.command_of(text))):
        if value:
            found.append(_entity(name, value, 0, len(text)))
    corrected = references.correction(text)
    if corrected:
        slot, value = corrected
        start = text.find(value)
        found.append(_entity("corrected_field", slot, 0, len(text)))
        found.append(_entity(slot, value, max(start, 0), max(start, 0) + len(value)))
    return found


def field_entities(text: str) -> List[Dict[str, Any]]:
    """A `field` entity when the message names one of the interview's fields."""
    slot = references.field_named(text)
    return [_entity("field", slot, 0, len(text))] if slot else []


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
        entities += channel_entities(doc, text)
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
                    "stage_model", "map_type", "language", "command")


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


OFF_TOPIC_CONFIDENCE = 0.9  # what the guard gives an intent it decides by rule
RULE_MARGIN = 0.2           # ... and how far below it the rest of the ranking then stays


def _first_word(text: str) -> str:
    words = normalise(text).split()
    return words[0] if words else ""


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class IntentGuard(GraphComponent):
    """Corrects the intent classifier where the words are unmistakable (after the classifier, before
    the FallbackClassifier):

    - an explicit command phrase ("stop", "sla over", "kun je me helpen met mijn klantreis?",
      bot/parse/commands.py) is that intent, with confidence 1;
    - a message that describes the business ("ik ben dakdekker in Zeist", "I run a bike repair shop")
      is `inform`, so it starts the interview and keeps what it said;
    - stop and start over, which lose or end the interview, need `destructive_min_confidence`
      otherwise the next intent in the ranking is taken ("Stop & Go Fietsen" is not a stop);
    - a knowledge question, a why-question or a follow-up of `domain_min_words` words or more without
      any of the words such questions use (answers.yml `intent_words`) is off-topic: "wat is het verschil
      tussen een virus en een bacterie?" is no FAQ about customer journeys;
    - a question or an assistant request ("zet de muziek aan") without any word of a business that
      the classifier reads as an answer or chit-chat (answers.yml `off_topic_lookalikes`) is off-topic;
    - a short message with an answer in it ("b2b", "kiyoh") read as "ja", a greeting or thanks is `inform`;
    - an `inform` reading below `unsupported_inform_below` with nothing in the message that answers
      anything (no entity, no business word) is left to the FallbackClassifier ("plof kwak zoef");
    - a language switch needs an explicit request ("in English please"): "hoe verander ik de taal van
      Netflix" is not one.
    Every rule's words are in answers.yml; what the guard decides is what the dialogue sees.
    """

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {"destructive_intents": ["stop", "start_over"], "destructive_min_confidence": 0.85,
                "question_intents": ["faq", "ask_why", "help", "bot_challenge", "out_of_scope"],
                "domain_min_words": 4, "unsupported_inform_below": 0.5,
                "chitchat_intents": ["affirm", "deny", "greet", "thanks", "goodbye", "insult"],
                "answer_entities": ["channel", "price", "market", "goal", "purchase_frequency", "decision_time"]}

    def __init__(self, config: Dict[Text, Any]) -> None:
        self.config = config

    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "IntentGuard":
        return cls(config)

    @staticmethod
    def required_components() -> List:
        from rasa.nlu.classifiers.classifier import IntentClassifier
        return [IntentClassifier]

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            text = message.get(TEXT)
            intent = message.get(INTENT)
            if not text or not intent:
                continue
            self._guard(message, text, intent)
        return messages

    def _guard(self, message: Message, text: str, intent: Dict[str, Any]) -> None:
        command = next((e["value"] for e in message.get(ENTITIES, []) if e["entity"] == "command"), None)
        if command == "start_journey" and opening.describes_business(text):
            # "kun je me helpen met mijn klantreis? wij verkopen keukens": starts it and keeps what it said
            message.set(ENTITIES, [e for e in message.get(ENTITIES, []) if e["entity"] != "command"],
                        add_to_output=True)
            self._set(message, "inform", 1.0)
            return
        if command:
            self._set(message, command, 1.0)
            return
        name, confidence = intent.get(INTENT_NAME_KEY), intent.get(PREDICTED_CONFIDENCE_KEY) or 0.0
        if is_garbled(text):
            # "aaaaaaaa…": no intent can be meant; the FallbackClassifier asks to rephrase (in the form: re-ask)
            self._set(message, "inform", 0.0)
            return
        # "Ik heb een kapsalon in Gouda, kun je helpen?": describing the business is answering, question or not
        if opening.describes_business(text):
            if name not in ("inform", "start_journey"):
                self._set(message, "inform", max(confidence, OFF_TOPIC_CONFIDENCE))
            return  # an answer: no off-topic rule below applies ("Ik run een boulderhal. Kun je helpen?")
        required = knowledge.load("answers")["intent_required_words"].get(name)
        if required and not has_any(text, required):
            self._drop(message, [name])   # "hi. septic tanks" is no thanks: the next reading in the ranking
            return
        if name in self.config["chitchat_intents"] and self._answers_something(message) and len(text.split()) <= 3:
            # "b2b", "kiyoh", "€ 3": a short answer the classifier took for "ja" or a greeting
            self._set(message, "inform", max(confidence, OFF_TOPIC_CONFIDENCE))
            return
        if name == "inform" and confidence < self.config["unsupported_inform_below"] and not self._supported(message, text):
            # "plof kwak zoef": nothing in it is an answer; let the FallbackClassifier ask to rephrase
            self._set(message, "inform", 0.0)
            return
        cfg = knowledge.load("answers")
        if looks_like_a_name(text):
            return  # "Kijk Eens Aan", "Skip the Line Laundry": a name, whatever its words
        words = cfg["intent_words"].get(name)
        if words and len(text.split()) >= self.config["domain_min_words"] and not has_any(text, words):
            self._set(message, "out_of_scope", max(confidence, OFF_TOPIC_CONFIDENCE))
            return
        if name in cfg["off_topic_lookalikes"] and not reading.about_business(text) and (
                looks_like_question(text) or _first_word(text) in {w.lower() for w in cfg["assistant_verbs"]}):
            self._set(message, "out_of_scope", max(confidence, OFF_TOPIC_CONFIDENCE))
            return
        if name == "switch_language" and not language.requested_language(text):
            self._drop(message, ["switch_language"])
            return
        if name in self.config["destructive_intents"] and confidence < self.config["destructive_min_confidence"]:
            self._drop(message, self.config["destructive_intents"])

    def _answers_something(self, message: Message) -> bool:
        return any(e.get("entity") in self.config["answer_entities"] for e in message.get(ENTITIES, []))

    @staticmethod
    def _supported(message: Message, text: str) -> bool:
        """Whether anything backs an `inform` reading: an entity of ours, a business word, a sentence
        about the business."""
        entities = [e for e in message.get(ENTITIES, []) if e.get("entity") != "command"]
        return bool(entities) or reading.about_business(text) or opening.describes_business(text)

    @staticmethod
    def _drop(message: Message, names: List[str]) -> None:
        """Takes these intents out of the ranking: the next one becomes the intent."""
        ranking = [entry for entry in message.get(INTENT_RANKING_KEY) or [] if entry.get(INTENT_NAME_KEY) not in names]
        if ranking:
            message.set(INTENT, dict(ranking[0]), add_to_output=True)
            message.set(INTENT_RANKING_KEY, ranking, add_to_output=True)

    @staticmethod
    def _set(message: Message, name: str, confidence: float) -> None:
        """Makes `name` the intent; the rest of the ranking stays, well below it (the rule decided, so
        the FallbackClassifier must not call it ambiguous)."""
        ceiling = max(0.0, confidence - RULE_MARGIN)
        ranking = [{**entry, PREDICTED_CONFIDENCE_KEY: min(entry.get(PREDICTED_CONFIDENCE_KEY) or 0.0, ceiling)}
                   for entry in message.get(INTENT_RANKING_KEY) or [] if entry.get(INTENT_NAME_KEY) != name]
        chosen = {INTENT_NAME_KEY: name, PREDICTED_CONFIDENCE_KEY: confidence}
        message.set(INTENT, chosen, add_to_output=True)
        message.set(INTENT_RANKING_KEY, [chosen] + ranking, add_to_output=True)
