"""Logistic regressions for the intent and the FAQ topic, stored as plain arrays (issue #11).

Rasa's `LogisticRegressionClassifier` stores its model with skops, and importing `skops.io` walks every
public sklearn type to build its list of trusted types: about 10 s of a cold `rasa train` and of every
server start on this machine (py-spy). A fitted logistic regression is three arrays (the classes, the
coefficients, the intercepts) and its settings, so here it is saved with `numpy.savez` (no pickles:
`allow_pickle=False` on load) and rebuilt with the same settings, which gives the same probabilities.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Dict, List

import numpy as np
import scipy.sparse
from sklearn.linear_model import LogisticRegression

SETTINGS = ("solver", "max_iter", "tol", "random_state", "class_weight", "multi_class", "C", "penalty",
            "fit_intercept", "intercept_scaling", "dual")


def save(model: LogisticRegression, directory: Path, name: str) -> None:
    """Writes `<name>.npz` (classes, coefficients, intercepts) and `<name>.settings.json` (the settings)."""
    np.savez(directory / f"{name}.npz", classes=np.asarray(model.classes_, dtype=str),
             coef=model.coef_, intercept=model.intercept_)
    params = {key: value for key, value in model.get_params().items() if key in SETTINGS}
    (directory / f"{name}.settings.json").write_text(json.dumps(params), encoding="utf-8")


def exists(directory: Path, name: str) -> bool:
    return (directory / f"{name}.npz").exists()


def load(directory: Path, name: str) -> LogisticRegression:
    """The model `save` wrote, ready to predict."""
    params = json.loads((directory / f"{name}.settings.json").read_text(encoding="utf-8"))
    with np.load(directory / f"{name}.npz", allow_pickle=False) as arrays:
        model = LogisticRegression(**params)
        model.classes_ = arrays["classes"].astype(object)
        model.coef_ = arrays["coef"]
        model.intercept_ = arrays["intercept"]
    model.n_features_in_ = model.coef_.shape[1]
    return model


def stack(rows: List[scipy.sparse.spmatrix], width: int = 0) -> scipy.sparse.csr_matrix:
    """One CSR matrix from one-row matrices (an empty one when there are none)."""
    if not rows:
        return scipy.sparse.csr_matrix((0, width))
    return scipy.sparse.vstack(rows, format="csr")

