"""Cheaper cache fingerprints for features, tokens and messages, installed when our NLU components are
imported (training and the server alike).

While training, Rasa fingerprints the output of every graph node for its cache
(`rasa.engine.training.hooks.TrainingHook.on_after_node`). A message's fingerprint includes its
features, and `Features.fingerprint` turns every sparse matrix into text, one "(i, j)  value" line per
non-zero entry, before hashing it: with 2,700 training examples and char n-gram features that was ~16 %
of a cold `rasa train` (py-spy, issue #11). Here the same matrix is hashed from its coordinate arrays'
bytes: as stable (the same matrix gives the same hash in every run) and as unique as Rasa's text, without
building the text. Dense features keep Rasa's own path. Only the cache keys differ from stock Rasa's, and
the cache is local to the machine.

Each token is fingerprinted the same way, for every message after every node: Rasa hashes its text,
offsets, lemma and data one by one and then the list of hashes; here one JSON text of the same values
(keys sorted) is hashed once (~10 % of a cold training before). A message likewise: its data and its
features' fingerprints as one orjson text (keys sorted; tokens by their fingerprint, anything else by
`str`, as Rasa does) instead of a hash per value.
"""
from __future__ import annotations

import hashlib

import orjson

_installed = False


def sparse_fingerprint(matrix) -> str:
    """A stable hash of a scipy sparse matrix: its shape and the (row, column, value) triples in
    coordinate order."""
    coo = matrix.tocoo()
    digest = hashlib.md5(repr((coo.shape, str(coo.dtype))).encode())
    for array in (coo.row, coo.col, coo.data):
        digest.update(array.tobytes())
    return digest.hexdigest()


def _as_text(value) -> str:
    """How a message's fingerprint spells a value JSON has no word for: its own fingerprint if it has
    one (tokens), otherwise its text (a spaCy doc, a numpy value)."""
    fingerprint = getattr(value, "fingerprint", None)
    return fingerprint() if callable(fingerprint) else str(value)


def _hashed(values) -> str:
    """One md5 over the values as one orjson text (keys sorted; other values as `_as_text` spells them)."""
    said = orjson.dumps(values, default=_as_text, option=orjson.OPT_SORT_KEYS | orjson.OPT_NON_STR_KEYS)
    return hashlib.md5(said).hexdigest()


def install() -> None:
    """Replaces the fingerprints of features, tokens and messages with the cheaper ones described above."""
    global _installed
    if _installed:
        return
    import rasa.shared.utils.io
    from rasa.nlu.tokenizers.tokenizer import Token
    from rasa.shared.nlu.training_data.features import Features
    from rasa.shared.nlu.training_data.message import Message

    original = Features.fingerprint

    def fingerprint(self) -> str:
        if self.is_dense():
            return original(self)
        if self._cached_fingerprint is None:
            self._cached_fingerprint = rasa.shared.utils.io.deep_container_fingerprint(
                [self.type, self.origin, self.attribute, sparse_fingerprint(self.features)])
        return self._cached_fingerprint

    def token_fingerprint(self) -> str:
        return _hashed([self.text, self.start, self.end, self.lemma, self.data])

    def message_fingerprint(self) -> str:
        if self._cached_fingerprint is None:
            self._cached_fingerprint = _hashed([self.data, [feature.fingerprint() for feature in self.features]])
        return self._cached_fingerprint

    Features.fingerprint = fingerprint
    Token.fingerprint = token_fingerprint
    Message.fingerprint = message_fingerprint
    _installed = True
