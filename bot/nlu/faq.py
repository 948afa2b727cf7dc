"""The FAQ answer picker: which of the FAQ topics (retrieval intent `faq/<topic>`) a question is about.

It takes the place of Rasa's ResponseSelector, which trains a TensorFlow model (about 3 of the 4 minutes
of training, 330 MB of the model, and ~10 % of a turn's CPU under load: issue #11). Picking one of 16
topics for a message the intent classifier already called `faq` needs no neural network: a logistic
regression over the same sparse sentence features (word and character n-grams) does it, in the output
format Rasa's `utter_faq` action reads (`response_selector.faq.response.utter_action`), so rules,
responses and `rasa test` work unchanged. `make bench-nlu` scores the topics (each its own intent).
"""
from __future__ import annotations

import json
import logging
from typing import Any, Dict, List, Optional, Text

import numpy as np
import scipy.sparse
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.constants import (RESPONSE_SELECTOR_PREDICTION_KEY, RESPONSE_SELECTOR_PROPERTY_NAME,
                                RESPONSE_SELECTOR_RANKING_KEY, RESPONSE_SELECTOR_RESPONSES_KEY,
                                RESPONSE_SELECTOR_RETRIEVAL_INTENTS, RESPONSE_SELECTOR_UTTER_ACTION_KEY)
from rasa.nlu.featurizers.featurizer import Featurizer
from rasa.shared.nlu.constants import INTENT, INTENT_RESPONSE_KEY, PREDICTED_CONFIDENCE_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData
from rasa.shared.nlu.training_data.util import intent_response_key_to_template_key
from sklearn.linear_model import LogisticRegression

from bot.nlu import linear
from bot.nlu.intent import sentence_row

logger = logging.getLogger(__name__)

MODEL_NAME = "faq_selector"
META_FILE = "faq_selector.json"
# the topic is picked only when the FAQ intent is among this many top intents (IntentGuard may take the
# next one in the ranking): for other messages no topic is read, and picking one cost ~5 % of a turn
RANKED = 3


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=True)
class FaqSelector(GraphComponent):
    """Picks the answer for the retrieval intent named by `retrieval_intent` (default `faq`)."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {"retrieval_intent": "faq", "max_iter": 300, "solver": "liblinear", "random_state": 42,
                "ranking_length": 5}

    @staticmethod
    def required_components() -> List:
        return [Featurizer]

    def __init__(self, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
                 classifier: Optional[LogisticRegression] = None,
                 responses: Optional[Dict[Text, List[Dict[Text, Any]]]] = None,
                 retrieval_intents: Optional[List[Text]] = None) -> None:
        self.config = {**self.get_default_config(), **config}
        self._model_storage = model_storage
        self._resource = resource
        self.classifier = classifier
        self.responses = responses or {}
        self.retrieval_intents = retrieval_intents or []

    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "FaqSelector":
        return cls(config, model_storage, resource)

    def train(self, training_data: TrainingData) -> Resource:
        intent = self.config["retrieval_intent"]
        examples = [m for m in training_data.intent_examples
                    if m.get(INTENT) == intent and m.get(INTENT_RESPONSE_KEY) and m.get(TEXT)]
        self.retrieval_intents = sorted(training_data.retrieval_intents)
        self.responses = {key: value for key, value in training_data.responses.items()
                          if key.startswith(f"utter_{intent}/")}
        if len({m.get(INTENT_RESPONSE_KEY) for m in examples}) >= 2:
            self.classifier = LogisticRegression(max_iter=self.config["max_iter"], class_weight="balanced",
                                                 solver=self.config["solver"], random_state=self.config["random_state"])
            self.classifier.fit(scipy.sparse.vstack([sentence_row(m) for m in examples]),
                                [m.get(INTENT_RESPONSE_KEY) for m in examples])
        self.persist()
        return self._resource

    def persist(self) -> None:
        with self._model_storage.write_to(self._resource) as directory:
            if self.classifier is not None:
                linear.save(self.classifier, directory, MODEL_NAME)  # arrays, not skops (bot/nlu/linear.py)
            (directory / META_FILE).write_text(json.dumps(
                {"responses": self.responses, "retrieval_intents": self.retrieval_intents}), encoding="utf-8")

    @classmethod
    def load(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
             execution_context: ExecutionContext, **kwargs: Any) -> "FaqSelector":
        try:
            with model_storage.read_from(resource) as directory:
                meta = json.loads((directory / META_FILE).read_text(encoding="utf-8"))
                classifier = linear.load(directory, MODEL_NAME) if linear.exists(directory, MODEL_NAME) else None
        except ValueError:
            logger.warning("FAQ selector not found in the model; FAQ questions will get no answer")
            return cls.create(config, model_storage, resource, execution_context)
        return cls(config, model_storage, resource, classifier, meta["responses"], meta["retrieval_intents"])

    def process(self, messages: List[Message]) -> List[Message]:
        if self.classifier is None:
            return messages
        intent = self.config["retrieval_intent"]
        for message in messages:
            ranked = [entry.get("name") for entry in (message.get("intent_ranking") or [])[:RANKED]]
            if ranked and intent not in ranked:
                continue  # no FAQ topic is needed: not even the guard's second choice is an FAQ question
            probabilities = self.classifier.predict_proba(sentence_row(message))[0]
            order = np.argsort(-probabilities)[: self.config["ranking_length"]]
            ranking = [{PREDICTED_CONFIDENCE_KEY: float(probabilities[i]),
                        INTENT_RESPONSE_KEY: str(self.classifier.classes_[i])} for i in order]
            best = ranking[0]
            template = intent_response_key_to_template_key(best[INTENT_RESPONSE_KEY])
            selector = message.get(RESPONSE_SELECTOR_PROPERTY_NAME, {})
            selector[RESPONSE_SELECTOR_RETRIEVAL_INTENTS] = self.retrieval_intents
            selector[intent] = {
                RESPONSE_SELECTOR_PREDICTION_KEY: {
                    RESPONSE_SELECTOR_RESPONSES_KEY: self.responses.get(template, []),
                    PREDICTED_CONFIDENCE_KEY: best[PREDICTED_CONFIDENCE_KEY],
                    INTENT_RESPONSE_KEY: best[INTENT_RESPONSE_KEY],
                    RESPONSE_SELECTOR_UTTER_ACTION_KEY: template,
                },
                RESPONSE_SELECTOR_RANKING_KEY: ranking,
            }
            message.set(RESPONSE_SELECTOR_PROPERTY_NAME, selector, add_to_output=True)
        return messages

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data
