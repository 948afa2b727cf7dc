"""bot.nlu.intent.sentence_row builds the classifier's input row directly; it must equal what stacking
the sentence features with scipy gives (the way it was built before, and what Rasa's getter combines)."""
import numpy
import scipy.sparse
from rasa.shared.nlu.constants import FEATURE_TYPE_SENTENCE, FEATURE_TYPE_SEQUENCE, TEXT
from rasa.shared.nlu.training_data.features import Features
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.intent import sentence_row


def stacked(message):
    sparse = [f.features for f in message.features
              if f.attribute == TEXT and f.type == FEATURE_TYPE_SENTENCE and f.is_sparse()]
    dense = [f.features for f in message.features
             if f.attribute == TEXT and f.type == FEATURE_TYPE_SENTENCE and f.is_dense()]
    if dense:
        sparse.append(numpy.concatenate(dense, axis=-1))
    return scipy.sparse.hstack([scipy.sparse.csr_matrix(part) for part in sparse], format="csr")


def test_the_row_is_the_sentence_features_side_by_side_sparse_first_then_dense():
    rng = numpy.random.default_rng(7)
    message = Message(data={TEXT: "wij verkopen brood"})
    for origin, width in (("words", 40), ("chars", 300), ("lexical", 12)):
        row = rng.integers(0, 3, size=(1, width)) * (rng.random((1, width)) < 0.2)
        message.add_features(Features(scipy.sparse.coo_matrix(row), FEATURE_TYPE_SENTENCE, TEXT, origin))
        message.add_features(Features(scipy.sparse.coo_matrix(numpy.ones((3, width))), FEATURE_TYPE_SEQUENCE,
                                      TEXT, origin))   # sequence features are left out
    message.add_features(Features(numpy.array([[0.0, 1.5, 0.0, 2.0]]), FEATURE_TYPE_SENTENCE, TEXT, "entities"))
    built, expected = sentence_row(message), stacked(message)
    assert built.shape == expected.shape == (1, 40 + 300 + 12 + 4)
    assert (built != expected).nnz == 0 and built.nnz == expected.nnz > 0


def test_a_message_without_sentence_features_gives_an_empty_row():
    assert sentence_row(Message(data={TEXT: "hoi"})).shape == (1, 0)
