"""Builds the journey from the confirmed answers and sends it: one message per stage, the warnings,
and in the same turn the `{"journey": ...}` custom payload (schema reiswijzer.journey/v1)."""
from __future__ import annotations

from typing import List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.tracker import profile
from bot import journey
from bot.render import chat


class ActionBuildJourney(Action):
    def name(self) -> Text:
        return "action_build_journey"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> List[EventType]:
        result = journey.build(profile(tracker))
        for text in chat.render(result):
            dispatcher.utter_message(text=text)
        dispatcher.utter_message(json_message={"journey": result})
        return [SlotSet("involvement", result["involvement"]["level"]), SlotSet("interview_state", "done")]
