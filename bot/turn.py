"""One message in the interview, read the way the owner meant it (DESIGN.md "Conversation principles").

While the form waits for an answer, the message is first read as that answer. It interrupts only when
it is unmistakably something else:
- an explicit command phrase ("stop", "sla over", "opnieuw beginnen": bot/parse/commands.py), or
- a confident classifier reading (interview.yml `control`): for free-text questions (name, offering,
  audience, pain points) only question-like messages and off-topic requests; stop and start over never
  act on a classifier guess.
What an answer says about other questions is a *candidate*: it fills a question not answered yet and is
acknowledged, but it never overwrites an answer (only an explicit correction does) and channels named in
passing never close the channel question (they are shown there: "Je noemde je winkel al ...").
Plain functions over plain values: actions/interview.py feeds them the tracker's message and slots.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Any, Dict, List, Mapping, Optional, Sequence

from bot import interview, knowledge
from bot.parse import channels, reading, references
from bot.parse.phrases import answers, clean_text, find_words, normalise
from bot.slots import (AUDIENCE, BUSINESS_NAME, BUSINESS_TYPE, CHANNELS, MARKET, PAIN_KIND, CHANNELS_DONE, CHANNELS_MORE, CONTROL_INTENTS,
                       DESTRUCTIVE_INTENTS, FREE_TEXT, INTERVIEW, OFFERING, OUT_OF_SCOPE, PAIN_POINTS, SELECT_CHANNELS,
                       SKIP, START_JOURNEY)

# answers to these questions say nothing about other questions: names contain ordinary words, and a
# pain point or an audience is free text, never a price or a channel edit
NO_OTHER_READINGS = (BUSINESS_NAME, AUDIENCE, PAIN_POINTS, PAIN_KIND)
# ... and the offering and the market describe the product and the customers: channels named there are
# product features or the customers' doings ("herinneringen via sms en WhatsApp", "kantoren die bloemen
# op de receptie willen"). Elsewhere a channel is noted in passing only after a channel word ("ze kiezen
# in de winkel" is noted, "ze vergelijken en bellen er een paar op" is not): the channel question, always
# asked, collects the owner's own
NO_CHANNEL_READINGS = (BUSINESS_NAME, AUDIENCE, PAIN_POINTS, PAIN_KIND, OFFERING, MARKET)

ANSWER, CONTROL, OFF_TOPIC, SKIPPED, MISS, CORRECTION, CLARIFY, RESUME = (
    "answer", "control", "off_topic", "skip", "miss", "correction", "clarify", "resume")


def asks_what_is_meant(text: str) -> bool:
    """"wat bedoel je met kanalen?", "what do you mean by channels?": a question about the question."""
    said = normalise(text)
    return any(re.fullmatch(pattern, said) for pattern in answers()["clarify"])


def asks_back(text: str) -> bool:
    """"Hmm, does it count as B2B if the end users are patients?", "telt een VvE als bedrijf?": a question
    about a closed question (after fillers it starts with a question word and ends with "?"), not an
    answer to it; a tentative answer ("een paar dagen?") has no question word."""
    if not clean_text(text).endswith("?"):
        return False
    cfg = answers()["questions"]
    words = [word for word in normalise(text).split(" ") if word not in set(cfg["fillers"])]
    openers = {word.lower() for word in cfg["openers"] + cfg["ambiguous_openers"] + cfg["yes_no_openers"]}
    return bool(words) and words[0] in openers


@dataclass(frozen=True)
class Message:
    """What the NLU made of the latest message."""

    text: str
    intent: Optional[str] = None
    confidence: float = 0.0
    command: Optional[str] = None                       # an explicit command phrase's intent
    channels: Sequence[str] = ()                        # channel entities (canonical ids)
    removed_channels: Sequence[str] = ()                # negated channel mentions ("geen Facebook meer")
    weak_channels: Sequence[str] = ()                   # generic words ("kantoor", "demo"): only as the channel answer
    bare_channels: Sequence[str] = ()                   # product-like words ("websites") without "via", "onze" ...
    passing_channels: Sequence[str] = ()                # of `channels`, the ones without "via", "op", "onze" ... before them
    repeated: bool = False                              # the owner said the same at the same question before


@dataclass
class Reading:
    """How the interview takes the message: `kind` (answer, control, off_topic, skip, miss, correction),
    the slot values to set, the ones to acknowledge ("Genoteerd: ..."), and notes to show."""

    kind: str
    updates: Dict[str, Any] = field(default_factory=dict)
    noted: Dict[str, Any] = field(default_factory=dict)
    notes: List[str] = field(default_factory=list)


def _control() -> dict:
    return knowledge.load("interview")["control"]


def looks_like_question(text: str) -> bool:
    """Ends with "?", or starts like a question: "hoe laat is het", "in welk jaar viel de Muur", "wat kost
    een liter benzine" (but "wat ik lastig vind is ..." is a statement: after "wat" a pronoun makes it one)."""
    text = clean_text(text)
    if text.endswith("?"):
        return True
    words = normalise(text).split(" ")
    cfg = answers()["questions"]
    openers = {word.lower() for word in cfg["openers"]}
    if words[0] in openers or (len(words) > 2 and words[0] in cfg["question_prepositions"]
                               and words[1] in openers | {"wat", "what"}):
        return True
    return words[0] in {word.lower() for word in cfg["ambiguous_openers"]} and len(words) > 1 \
        and words[1] not in {word.lower() for word in cfg["pronouns"]}


def looks_like_a_request(text: str) -> bool:
    """"sluit de rolluiken", "find me a cheap flight", "wifi doet het niet, help",
    "Welke winkel heeft nog een Switch? Alles is uitverkocht": the shape of a request, not of a name."""
    words = normalise(text).split(" ")
    cfg = answers()["questions"]
    return "?" in text or words[0] in {word.lower() for word in cfg["request_openers"]} \
        or words[-1] in {word.lower() for word in cfg["request_endings"]}


def starts_about_self(text: str) -> bool:
    """"ik heet Jan", "I run Bright Spark Electrical", "wij verkopen keukens": a sentence about the owner
    (answers.yml `questions.self_openers`, `group_openers`)."""
    cfg = answers()["questions"]
    words = clean_text(text).split()
    first = normalise(text).split(" ")[0]
    if first in {word.lower() for word in cfg["self_openers"]}:
        return True
    return first in {word.lower() for word in cfg["group_openers"]} and len(words) > 1 and not words[1][:1].isupper()


def looks_like_a_name(text: str) -> bool:
    """"Kijk Eens Aan", "Skip the Line Laundry": most words capitalised, as names are (and requests
    and questions aren't)."""
    words = [word for word in clean_text(text).split() if word[:1].isalpha()]
    if len(words) < 2 or clean_text(text).endswith("?"):
        return False
    if starts_about_self(text):
        return False  # "I run Bright Spark Electrical" is a sentence with a name in it
    content = [word for word in words if word.lower() not in NAME_JOINERS] or words  # "Bos van de Week"
    openers = {word.lower() for word in answers()["questions"]["request_openers"]}
    if content[0].lower() in openers and len(content) > 1 and content[1][:1].islower():
        return False  # "Speel iets van Frank Boeijen" is a request; "Help de Hond" a name
    return sum(word[0].isupper() for word in content) * 3 >= len(content) * 2


def interrupts(message: Message, requested: str) -> Optional[str]:
    """The kind of interruption this message is while `requested` is asked: CONTROL (a rule answers
    the classifier's intent), OFF_TOPIC, SKIPPED, RESUME (start the interview: it is running), or None
    (read it as the answer)."""
    if message.command:
        if message.command == SKIP:
            return SKIPPED
        if message.command == START_JOURNEY:
            # "ik wil mijn klantreis in kaart brengen" while it is under way: carry on, the question again
            # (handing it to a rule cannot work: Rasa never predicts a form right after it rejected)
            return RESUME
        return CONTROL if message.command in CONTROL_INTENTS and message.command == message.intent else None
    cfg = _control()
    intent, confidence = message.intent, message.confidence
    if intent in DESTRUCTIVE_INTENTS or intent is None:
        return None
    if intent == OUT_OF_SCOPE:
        if requested not in FREE_TEXT:
            return OFF_TOPIC if confidence >= cfg["off_topic"] else None
        # a free-text answer may look like anything; off-topic needs the classifier's confidence, no word
        # of a business, and the shape of a request (a question, or short)
        text = message.text
        short = len(text.split()) <= cfg["off_topic_max_words"]
        if confidence >= cfg["off_topic_free_text"] and not reading.about_business(text) \
                and not looks_like_a_name(text) and (short or looks_like_question(text)):
            return OFF_TOPIC
        return None
    if requested in FREE_TEXT:
        if intent in cfg["free_text_questions"] and confidence >= cfg["question"] and looks_like_question(message.text):
            return CONTROL
        return None
    if intent == SKIP and confidence >= cfg["skip"]:
        return SKIPPED
    if intent in CONTROL_INTENTS and confidence >= cfg["closed"]:
        return CONTROL
    if intent == START_JOURNEY and confidence >= cfg["closed"]:
        return RESUME
    return None


def read(message: Message, requested: Optional[str], values: Mapping[str, Any], candidates: Sequence[str],
         language: str) -> Reading:
    """How the interview takes `message` while `requested` is asked (None: the opening that starts it).

    `values` are the interview answers so far (None = not given), `candidates` the channels noted in
    passing. The result's updates include `channel_candidates` when they changed."""
    text = clean_text(message.text)
    if requested is None:
        return _opening(message, text, values, candidates, language)
    if not message.command and asks_what_is_meant(text):
        return Reading(CLARIFY)
    interruption = interrupts(message, requested)
    if not message.command and interruption in (None, OFF_TOPIC) and requested not in FREE_TEXT and asks_back(text):
        return Reading(CLARIFY)  # a question back about a closed question is no answer to it
    if requested == BUSINESS_NAME and interruption in (None, OFF_TOPIC) and not message.command:
        shaped = _not_a_name(message, text, values, candidates, language, off_topic=interruption == OFF_TOPIC)
        if shaped is not None:
            return shaped
    if interruption == OFF_TOPIC and message.repeated:
        interruption = None  # said again after the bot called it off-topic: the owner means it as the answer
    if interruption and (message.command or requested in FREE_TEXT):
        return Reading(interruption)  # explicit commands always; in free text nothing else is checked
    if message.command == SELECT_CHANNELS and requested in (CHANNELS, CHANNELS_MORE):
        return _selected_channels(message, language)
    if text.startswith("/"):
        return Reading(MISS)  # a button payload that is no answer here
    readings = reading.extract(text, requested=_reading_slot(requested))
    result = Reading(ANSWER)
    answered = _answer(requested, message, text, readings, values, candidates, language, result)
    _others(requested, message, text, readings, values, candidates, language, result, answered)
    if answered:
        return result
    if interruption:  # a closed question: the answer came first, and there was none
        return Reading(interruption)
    result.kind = CORRECTION if result.updates else MISS
    return result


# small words inside names ("Bakkerij van Dam", "Stop & Go", "Huis ter Duin")
NAME_JOINERS = {"de", "het", "van", "der", "den", "ter", "ten", "in", "op", "&", "en", "and", "the", "of", "'t"}


def name_in(text: str) -> Optional[str]:
    """The name inside a sentence: the longest run of at least two capitalised words (small words may
    join them), not counting the sentence's first word ("Wij zijn De Groene Vinger, een tuincentrum")."""
    words = re.findall(r"[\w'&.-]+|[,;:!?]", clean_text(text))
    runs: List[List[str]] = []
    run: List[str] = []
    for index, word in enumerate(words):
        if word[:1].isupper() and index > 0:
            run.append(word)
            continue
        if run and word.lower() in NAME_JOINERS:
            run.append(word)
            continue
        runs.append(run)
        run = []
    runs.append(run)
    best: List[str] = []
    for candidate in runs:
        while candidate and not candidate[-1][:1].isupper():
            candidate = candidate[:-1]
        if sum(word[:1].isupper() for word in candidate) >= 2 and len(candidate) > len(best):
            best = candidate
    return " ".join(best) if best else None


def _not_a_name(message: Message, text: str, values: Mapping[str, Any], candidates: Sequence[str],
                language: str, off_topic: bool = False) -> Optional[Reading]:
    """The business-name question gets a sentence, not a name. A name is short or name-shaped; a long
    statement is either a description of the business (its name taken from it when it has one, what
    else it says noted, the name asked again) or a request the bot can't help with (off-topic); a
    question is never a name. `off_topic`: the classifier called it off-topic. None: read the message
    as the name."""
    if looks_like_a_name(text):
        return None
    about = reading.about_business(text)
    announced = opening_name(text)
    if looks_like_question(text) and not announced:
        return Reading(CLARIFY) if about else Reading(OFF_TOPIC)
    if not announced and not about and looks_like_a_request(text):
        return Reading(OFF_TOPIC)
    about_self = starts_about_self(text)
    if not announced and not about_self and len(text.split()) <= _control()["name_max_words"]:
        return None
    if about_self and not announced and not about and not name_in(text):
        # "ik heet Jan", "ik heb een bakkerij", "I just got a puppy!": no business name in it; what it says
        # about the business is noted, and the name asked again
        return _asked_again(_described(message, text, values, candidates, language))
    # capitalised words in a request the classifier calls off-topic are no name ("… over de Tweede
    # Wereldoorlog"); an announced name ("we heten …") always is
    name = announced or (None if off_topic and not about else name_in(text))
    if not name and not about and message.intent not in ("inform", "start_journey"):
        return Reading(OFF_TOPIC)
    rest = text.replace(name, " ") if name else text  # "voor Altijd Tattoo" in a name is no audience
    described = _described(message, rest, values, candidates, language)
    verdict = interview.check_answer(BUSINESS_NAME, name, language) if name else None
    if verdict is not None and verdict.value is not None:
        described.updates[BUSINESS_NAME] = verdict.value
        return described
    if not about:
        return Reading(OFF_TOPIC)
    return _asked_again(described)


def _described(message: Message, text: str, values: Mapping[str, Any], candidates: Sequence[str],
               language: str) -> Reading:
    """What a sentence said at the business-name question tells about the business, read like an
    opening, without a business name of its own."""
    described = _opening(replace(message, text=text), clean_text(text), values, candidates, language)
    described.noted.pop(BUSINESS_NAME, None)
    described.updates.pop(BUSINESS_NAME, None)
    return described


def _asked_again(described: Reading) -> Reading:
    """No name in it: what it said is kept (a correction) and the name is asked again (a miss)."""
    described.kind = CORRECTION if described.updates else MISS
    return described


def opening_name(text: str) -> Optional[str]:
    """A name announced with words ("ons bedrijf heet X", "we're called X"), or introduced: "Wij zijn De
    Groene Vinger, ...", "This is Bright Spark Electrical": capitalised words right after the intro."""
    from bot.parse import opening
    named = opening.rich_fields(text).get(BUSINESS_NAME)
    if named:
        return named
    intro = re.search(rf"(?<!\w)(?:{'|'.join(answers()['name_intros'])})\s+(?P<rest>.+)", clean_text(text), re.I)
    if intro:
        found = name_in("x " + intro.group("rest"))
        if found and intro.group("rest").startswith(found):
            return found
    return None


def _selected_channels(message: Message, language: str) -> Reading:
    """The widget's channel checkboxes: the ticked channels are the whole list (none ticked: none), so
    channels noted by mistake are gone and "any other channels?" is not asked."""
    chosen = interview.check_answer(CHANNELS, list(message.channels), language).value
    return Reading(ANSWER, updates={CHANNELS: chosen, CHANNELS_MORE: CHANNELS_DONE, "channel_candidates": []})


def _reading_slot(requested: str) -> Optional[str]:
    return None if requested in (CHANNELS, CHANNELS_MORE, BUSINESS_TYPE, PAIN_KIND) else requested


def _answer(requested: str, message: Message, text: str, readings: Dict[str, Any], values: Mapping[str, Any],
            candidates: Sequence[str], language: str, result: Reading) -> bool:
    """Puts the answer to the requested question in `result`; False when there is none."""
    removed = set(message.removed_channels)
    if requested == CHANNELS:
        named = list(message.channels) + list(message.bare_channels) + list(message.weak_channels)
        if not named and not reading.is_none_answer(text) and not removed:
            return False
        value = [c for c in dict.fromkeys(list(candidates) + named) if c not in removed]
        result.updates[CHANNELS] = value
        # "any other channels?" comes next, unless the owner said there are none
        result.updates[CHANNELS_MORE] = CHANNELS_DONE if reading.is_none_answer(text) and not named else None
        result.updates["channel_candidates"] = []
        return True
    if requested == CHANNELS_MORE:
        named = list(message.channels) + list(message.bare_channels) + list(message.weak_channels)
        said_no = reading.is_none_answer(text) or normalise(text).split(" ")[0] in answers()["none_openers"] \
            or reading.ends_with_none(text)
        if not named and not removed and not said_no:
            return False
        current = list(values.get(CHANNELS) or [])
        # "Airbnb hebben we opgezegd" after "Booking.com en Pitchup": one platform of a group went
        removed = {c for c in removed if not (channels.is_group(c) and c in current)}
        result.updates[CHANNELS] = [c for c in dict.fromkeys(current + named) if c not in removed]
        result.updates[CHANNELS_MORE] = CHANNELS_DONE
        return True
    if requested == PAIN_KIND:
        picked = interview.pain_kind_answer(text, values)
        if picked is None:
            return False
        result.updates[PAIN_KIND] = picked
        return True
    if requested == BUSINESS_TYPE:
        from bot import business
        kind = business.type_from_text(text)
        if kind is None:
            return False
        result.updates[BUSINESS_TYPE] = kind
        return True
    if requested in FREE_TEXT:
        correction = references.correction(text)
        if correction and correction[0] != requested:
            return False
        if requested != PAIN_POINTS and (reading.is_non_answer(text) or reading.is_none_answer(text)):
            return False
    value = readings.get(requested)
    if value is None:
        return False
    verdict = interview.check_answer(requested, value, language)
    if verdict.value is None:
        return False
    result.updates[requested] = verdict.value
    if verdict.note:
        result.notes.append(verdict.note)
    return True


def _others(requested: str, message: Message, text: str, readings: Dict[str, Any], values: Mapping[str, Any],
            candidates: Sequence[str], language: str, result: Reading, answered: bool) -> None:
    """What the message says about other questions: fills unanswered ones, corrects given ones only
    explicitly, and notes channels as candidates (never in free-text answers)."""
    strict = requested in FREE_TEXT  # a free-text answer corrects another field only with a cue word
    if requested not in NO_OTHER_READINGS:
        correction = references.correction(text)
        if correction and correction[0] != requested and not (answered and requested in FREE_TEXT):
            slot, value = correction
            verdict = interview.check_answer(slot, value, language)
            if verdict.value is not None:
                result.updates[slot] = result.noted[slot] = verdict.value
        for slot, value in readings.items():
            if slot == requested or slot in result.updates or slot not in INTERVIEW or slot in FREE_TEXT:
                continue
            given = values.get(slot) is not None
            if given and not _corrects(text, slot, strict):
                continue
            verdict = interview.check_answer(slot, value, language)
            if verdict.value is not None and verdict.value != values.get(slot):
                result.updates[slot] = result.noted[slot] = verdict.value
    if requested in NO_CHANNEL_READINGS or requested in (CHANNELS, CHANNELS_MORE):
        return
    # while the offering is asked, "we bouwen websites" names a product, not a channel of the owner's
    added = list(message.channels) + ([] if requested == OFFERING else list(message.bare_channels))
    removed = set(message.removed_channels)
    if not added and not removed:
        return
    if values.get(CHANNELS) is None:
        noted = noted_in_passing(message, candidates)
        if noted != list(candidates):
            result.updates["channel_candidates"] = noted
    elif not answered:  # "we zitten ook op LinkedIn" instead of an answer: a correction of the channels
        current = list(values.get(CHANNELS) or [])
        changed = [c for c in dict.fromkeys(current + added) if c not in removed]
        if changed != current:
            result.updates[CHANNELS] = result.noted[CHANNELS] = changed


def noted_in_passing(message: Message, candidates: Sequence[str]) -> List[str]:
    """The channel candidates after a message that is no channel answer: only channels named right after
    a channel word are added ("ze kiezen in de winkel"; neither "ze bellen" nor "een zaakje voor
    telefoons", whose product-like word is `bare`), negated ones are taken out."""
    passing, removed = set(message.passing_channels), set(message.removed_channels)
    return [channel for channel in dict.fromkeys(list(candidates) + list(message.channels))
            if channel not in passing and channel not in removed]


def _corrects(text: str, slot: str, strict: bool) -> bool:
    """An explicit correction of a given answer: names the field or says it corrects (free-text
    answers need the correction word itself: "onze prijs van 50 euro is te hoog" is a pain point)."""
    if strict:
        return bool(find_words(text, answers()["corrections"]["cue_words"]))
    return references.is_correction(text, slot)


def _opening(message: Message, text: str, values: Mapping[str, Any], candidates: Sequence[str],
             language: str) -> Reading:
    """The message that starts the interview: whatever it says outright fills the questions not
    answered yet; channels are noted as candidates."""
    result = Reading(ANSWER)
    if not text or text.startswith("/") or message.command or message.intent == OUT_OF_SCOPE:
        return result
    for slot, value in reading.extract(text).items():
        if slot in INTERVIEW and values.get(slot) is None:
            verdict = interview.check_answer(slot, value, language)
            if verdict.value is not None:
                result.updates[slot] = result.noted[slot] = verdict.value
    if values.get(CHANNELS) is None:
        noted = noted_in_passing(message, candidates)
        if noted != list(candidates):
            result.updates["channel_candidates"] = noted
    return result


# what a host portal may hand over (the widget's data-* attributes or its JS call), besides contract slots
PREFILL_WEBSITE = "website"
WEBSITE_SHAPE = re.compile(r"(https?://)?[\w-]+(\.[\w-]+)+(/\S*)?", re.IGNORECASE)


def read_prefill(prefill: Mapping[str, Any], values: Mapping[str, Any], candidates: Sequence[str],
                 language: str) -> Reading:
    """What a host portal already knows (onboarding), read like typed answers: each value is taken as
    the answer to its own question and checked the same way; it fills only questions not answered yet,
    so the owner's own answers always win. Channels (and a website address) are candidates, shown
    ticked at the channel question, which is still asked. Unknown keys and unusable values are dropped."""
    result = Reading(ANSWER)
    for slot in INTERVIEW:
        raw = prefill.get(slot)
        if slot == CHANNELS or values.get(slot) is not None or not isinstance(raw, (str, int, float)):
            continue
        text = clean_text(str(raw))
        value = text if slot in FREE_TEXT else reading.extract(text, requested=slot).get(slot)
        verdict = interview.check_answer(slot, value, language) if value else None
        if verdict is not None and verdict.value is not None:
            result.updates[slot] = verdict.value
    if values.get(CHANNELS) is None:
        offered = prefill.get(CHANNELS) if isinstance(prefill.get(CHANNELS), list) else []
        website = prefill.get(PREFILL_WEBSITE)
        if isinstance(website, str) and WEBSITE_SHAPE.fullmatch(website.strip()):
            offered = offered + [PREFILL_WEBSITE]
        known = interview.check_answer(CHANNELS, [c for c in offered if isinstance(c, str)], language).value
        noted = list(dict.fromkeys(list(candidates) + known))
        if noted != list(candidates):
            result.updates["channel_candidates"] = noted
    return result


def read_update(message: Message, values: Mapping[str, Any], language: str) -> Reading:
    """After the journey every message that gives information corrects it: "de prijs is eigenlijk 50
    euro", "we zitten ook op LinkedIn", "we hebben geen Facebook meer", "de doelgroep is eigenlijk
    jonge gezinnen". Free-text answers change only through such an explicit correction."""
    text = clean_text(message.text)
    result = Reading(CORRECTION)
    if not text or text.startswith("/"):
        result.kind = MISS
        return result
    correction = references.correction(text)
    if correction:
        verdict = interview.check_answer(correction[0], correction[1], language)
        if verdict.value is not None:
            result.updates[correction[0]] = verdict.value
    for slot, value in reading.extract(text).items():
        if slot in FREE_TEXT or slot in result.updates:
            continue
        verdict = interview.check_answer(slot, value, language)
        if verdict.value is not None and verdict.value != values.get(slot):
            result.updates[slot] = verdict.value
    current = list(values.get(CHANNELS) or [])
    removed = set(message.removed_channels)
    changed = [c for c in dict.fromkeys(current + list(message.channels) + list(message.bare_channels)) if c not in removed]
    if changed != current:
        result.updates[CHANNELS] = changed
    result.noted = dict(result.updates)
    if not result.updates:
        result.kind = MISS
    return result
