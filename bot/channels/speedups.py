"""Fixes for costs Rasa 3.6 puts on every message, installed when the server loads our channels.

Rasa checks each action-server response with `jsonschema.validate(result, spec)`
(`RemoteAction._validate_action_result`). `validate` first checks the spec itself against the JSON
Schema meta-schema and builds a new validator, on every call: about 30 ms with jsonschema 4.17, and a
form turn makes three or four action calls, so this alone cost more than the rest of the turn (issue #11,
profiled with py-spy). The spec is a constant, so here it is checked once and its validator reused; a
response that breaks the spec still raises the same `ValidationError` with Rasa's own hint.

Loading a conversation turns every stored event back into an object, and `Event.resolve_by_type` walks
all subclasses of `Event` for each one (about 10 % of a turn under load). The class for a type name does
not change once imported, so found classes are remembered; an unknown name still takes Rasa's own path.
"""
from __future__ import annotations

import logging
from typing import Any, Dict, Text

logger = logging.getLogger(__name__)

_installed = False


def _cached_validator():
    from jsonschema.validators import validator_for
    from rasa.core.actions.action import RemoteAction

    spec = RemoteAction.action_response_format_spec()
    cls = validator_for(spec)
    cls.check_schema(spec)
    return cls(spec)


def install() -> None:
    """Replaces RemoteAction._validate_action_result with a version that reuses one validator."""
    global _installed
    if _installed:
        return
    from jsonschema import exceptions
    from rasa.core.actions import action as rasa_action
    from rasa.shared.constants import DOCS_BASE_URL

    validator = _cached_validator()

    def _validate_action_result(self: Any, result: Dict[Text, Any]) -> bool:
        error = exceptions.best_match(validator.iter_errors(result))
        if error is not None:
            error.message += (
                f". Failed to validate Action server response from API, "
                f"make sure your response from the Action endpoint is valid. "
                f"For more information about the format visit "
                f"{DOCS_BASE_URL}/custom-actions"
            )
            raise error
        return True

    rasa_action.RemoteAction._validate_action_result = _validate_action_result
    _remember_event_classes()
    _installed = True
    logger.debug("action-server responses are validated with a validator built once")


def _remember_event_classes() -> None:
    from rasa.shared.core.events import Event

    resolve = Event.resolve_by_type
    known: Dict[Text, Any] = {}

    def resolve_by_type(type_name: Text, default: Any = None) -> Any:
        cls = known.get(type_name)
        if cls is None:
            cls = resolve(type_name, default)
            if cls is not None and cls is not default:
                known[type_name] = cls
        return cls

    Event.resolve_by_type = staticmethod(resolve_by_type)
