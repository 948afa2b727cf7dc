"""The intent classifier: Rasa's LogisticRegressionClassifier with two costs removed (issue #11).

- The model is stored as arrays (bot/nlu/linear.py), not with skops, whose import alone took ~10 s of
  every cold training and server start.
- The feature matrix is built from the messages' sentence features alone, with one `vstack`, instead of
  combining sequence and sentence features and an `hstack` and a `vstack` per message (~9 % of a cold
  training, ~7 % of a turn).
Same settings, same fit, same output (`intent`, `intent_ranking`), so the rest of the pipeline and the
policies see no difference.
"""
from __future__ import annotations

import logging
from typing import Any, Dict, List, Text

import numpy
import scipy.sparse
from rasa.engine.graph import ExecutionContext
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.logistic_regression_classifier import LogisticRegressionClassifier
from rasa.shared.nlu.constants import FEATURE_TYPE_SENTENCE, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.nlu import linear

logger = logging.getLogger(__name__)

MODEL_NAME = "intent_classifier"


def sentence_row(message: Message) -> scipy.sparse.csr_matrix:
    """The message's sentence features as one CSR row: the sparse ones side by side in the order the
    featurizers added them (what `Message.get_sparse_features` combines), then the dense ones. Built
    directly from their non-zero entries, without combining the sequence features too (which Rasa's
    getter does, ~7 % of a turn) and without a CSR matrix per part and `hstack` (~4 %)."""
    columns, values, width = [], [], 0
    dense = []
    for feature in message.features:
        if feature.attribute != TEXT or feature.type != FEATURE_TYPE_SENTENCE:
            continue
        if not feature.is_sparse():
            dense.append(feature.features)
            continue
        part = feature.features.tocoo()
        columns.append(part.col + width)
        values.append(part.data)
        width += part.shape[-1]
    if dense:
        row = numpy.concatenate(dense, axis=-1).reshape(-1)
        found = numpy.flatnonzero(row)
        columns.append(found + width)
        values.append(row[found])
        width += row.shape[0]
    if not columns:
        return scipy.sparse.csr_matrix((1, width))
    column = numpy.concatenate(columns)
    return scipy.sparse.csr_matrix((numpy.concatenate(values), (numpy.zeros_like(column), column)),
                                   shape=(1, width))


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=True)
class IntentClassifier(LogisticRegressionClassifier):
    """A logistic regression over the sentence features; see the module docstring. `C` (inverse
    regularisation strength, which Rasa's classifier does not expose) sharpens the probabilities."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {**LogisticRegressionClassifier.get_default_config(), "C": 1.0}

    def __init__(self, config: Dict[Text, Any], name: Text, model_storage: ModelStorage,
                 resource: Resource) -> None:
        super().__init__(config, name, model_storage, resource)
        self.clf.set_params(C=self.config["C"])

    def _create_X(self, messages: List[Message]) -> scipy.sparse.csr_matrix:
        return linear.stack([sentence_row(message) for message in messages])

    def persist(self) -> None:
        with self._model_storage.write_to(self._resource) as directory:
            linear.save(self.clf, directory, MODEL_NAME)

    @classmethod
    def load(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
             execution_context: ExecutionContext, **kwargs: Any) -> "IntentClassifier":
        component = cls(config, execution_context.node_name, model_storage, resource)
        try:
            with model_storage.read_from(resource) as directory:
                if linear.exists(directory, MODEL_NAME):
                    component.clf = linear.load(directory, MODEL_NAME)
        except ValueError:
            logger.warning("Intent classifier not found in the model; train first (make train)")
        return component
