"""Fixes for costs Rasa 3.6 puts on every message, installed when the server loads our channels.

Rasa checks each action-server response with `jsonschema.validate(result, spec)`
(`RemoteAction._validate_action_result`). `validate` first checks the spec itself against the JSON
Schema meta-schema and builds a new validator, on every call: about 30 ms with jsonschema 4.17, and a
form turn makes three or four action calls, so this alone cost more than the rest of the turn (issue #11,
profiled with py-spy). The spec is a constant, so here it is checked once and its validator reused; a
response that breaks the spec still raises the same `ValidationError` with Rasa's own hint.

The spec lists the 23 kinds of event under one `oneOf`, so every event of a response was checked against
all of them (~1.7 ms per response, ~6 % of the busy server). Each alternative pins `event` to one name,
so only the alternative with the event's own name can match: here the event is checked against that
one (and the shared properties), which accepts and rejects exactly what `oneOf` does.

Every call to the action server opened a new `aiohttp.ClientSession` and with it a new connection
(`EndpointConfig.request` uses `async with self.session()`), and encoded the tracker with `json.dumps`:
~12 % and ~8 % of the busy server. Here each endpoint keeps one session per event loop (connections are
reused) that encodes with orjson.

Loading a conversation turns every stored event back into an object, and `Event.resolve_by_type` walks
all subclasses of `Event` for each one (about 10 % of a turn under load). The class for a type name does
not change once imported, so found classes are remembered; an unknown name still takes Rasa's own path.

The model's graph (the NLU pipeline for each message, the policies for each prediction) runs through
`DaskGraphRunner`, which per run works out the minimal sub-graph for the targets, builds a dask task graph
and has dask's scheduler order and execute it: ~7 % of a turn on top of the components themselves. The
graph does not change while the server runs, so `SequentialGraphRunner` works out each target list's
order once and calls the same nodes with the same inputs in that order (a test runs both on the trained
model and compares their outputs).
"""
from __future__ import annotations

import logging
from typing import Any, Dict, List, Text

import fastjsonschema

logger = logging.getLogger(__name__)

_installed = False


class ResponseValidator:
    """Rasa's action-response spec, checked once; each event against the alternative named like it."""

    def __init__(self, spec: Dict[Text, Any]) -> None:
        from jsonschema.validators import validator_for

        cls = validator_for(spec)
        cls.check_schema(spec)
        items = spec["properties"]["events"]["items"]
        self.by_name = {alternative["properties"]["event"]["const"]: cls(alternative)
                        for alternative in items["oneOf"]}
        shared = {**spec, "properties": {**spec["properties"], "events": {
            **spec["properties"]["events"], "items": {k: v for k, v in items.items() if k != "oneOf"}}}}
        self.shared = cls(shared)
        self.whole = cls(spec)  # for the error message of an event no alternative names
        # the same schemas compiled to Python once (fastjsonschema): a response they accept is valid; one
        # they reject goes through jsonschema above, which decides and words the error as Rasa does
        self.fast_shared = fastjsonschema.compile(shared)
        self.fast_by_name = {name: fastjsonschema.compile(alternative)
                             for name, alternative in ((a["properties"]["event"]["const"], a) for a in items["oneOf"])}

    def passes_fast(self, result: Any) -> bool:
        """True when the compiled validators accept `result` (then it is valid); False: not decided."""
        try:
            self.fast_shared(result)
            for event in result.get("events") or []:
                check = self.fast_by_name.get(event.get("event"))
                if check is None:
                    return False
                check(event)
        except fastjsonschema.JsonSchemaException:
            return False
        return True

    def error(self, result: Any) -> Any:
        """The best error of `result` (a jsonschema ValidationError), or None when it is valid."""
        from jsonschema import exceptions

        if self.passes_fast(result):
            return None
        error = exceptions.best_match(self.shared.iter_errors(result))
        if error is not None:
            return error
        for event in result.get("events") or []:
            alternative = self.by_name.get(event.get("event"))
            if alternative is None:
                return exceptions.best_match(self.whole.iter_errors(result))
            error = exceptions.best_match(alternative.iter_errors(event))
            if error is not None:
                return error
        return None


def _cached_validator() -> ResponseValidator:
    from rasa.core.actions.action import RemoteAction

    return ResponseValidator(RemoteAction.action_response_format_spec())


# Rasa's own functions where a test compares them with ours
RASA_ORIGINALS: Dict[Text, Any] = {}


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
        error = validator.error(result)
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
    _run_graphs_in_order()
    _remember_event_classes()
    _reuse_sessions()
    _skip_idle_slot_mapping_checks()
    _skip_asks_already_made()
    _match_rules_once()
    _installed = True
    logger.debug("action-server responses are validated with a validator built once")


class _Borrowed:
    """`async with endpoint.session() as session`: the endpoint's kept session, not closed afterwards."""

    def __init__(self, session: Any) -> None:
        self.session = session

    async def __aenter__(self) -> Any:
        return self.session

    async def __aexit__(self, *exc: Any) -> None:
        return None


def _json_default(value: Any) -> Any:
    """What orjson does not encode itself, the way `json.dumps` would: numpy scalars are numbers."""
    if hasattr(value, "item"):
        return value.item()
    raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


def _reuse_sessions() -> None:
    import asyncio

    import aiohttp
    import orjson
    from rasa.core.constants import DEFAULT_REQUEST_TIMEOUT
    from rasa.utils.endpoints import EndpointConfig

    kept: Dict[Any, Any] = {}

    def dumps(value: Any) -> str:
        return orjson.dumps(value, default=_json_default, option=orjson.OPT_NON_STR_KEYS).decode("utf-8")

    def session(self: Any) -> Any:
        loop = asyncio.get_running_loop()
        key = (id(self), id(loop))
        found = kept.get(key)
        if found is None or found.closed:
            auth = aiohttp.BasicAuth(self.basic_auth["username"], self.basic_auth["password"]) \
                if self.basic_auth else None
            found = aiohttp.ClientSession(headers=self.headers, auth=auth, json_serialize=dumps,
                                          timeout=aiohttp.ClientTimeout(total=DEFAULT_REQUEST_TIMEOUT))
            kept[key] = found
        return _Borrowed(found)

    EndpointConfig.session = session


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


def sequential_graph_runner() -> Any:
    """The class `SequentialGraphRunner` (built on first use: it subclasses Rasa's `DaskGraphRunner`)."""
    from rasa.engine.exceptions import GraphRunError
    from rasa.engine.runner.dask import DaskGraphRunner

    class SequentialGraphRunner(DaskGraphRunner):
        """Runs the nodes a target list needs in an order worked out once, without dask's scheduler."""

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._plans: Dict[tuple, list] = {}   # target list -> [(node, what it needs)]

        def run(self, inputs: Any = None, targets: Any = None) -> Dict[Text, Any]:
            run_targets = list(targets) if targets else list(self._graph_schema.target_names)
            plan = self._plans.get(tuple(run_targets))
            if plan is None:
                plan = self._plans[tuple(run_targets)] = _plan(self._graph_schema.minimal_graph_schema(run_targets))
            values: Dict[Text, Any] = {}
            for name, value in (inputs or {}).items():
                if isinstance(value, str) and value in self._graph_schema.nodes:
                    raise GraphRunError(f"Input value '{value}' clashes with a node name. Make sure that none "
                                        f"of the input names passed to the `run` method are the same as node "
                                        f"names in the graph schema.")
                values[name] = (name, value)
            try:
                for name, needs in plan:
                    values[name] = self._instantiated_nodes[name](*(values[need] for need in needs))
            except RuntimeError as error:
                raise GraphRunError("Error running runner.") from error
            return dict(values[target] for target in run_targets)

    return SequentialGraphRunner


def _plan(schema: Any) -> list:
    """[(node, [the nodes and inputs it needs])] in an order where each node comes after what it needs."""
    order: list = []
    placed: set = set()

    def place(name: Text) -> None:
        if name in placed or name not in schema.nodes:
            return  # done already, or an input of the run
        placed.add(name)
        needs = list(schema.nodes[name].needs.values())
        for need in needs:
            place(need)
        order.append((name, needs))

    for name in schema.nodes:
        place(name)
    return order


def _run_graphs_in_order() -> None:
    from rasa.core import processor

    processor.DaskGraphRunner = sequential_graph_runner()


def _skip_idle_slot_mapping_checks() -> None:
    """Rasa calls `action_validate_slot_mappings` on the action server after every message; ours only
    sets the language, and `bot.parse.language.language_update` (which that action returns) says here
    whether it would. When it would not, and Rasa extracted no slot itself, the call is skipped: what
    the action would have returned is nothing."""
    from rasa.core.actions.action import ActionExtractSlots
    from rasa.shared.core.events import SlotSet, UserUttered

    from bot.parse.language import language_update

    original = ActionExtractSlots._execute_validation_action

    async def _execute_validation_action(self: Any, extraction_events: List[Any], output_channel: Any,
                                         nlg: Any, tracker: Any, domain: Any) -> List[Any]:
        if not any(isinstance(event, SlotSet) for event in extraction_events):
            events = tracker.events_after_latest_restart()
            update = language_update(
                tracker._latest_message_data() or {}, chosen=bool(tracker.get_slot("language_chosen")),
                current=tracker.get_slot("language") or "nl",
                first_message=sum(isinstance(event, UserUttered) for event in events) <= 1)
            if not update:
                return []
        return await original(self, extraction_events, output_channel, nlg, tracker, domain)

    ActionExtractSlots._execute_validation_action = _execute_validation_action


def _skip_asks_already_made() -> None:
    """A form turn made three action-server calls: the form's validation, then `action_ask_<slot>`
    for the next question. Our validation action asks the next question itself and records it in the
    `asked` slot (actions/interview.py); when it did, in this run of the form, Rasa's own ask is
    skipped. When it did not (a form Rasa continues without it), `action_ask_<slot>` asks as before."""
    from rasa.core.actions.forms import FormAction
    from rasa.shared.core.events import ActionExecuted, SlotSet, UserUttered

    from bot import slots as S

    original = FormAction._ask_for_slot

    async def _ask_for_slot(self: Any, domain: Any, nlg: Any, output_channel: Any, slot_name: Text,
                            tracker: Any) -> List[Any]:
        for event in reversed(tracker.events):
            if isinstance(event, (UserUttered, ActionExecuted)):
                break
            if isinstance(event, SlotSet) and event.key == S.ASKED and isinstance(event.value, dict) \
                    and event.value.get("slot") == slot_name:
                return []
        return await original(self, domain, nlg, output_channel, slot_name, tracker)

    FormAction._ask_for_slot = _ask_for_slot


def _match_rules_once() -> None:
    """RulePolicy matches its rules against the conversation's states by reading every rule key (JSON)
    again for every state of the whole history, also far beyond the longest rule, where each rule
    already holds. Here each key is read once and matching stops once every remaining rule was
    checked whole; the keys found are the same (a test compares them)."""
    import functools
    import json

    from rasa.core.policies.rule_policy import RulePolicy

    read_key = functools.lru_cache(maxsize=None)(json.loads)

    def _rule_key_to_state(rule_key: Text) -> List[Any]:
        return read_key(rule_key)

    def _get_possible_keys(self: Any, lookup: Dict[Text, Text], states: List[Any]) -> set:
        possible = set(lookup.keys())
        for index, state in enumerate(reversed(states)):
            if all(index >= len(read_key(key)) for key in possible):
                break       # every remaining rule matched in full: the older states cannot rule one out
            possible = {key for key in possible if self._is_rule_applicable(key, index, state)}
        return possible

    RASA_ORIGINALS["RulePolicy._get_possible_keys"] = RulePolicy._get_possible_keys
    RulePolicy._rule_key_to_state = staticmethod(_rule_key_to_state)
    RulePolicy._get_possible_keys = _get_possible_keys
