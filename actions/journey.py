"""The journey and everything after it: build and send it, rebuild it after a correction or another
stage model, and the follow-ups (a stage in depth, what to do first, persona, compare with today, why).

The journey is rebuilt from the slots each time (the engine is deterministic), so nothing but the
owner's answers is kept in the tracker.
"""
from __future__ import annotations

import abc
import dataclasses
from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.tracker import interview_values, language, message, previous_value, profile
from bot import followup, interview, journey, knowledge, turn
from bot.parse.phrases import find_words
from bot.profile import Profile
from bot.render import chat

# slots that change the journey without being interview answers, with their defaults
REBUILD_SLOTS = {"stage_model": knowledge.load("stage_models")["default"],
                 "map_type": knowledge.load("map_types")["default"]}


def send_journey(dispatcher: CollectingDispatcher, result: Dict[str, Any]) -> None:
    """The journey as chat messages, and in the same turn the {"journey": ...} payload. Each text says
    which part of the journey it is (`journey_part`): the web widget drops the parts its map shows."""
    for part, text in chat.render_parts(result):
        dispatcher.utter_message(text=text, journey_part=part)
    dispatcher.utter_message(json_message={"journey": result})


def journey_done(tracker: Tracker, dispatcher: CollectingDispatcher) -> bool:
    """True when a journey was built; otherwise tells the owner and offers to start."""
    if tracker.get_slot("interview_state") == "done":
        return True
    lang = language(tracker)
    dispatcher.utter_message(text=knowledge.message("no_journey_yet", lang),
                             buttons=[{"title": knowledge.message("choice_start", lang), "payload": "/start_journey"}])
    return False


class ActionBuildJourney(Action):
    def name(self) -> Text:
        return "action_build_journey"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> List[EventType]:
        result = journey.build(profile(tracker))
        send_journey(dispatcher, result)
        return [SlotSet("involvement", result["involvement"]["level"]), SlotSet("interview_state", "done")]


class ActionUpdateJourney(Action):
    """After the journey: applies a correction ("de prijs is eigenlijk 50 euro", "we zitten ook op
    LinkedIn", another stage model), says what changed and sends the rebuilt journey."""

    def name(self) -> Text:
        return "action_update_journey"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> List[EventType]:
        lang = language(tracker)
        before = interview_values(tracker)
        update = turn.read_update(message(tracker), before, lang)
        # a stage model or map type named in the message came in through its slot mapping
        slots = {**tracker.current_slot_values(), **update.updates}
        changed = followup.changes(before, slots)
        changed += [slot for slot, default in REBUILD_SLOTS.items()
                    if (previous_value(tracker, slot) or default) != (slots.get(slot) or default)]
        events: List[EventType] = [SlotSet(slot, value) for slot, value in update.updates.items()]
        if not changed:
            dispatcher.utter_message(text=knowledge.message("nothing_changed", lang),
                                     buttons=interview.change_buttons(lang)[:5])
            return events
        labels = [_label(slot, lang) for slot in changed]
        dispatcher.utter_message(text=knowledge.message("changed", lang, fields=", ".join(labels)))
        result = journey.build(Profile.from_slots(slots))
        send_journey(dispatcher, result)
        return events + [SlotSet("involvement", result["involvement"]["level"])]

def _label(slot: str, lang: str) -> str:
    if slot in interview.order():
        return interview.label(slot, lang)
    return knowledge.message(f"label_{slot}", lang)


class ActionChooseModel(Action):
    """Stage model / map type: offers the choices with a one-line explanation, or applies the one named."""

    def name(self) -> Text:
        return "action_choose_model"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> List[EventType]:
        lang = language(tracker)
        named = {e.get("entity") for e in tracker.latest_message.get("entities") or []}
        if not named & {"stage_model", "map_type"}:
            dispatcher.utter_message(text=knowledge.message("model_offer", lang), buttons=model_buttons(lang))
            return []
        current = profile(tracker)
        models = knowledge.load("stage_models")["models"]
        types = knowledge.load("map_types")["types"]
        dispatcher.utter_message(text=knowledge.message(
            "model_set", lang, model=knowledge.text(models[current.stage_model]["name"], lang),
            map_type=knowledge.text(types[current.map_type]["name"], lang)))
        if tracker.get_slot("interview_state") in ("done", "confirming"):
            result = journey.build(current)
            send_journey(dispatcher, result)
            return [SlotSet("involvement", result["involvement"]["level"]), SlotSet("interview_state", "done")]
        return []


def model_buttons(lang: str) -> List[Dict[str, str]]:
    """One button per stage model and per map type, each with its one-line explanation in the title."""
    buttons = []
    for model_id, model in knowledge.load("stage_models")["models"].items():
        buttons.append({"title": f"{knowledge.text(model['name'], lang)}: {knowledge.text(model['summary'], lang)}",
                        "payload": '/choose_model{"stage_model": "%s"}' % model_id})
    for type_id, entry in knowledge.load("map_types")["types"].items():
        buttons.append({"title": f"{knowledge.text(entry['name'], lang)}: {knowledge.text(entry['summary'], lang)}",
                        "payload": '/choose_model{"map_type": "%s"}' % type_id})
    return buttons


class ActionStageDetail(Action):
    def name(self) -> Text:
        return "action_stage_detail"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> List[EventType]:
        if not journey_done(tracker, dispatcher):
            return []
        result = journey.build(profile(tracker))
        stage = followup.stage_by_id(result, tracker.get_slot("stage"))
        if stage is None:
            dispatcher.utter_message(text=knowledge.message("which_stage", result["language"]), buttons=[
                {"title": s["name"], "payload": '/stage_detail{"stage": "%s"}' % s["id"]} for s in result["stages"]])
            return []
        dispatcher.utter_message(text=chat.stage_detail(result, stage))
        return [SlotSet("stage", None)]


class FollowUpAction(Action, abc.ABC):
    """A follow-up that answers from the finished journey; before the journey it offers to start."""

    @abc.abstractmethod
    def answer(self, owner: Profile, result: Dict[str, Any], tracker: Tracker) -> str:
        """The reply text."""

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> List[EventType]:
        if journey_done(tracker, dispatcher):
            owner = profile(tracker)
            dispatcher.utter_message(text=self.answer(owner, journey.build(owner), tracker))
        return []


class ActionPriorities(FollowUpAction):
    def name(self) -> Text:
        return "action_priorities"

    def answer(self, owner: Profile, result: Dict[str, Any], tracker: Tracker) -> str:
        return chat.priorities(result, followup.priorities(result))


class ActionPersona(FollowUpAction):
    def name(self) -> Text:
        return "action_persona"

    def answer(self, owner: Profile, result: Dict[str, Any], tracker: Tracker) -> str:
        return chat.persona(result, followup.persona(owner, result))


class ActionCompareCurrent(FollowUpAction):
    """Today against the advice: always from the future-state journey, whatever map type is chosen."""

    def name(self) -> Text:
        return "action_compare_current"

    def answer(self, owner: Profile, result: Dict[str, Any], tracker: Tracker) -> str:
        return chat.compare(journey.build(dataclasses.replace(owner, map_type="future_state")))


class ActionExplain(Action):
    """"waarom?": during the interview why the question is asked; after the journey the reasons for
    a stage's advice or for the involvement level."""

    def name(self) -> Text:
        return "action_explain"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> List[EventType]:
        lang = language(tracker)
        requested = tracker.get_slot("requested_slot")
        if tracker.active_loop.get("name") and requested:
            why = knowledge.text(knowledge.load("interview")["slots"][requested]["why"], lang)
            dispatcher.utter_message(text=knowledge.message("why_question", lang, why=why))
            return []
        if not journey_done(tracker, dispatcher):
            return []
        result = journey.build(profile(tracker))
        stage = followup.stage_by_id(result, tracker.get_slot("stage"))
        if stage is not None:
            dispatcher.utter_message(text=chat.why_stage(result, stage))
            return [SlotSet("stage", None)]
        dispatcher.utter_message(text=chat.why_involvement(result))
        if not find_words(tracker.latest_message.get("text") or "",
                          knowledge.load("answers")["involvement_words"]):
            # a plain "waarom?": the involvement, and the reasons behind the biggest stage's advice
            top = max(result["stages"], key=lambda s: s["weight"])
            dispatcher.utter_message(text=chat.why_stage(result, top, general=True))
        return []
