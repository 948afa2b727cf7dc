"""The per-message speed fixes of bot/channels/speedups.py keep Rasa's behaviour."""
import pytest
from jsonschema import ValidationError

from bot.channels import speedups  # noqa: F401  (importing bot.channels installs them)
from rasa.core.actions.action import RemoteAction
from rasa.shared.core.events import ActionExecuted, Event, SlotSet, UserUttered


def test_a_valid_action_server_response_passes_the_reused_validator():
    action = RemoteAction("action_x", None)
    good = {"events": [{"event": "slot", "name": "price", "value": "3 euro"}], "responses": [{"text": "hoi"}]}
    assert action._validate_action_result(good) is True
    assert action._validate_action_result(good) is True   # the same validator, again


def test_a_broken_action_server_response_still_fails_with_rasas_hint():
    action = RemoteAction("action_x", None)
    with pytest.raises(ValidationError) as failure:
        action._validate_action_result({"events": [{"event": "slot", "name": 3}], "responses": "not a list"})
    assert "Failed to validate Action server response" in failure.value.message


def test_event_classes_are_found_by_type_name_as_before():
    assert Event.resolve_by_type("slot") is SlotSet
    assert Event.resolve_by_type("user") is UserUttered
    assert Event.resolve_by_type("action") is ActionExecuted
    assert Event.resolve_by_type("slot") is SlotSet       # remembered
    assert Event.resolve_by_type("no-such-event", default=SlotSet) is SlotSet
    with pytest.raises(ValueError):
        Event.resolve_by_type("no-such-event")
    restored = Event.from_parameters({"event": "slot", "name": "goal", "value": "sales"})
    assert isinstance(restored, SlotSet) and restored.value == "sales"


def test_loading_our_channels_installs_the_fixes_in_rasa():
    assert RemoteAction._validate_action_result.__module__ == "bot.channels.speedups"
    assert Event.resolve_by_type.__module__ == "bot.channels.speedups"


RESPONSES = [
    {"events": [{"event": "slot", "name": "price", "value": "3 euro", "timestamp": None}], "responses": []},
    {"events": [{"event": "user", "text": "hoi", "parse_data": {"intent": {"name": "greet", "confidence": 0.9}}},
                {"event": "bot", "text": "Hallo!", "data": {"buttons": []}},
                {"event": "active_loop", "name": None}, {"event": "followup", "name": "action_x"}]},
    {"events": [{"event": "slot", "name": 3}]},                       # a slot name must be a string
    {"events": [{"event": "no_such_event"}]},                         # no alternative has this name
    {"events": [{"event": 5}]},                                       # not even a name
    {"events": [{"timestamp": 1.0}]},                                 # no event at all
    {"events": [{"event": "user", "text": 12}]},
    {"events": "not a list"},
    {"responses": [{"text": "hoi"}], "events": [{"event": "restart"}, {"event": "session_started"}]},
    {"events": [{"event": "slot", "name": "x", "value": 1, "timestamp": "yesterday"}]},
    {"events": [{"event": "bot", "text": 5}]},
    {"events": [{"event": "action", "name": "action_x", "metadata": "not an object"}]},
    {"events": [{"event": "user", "text": "hoi", "parse_data": {"entities": [{"entity": "channel"}]}}]},
    {"events": [{"event": "user", "text": "hoi", "parse_data": {"entities": [
        {"entity": "channel", "value": "website", "start": 1.5, "end": 2}]}}]},
    {"events": [{"event": "user", "text": "hoi", "parse_data": {"entities": [
        {"entity": "channel", "value": "website", "start": 1.0, "end": 2}]}}]},
    {"events": [{"event": "active_loop", "name": "interview_form"}, {"event": "loop_interrupted", "is_interrupted": 1}]},
]


@pytest.mark.parametrize("response", RESPONSES)
def test_checking_each_event_against_its_own_kind_accepts_and_rejects_what_rasas_one_of_does(response):
    import jsonschema
    spec = RemoteAction.action_response_format_spec()
    full = jsonschema.validators.validator_for(spec)(spec)
    assert (speedups._cached_validator().error(response) is None) == full.is_valid(response)


def test_valid_responses_take_the_compiled_path():
    validator = speedups._cached_validator()
    assert validator.passes_fast(RESPONSES[0]) and validator.passes_fast(RESPONSES[1])
    assert not validator.passes_fast(RESPONSES[2])   # invalid: left to jsonschema, which words the error


def test_action_calls_reuse_one_connection_and_encode_numpy_numbers():
    """Two requests through Rasa's EndpointConfig reach a real loopback server over one connection, and
    a numpy float (what sklearn's confidences are) arrives as a number."""
    import asyncio

    import numpy as np
    from aiohttp import web
    from rasa.utils.endpoints import EndpointConfig

    peers, bodies = [], []

    async def handle(request):
        peers.append(request.transport.get_extra_info("peername"))
        bodies.append(await request.json())
        return web.json_response({"ok": True})

    async def scenario():
        app = web.Application()
        app.router.add_post("/webhook", handle)
        runner = web.AppRunner(app)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]
        endpoint = EndpointConfig(url=f"http://127.0.0.1:{port}/webhook")
        for confidence in (np.float64(0.25), np.float32(0.5)):
            assert await endpoint.request(json={"confidence": confidence}) == {"ok": True}
        await runner.cleanup()

    asyncio.run(scenario())
    assert [body["confidence"] for body in bodies] == [0.25, 0.5]
    assert len(set(peers)) == 1


def test_the_sequential_graph_runner_gives_what_dask_gives():
    """The trained model, loaded once with Rasa's DaskGraphRunner and once with ours: the same parses and
    the same next-action predictions."""
    import asyncio
    from pathlib import Path

    from rasa.core import processor
    from rasa.core.agent import Agent
    from rasa.engine.runner.dask import DaskGraphRunner
    from rasa.shared.core.trackers import DialogueStateTracker

    model = Path(__file__).resolve().parents[1] / "models" / "reiswijzer.tar.gz"
    if not model.exists():
        pytest.fail("no trained model: `make test` trains it first")
    messages = ["hoi", "wij verkopen keukens van 8000 euro", "stop", "via instagram en de nieuwsbrief",
                "what is the FCB grid?", "'; DROP TABLE klanten; --"]
    results = {}
    patched = processor.DaskGraphRunner
    try:
        for name, runner in (("dask", DaskGraphRunner), ("sequential", speedups.sequential_graph_runner())):
            processor.DaskGraphRunner = runner
            agent = Agent.load(str(model))
            assert type(agent.processor.graph_runner) is runner
            parses = [asyncio.run(agent.parse_message(text)) for text in messages]
            tracker = DialogueStateTracker.from_events("s", [ActionExecuted("action_listen"),
                                                            UserUttered("hoi", {"name": "greet", "confidence": 1.0})])
            prediction = agent.processor.predict_next_with_tracker(tracker)
            results[name] = (parses, prediction)
    finally:
        processor.DaskGraphRunner = patched
    (parses, predicted), (dask_parses, dask_predicted) = results["sequential"], results["dask"]
    assert parses == dask_parses
    predicted.pop("tracker"), dask_predicted.pop("tracker")   # the tracker objects themselves differ
    assert predicted == dask_predicted
    assert processor.DaskGraphRunner.__name__ == "SequentialGraphRunner"   # what the server loads models with


def _tracker(*events):
    from rasa.shared.core.trackers import DialogueStateTracker

    return DialogueStateTracker.from_events("owner", list(events))


def _extract_slots_calls(tracker, monkeypatch):
    """What action_extract_slots returns after `tracker`'s latest message, and whether it called the
    slot-mapping action on the action server (stubbed here: it answers with a language event)."""
    from rasa.core.actions.action import ActionExtractSlots
    from rasa.shared.core.domain import Domain

    calls = []

    async def remote(self, name, output_channel, nlg, tracker, domain):
        calls.append(name)
        return [SlotSet("language", "en")]

    monkeypatch.setattr(ActionExtractSlots, "_run_custom_action", remote)
    domain = Domain.from_dict({"actions": ["action_validate_slot_mappings"],
                               "slots": {"language": {"type": "text", "mappings": [{"type": "custom"}]},
                                         "language_chosen": {"type": "bool", "mappings": [{"type": "custom"}]}}})
    import asyncio

    events = asyncio.run(ActionExtractSlots(None)._execute_validation_action([], None, None, tracker, domain))
    return events, calls


def test_the_language_check_goes_to_the_action_server_only_when_the_language_would_change(monkeypatch):
    # a Dutch answer in a Dutch conversation changes nothing: no call, nothing returned
    dutch = _tracker(SlotSet("language", "nl"), UserUttered("hoi"), UserUttered("wij verkopen brood en gebak aan de buurt"))
    assert _extract_slots_calls(dutch, monkeypatch) == ([], [])
    # a clearly English message, an explicit request, a portal's prefill: the action decides
    english = _tracker(SlotSet("language", "nl"), UserUttered("hoi"),
                       UserUttered("we sell bread and cakes to the people in our street"))
    assert _extract_slots_calls(english, monkeypatch)[1] == ["action_validate_slot_mappings"]
    request = _tracker(SlotSet("language", "nl"), SlotSet("language_chosen", True), UserUttered("hoi"),
                       UserUttered("in English please"))
    assert _extract_slots_calls(request, monkeypatch)[1] == ["action_validate_slot_mappings"]
    prefill = _tracker(UserUttered("hoi", metadata={"prefill": {"language": "en"}}))
    assert _extract_slots_calls(prefill, monkeypatch)[1] == ["action_validate_slot_mappings"]
    # once the owner chose a language, English words alone change nothing
    chosen = _tracker(SlotSet("language", "nl"), SlotSet("language_chosen", True), UserUttered("hoi"),
                      UserUttered("we sell bread and cakes to the people in our street"))
    assert _extract_slots_calls(chosen, monkeypatch) == ([], [])


def _ask(tracker):
    import asyncio

    from rasa.core.actions.forms import FormAction
    from rasa.core.nlg import TemplatedNaturalLanguageGenerator
    from rasa.shared.core.domain import Domain

    domain = Domain.from_dict({"responses": {"utter_ask_price": [{"text": "Wat kost het?"}]},
                               "slots": {"price": {"type": "text", "mappings": [{"type": "custom"}]},
                                         "asked": {"type": "any", "mappings": [{"type": "custom"}]}},
                               "forms": {"interview_form": {"required_slots": ["price"]}}})
    form = FormAction("interview_form", None)
    nlg = TemplatedNaturalLanguageGenerator(domain.responses)
    from rasa.core.channels import CollectingOutputChannel

    return asyncio.run(form._ask_for_slot(domain, nlg, CollectingOutputChannel(), "price", tracker))


def test_the_form_does_not_ask_again_what_our_validation_just_asked():
    asked_now = _tracker(UserUttered("3 euro"), SlotSet("asked", {"slot": "price", "times": 1}))
    assert _ask(asked_now) == []
    # asked in an earlier turn, or another question asked now: Rasa's own ask runs as before
    earlier = _tracker(SlotSet("asked", {"slot": "price", "times": 1}), UserUttered("wat bedoel je?"),
                       ActionExecuted("utter_explain"))
    other = _tracker(UserUttered("3 euro"), SlotSet("asked", {"slot": "audience", "times": 1}))
    for tracker in (earlier, other):
        said = _ask(tracker)
        assert len(said) == 1 and said[0].text == "Wat kost het?"


def test_rules_match_the_same_keys_as_rasas_own_matching():
    """The trained RulePolicy: Rasa's matching and ours find the same rules for state histories made of
    the rules' own states (the histories start at every rule and run through the ones after it)."""
    import json
    import random
    from pathlib import Path

    from rasa.core.agent import Agent
    from rasa.core.policies.rule_policy import RULES, RULES_FOR_LOOP_UNHAPPY_PATH, RulePolicy

    agent = Agent.load(str(Path(__file__).resolve().parents[1] / "models" / "reiswijzer.tar.gz"))
    policy = next(node._component for node in agent.processor.graph_runner._instantiated_nodes.values()
                  if isinstance(node._component, RulePolicy))
    original = speedups.RASA_ORIGINALS["RulePolicy._get_possible_keys"]
    rules = [json.loads(key) for key in policy.lookup[RULES]]
    rng = random.Random(11)
    histories = [sum((rng.choice(rules) for _ in range(turns)), []) for turns in (1, 2, 3, 6, 12) for _ in range(40)]
    histories += [rule[cut:] for rule in rules for cut in range(len(rule))]
    found = 0
    for states in histories:
        for lookup in (policy.lookup[RULES], policy.lookup[RULES_FOR_LOOP_UNHAPPY_PATH]):
            ours = policy._get_possible_keys(lookup, states)
            assert ours == original(policy, lookup, states)
            found += bool(ours)
    assert found > len(histories) // 2    # the histories do match rules: the comparison is not empty
