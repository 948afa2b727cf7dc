"""Channels in a message, over plain tokens: one typo forgiven in long channel words ("instagam"), and
negation ("geen webshop", "twitter gebruiken we niet meer"). The spaCy entity ruler finds the lexicon's
phrases (bot/nlu); this module decides what those mentions mean. Words in answers.yml and channels.yml.
"""
from __future__ import annotations

import functools
import re
from typing import Any, Collection, Dict, List, Optional, Sequence, Tuple

from bot import knowledge
from bot.parse.phrases import answers, has_any, words_regex

FUZZY_MIN_LENGTH = 6  # words this long may have one typo ("webshp", "instagam", "nieuwbrief")
WEAK = "weak"  # the role of a generic channel word mentioned in passing ("kantoor", "demo")
BARE = "bare"  # the role of a product-like channel word without a channel word before it ("websites")
PASSING = "passing"  # a channel word without a channel word before it ("ze bellen", "aan cafés en festivals"):
                     # an answer to the channel questions, never a channel noted from another answer
SENTENCE_BREAKS = {".", "!", "?", ";"}


def one_edit_apart(a: str, b: str) -> bool:
    """True when a and b differ by one inserted, deleted, replaced or swapped letter."""
    if abs(len(a) - len(b)) > 1 or a == b:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        return len(diff) == 1 or (len(diff) == 2 and diff[1] == diff[0] + 1
                                  and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]])
    short, long_ = sorted((a, b), key=len)
    return any(long_[:i] + long_[i + 1:] == short for i in range(len(long_)))


@functools.lru_cache(maxsize=None)
def typo_tolerant_words() -> Dict[str, str]:
    """answers.yml's typo_tolerant words, with the channel each one belongs to."""
    tolerant = set(answers()["typo_tolerant"])
    words: Dict[str, str] = {}
    for channel in knowledge.load("channels")["channels"]:
        for language in knowledge.LANGUAGES:
            for synonym in channel["synonyms"][language]:
                if synonym in tolerant:
                    words.setdefault(synonym, channel["id"])
    return words


def typo_channel(word: str) -> Optional[str]:
    """The channel a long word means with one typo, or None."""
    if len(word) < FUZZY_MIN_LENGTH or not word.isalpha():
        return None
    word = word.lower()
    return next((cid for known, cid in typo_tolerant_words().items() if one_edit_apart(word, known)), None)


def negated(tokens: Sequence[str], start: int, end: int) -> bool:
    """Whether the mention tokens[start:end] is negated within its clause: "geen webshop" (before) or
    "twitter gebruiken we niet meer" (after). `tokens` are lower-cased words and punctuation."""
    cfg = answers()
    breaks = set(cfg["clause_breaks"]) | SENTENCE_BREAKS  # "De nieuwsbrief! Pinterest ... niks mee": two sentences
    before = list(tokens[max(0, start - cfg["negation_window"]):start])
    for index in range(len(before) - 1, -1, -1):  # a negation reaches up to the clause break only
        if before[index] in breaks:
            before = before[index + 1:]
            break
    if set(word.lower() for word in cfg["negations"]).intersection(before):
        return True
    after: List[str] = []
    clause_ends = True
    for token in tokens[end:end + cfg["negation_window"] + 1]:
        if token in breaks:
            break
        after.append(token)
    else:
        clause_ends = end + cfg["negation_window"] + 1 >= len(tokens)
    for phrase in cfg["negations_after"]:
        words = phrase.split()
        if not all(word in after for word in words):
            continue
        # a bare "niet"/"not" negates the mention only at the end of its clause ("een website hebben we
        # niet"); "tiktok, not instagram" negates what follows it
        if len(words) > 1 or (clause_ends and after and after[-1] in words):
            return True
    return _dropped_later(tokens, end, breaks)


def _dropped_later(tokens: Sequence[str], end: int, breaks: set) -> bool:
    """"Facebook of Instagram hebben we niet", "TikTok heb ik geprobeerd maar daar ben ik mee gestopt",
    "Pinterest, not any more": the clause ends in a negation, the next clause is one, or the rest of the
    sentence says, referring back, that it was dropped (answers.yml `dropped_clause_end`,
    `dropped_next_clause`: every word of a phrase, in any order)."""
    cfg = answers()
    clause: List[str] = []
    position = end
    while position < len(tokens) and tokens[position] not in breaks:
        clause.append(tokens[position])
        position += 1
    tail = " ".join(clause[-4:])
    if any(tail.endswith(phrase) for phrase in cfg["dropped_clause_end"]):
        return True
    ended_sentence = position < len(tokens) and tokens[position] in SENTENCE_BREAKS
    following: List[str] = []
    position += 1
    while position < len(tokens) and tokens[position] not in breaks | SENTENCE_BREAKS:
        following.append(tokens[position])
        position += 1
    if following and " ".join(following) in cfg["dropped_clause_end"]:
        return True  # "Pinterest, not any more."
    if ended_sentence:
        return False  # "Telefoon vooral. Werkspot ... gestopt": the next sentence is about something else
    # the rest of the sentence, when it refers back ("..., maar daar doe ik niks mee")
    rest = []
    while position < len(tokens) and tokens[position] not in SENTENCE_BREAKS:
        rest.append(tokens[position])
        position += 1
    later = following + rest
    return any(all(word in later for word in phrase.split()) for phrase in cfg["dropped_next_clause"])


QUOTES = {"'", '"', "‘", "’", "“", "”", "`"}


def quoted_or_named(words: Sequence[str], start: int) -> bool:
    """A generic word inside quotes ("zoektermen als 'rooster app horeca'") or inside a proper name ("ons
    kantoor aan de Grote Markt") is no channel. `words` are the tokens as typed."""
    sentence_start, _ = sentence_bounds(words, start)
    if sum(word in QUOTES for word in words[sentence_start:start]) % 2 == 1:
        return True
    word = words[start]
    return start > sentence_start and word[:1].isupper() and words[start - 1][:1].isupper()


def in_channel_context(tokens: Sequence[str], start: int) -> bool:
    """True when a channel-context word ("via", "op", "onze", "through") comes just before the mention."""
    context = {word.lower() for word in answers()["channel_context"]}
    return bool(context.intersection(tokens[max(0, start - 2):start]))


def starts_in_context(tokens: Sequence[str], start: int, end: int) -> bool:
    """A lexicon phrase that opens with a channel word itself: "in de winkel", "via via", "onze website"."""
    return end - start > 1 and tokens[start] in {word.lower() for word in answers()["channel_context"]}


def for_whom(tokens: Sequence[str], start: int) -> bool:
    """A generic word that says for whom ("articles about privacy for practices", "software voor
    kantoren"): the customers, not the owner's place (answers.yml `for_whom_words`)."""
    return start > 0 and tokens[start - 1] in set(answers()["for_whom_words"])


def located_mentions(tokens: Sequence[str], spans: Sequence[Tuple[int, int, str, bool]]) -> set:
    """(start, channel) of mentions that only say where another one is: a market right after the shop
    ("het kot zelf op de markt") or the premises right after an event ("open dagen op onze werkplaats"),
    joined by a location word (answers.yml `location_words`) and at most an article or "onze"."""
    cfg = answers()
    places = set(cfg["location_words"])
    fillers = places | {"de", "het", "the", "onze", "ons", "our", "my", "mijn"}
    other = {"events": "store", "store": "events"}
    ends = {(end, channel) for _, end, channel, _ in spans}
    found = set()
    for start, _, channel, _ in spans:
        if channel not in other:
            continue
        for gap in (0, 1, 2, 3):
            between = tokens[start - gap:start]
            if start - gap < 0 or (start - gap, other[channel]) not in ends:
                continue
            if all(token in fillers for token in between) and (places & set(between) or tokens[start] in places):
                found.add((start, channel))
    return found


def via_referrers(tokens: Sequence[str], covered: set) -> List[Tuple[str, int]]:
    """("partners", position) for "via de uitvaartondernemer", "through the estate agents": a business or
    professional right after "via"/"through" (and an article) that names no channel of its own."""
    found = []
    nouns = answers()["referral_grammar"]["nouns"]
    for index, token in enumerate(tokens):
        # "referrals from GP surgeries": after a referral noun, "from"/"van"/"door" introduces the referrer
        after_noun = token in ("from", "van", "door") and index > 0 and has_any(tokens[index - 1], nouns)
        if token not in ("via", "through") and not after_noun:
            continue
        position = index + 1
        while position < len(tokens) and tokens[position] in ("de", "het", "een", "onze", "the", "a", "an", "our"):
            position += 1
        skipped = 0
        while after_noun and skipped < 2 and position + 1 < len(tokens) and not _is_referrer(tokens[position]):
            position, skipped = position + 1, skipped + 1  # "GP surgeries", "local primary schools"
        if position < len(tokens) and position not in covered and tokens[position].isalpha() \
                and _is_referrer(tokens[position]):
            found.append(("partners", position))
    return found


ADDRESS = re.compile(r"^(?:www\.)?[a-z0-9-]+\.[a-z.]+$")


def own_address(tokens: Sequence[str], start: int) -> bool:
    """A web address the owner calls their own: "onze site bakkerijjansen.nl", "my website is x.co.uk"
    (answers.yml `own_site_words` in the three words before it, with no list word in between: "de webshop
    en bol.com" names two channels)."""
    if not ADDRESS.match(tokens[start]):
        return False
    joiners, own = _word_set("list_joiners"), _word_set("own_site_words")
    for token in reversed(tokens[max(0, start - 3):start]):
        if token in joiners:
            return False
        if token in own:
            return True
    return False


def address_with_reviews(tokens: Sequence[str], start: int) -> bool:
    """"trouwen.nl, daar staan mijn reviews", "quite a few reviews on homecare.co.uk": a web address the
    owner names for the reviews on it is a review platform (answers.yml `review_words` later in the same
    sentence, or just before it: "reviews on/op" it)."""
    if not ADDRESS.match(tokens[start]) or tokens[start] in _named_platforms():
        return False  # booking.com is a booking platform whatever is said about reviews after it
    first, last = sentence_bounds(tokens, start)
    review_words = _word_set("review_words")
    if start - 2 >= first and tokens[start - 1] in ("on", "op", "at", "via") and tokens[start - 2] in review_words:
        return True
    for token in tokens[start + 1:last]:
        if token in ("en", "and", "maar", "but"):
            return False  # "... and we've loads of reviews on Tripadvisor": about something else
        if token in review_words:
            return True
    return False


@functools.lru_cache(maxsize=None)
def _word_set(*keys: str) -> frozenset:
    """A word list of answers.yml (`keys` its path) as a set, built once (these run for every channel
    mention)."""
    found: Any = answers()
    for key in keys:
        found = found[key]
    return frozenset(found)


@functools.lru_cache(maxsize=None)
def _named_platforms() -> frozenset:
    """The web addresses the lexicon names itself ("bol.com", "booking.com")."""
    return frozenset(word.lower() for channel in knowledge.load("channels")["channels"]
                     for words in channel["synonyms"].values() for word in words if ADDRESS.match(word.lower()))


def describes_earlier(tokens: Sequence[str], start: int, earlier: Sequence[int]) -> bool:
    """True when a generic word describes a channel named earlier in the sentence: "Google Maps waar we
    met 80 reviews staan", "our website with case studies"."""
    window = tokens[max(0, start - 6):start]  # "onze website met een formulier om een demo aan te vragen"
    if not set(window) & set(answers()["describing_words"]):
        return False
    sentence_start, _ = sentence_bounds(tokens, start)
    return any(sentence_start <= position < start for position in earlier)


@functools.lru_cache(maxsize=None)
def _product_like() -> frozenset:
    return frozenset(entry["id"] for entry in knowledge.load("channels")["channels"] if entry.get("product_like"))


def product_like(channel: str) -> bool:
    return channel in _product_like()


@functools.lru_cache(maxsize=None)
def _groups() -> frozenset:
    return frozenset(entry["id"] for entry in knowledge.load("channels")["channels"] if entry.get("group"))


def is_group(channel: str) -> bool:
    """A channel that gathers many platforms or places (channels.yml `group`): one of them stopped is
    not the channel stopped."""
    return channel in _groups()


def channel_ids() -> List[str]:
    return [entry["id"] for entry in knowledge.load("channels")["channels"]]


def sentence_bounds(tokens: Sequence[str], start: int) -> Tuple[int, int]:
    first = max([i + 1 for i, token in enumerate(tokens[:start]) if token in SENTENCE_BREAKS] or [0])
    last = next((i for i in range(start, len(tokens)) if tokens[i] in SENTENCE_BREAKS), len(tokens))
    return first, last


def _clauses(tokens: Sequence[str], first: int, last: int) -> List[Tuple[int, int]]:
    breaks = set(answers()["clause_breaks"]) | SENTENCE_BREAKS
    clauses, begin = [], first
    for index in range(first, last):
        if tokens[index] in breaks:
            clauses.append((begin, index))
            begin = index + 1
    clauses.append((begin, last))
    return [clause for clause in clauses if clause[1] > clause[0]]


def _has_cue(tokens: Sequence[str], begin: int, end: int, cues: Sequence[str]) -> bool:
    return has_any(" ".join(tokens[begin:end]), cues)


@functools.lru_cache(maxsize=None)
def _later_clause_cues() -> Tuple[str, ...]:
    """The stopped cues that also count from a later clause (not `own_clause_cues`), worked out once."""
    own = set(answers()["own_clause_cues"])
    return tuple(cue for cue in answers()["stopped_cues"] if cue not in own)


def stopped(tokens: Sequence[str], start: int, mentions: Sequence[int]) -> bool:
    """Whether the owner stopped using (or only tried, or leaves dormant) the channel mentioned at
    `start`: a cue of answers.yml `stopped_cues` in its own clause, or in a later clause of the sentence
    that names no channel of its own ("werkspot heb ik een jaar gedaan maar was te duur dus gestopt").
    `mentions` are the start positions of every channel mention in the message. A channel in a question
    ("moet ik eigenlijk op Instagram gaan?") is one the owner is not on yet."""
    cues = answers()["stopped_cues"]
    first, last = sentence_bounds(tokens, start)
    if last < len(tokens) and tokens[last] == "?":
        return True
    clauses = _clauses(tokens, first, last)
    own = next((i for i, (begin, end) in enumerate(clauses) if begin <= start < end), None)
    if own is None:
        return False
    if _has_cue(tokens, *clauses[own], cues):
        return True
    for begin, end in clauses[own + 1:]:
        if any(begin <= mention < end for mention in mentions):
            return False  # the cue further on is about that channel
        if _has_cue(tokens, begin, end, _later_clause_cues()):
            return True
    return False


def _is_referrer(word: str) -> bool:
    """A business or a professional: "huisartsen", "accountantskantoren", "midwives", "the hotel"."""
    cfg = answers()
    rich = cfg["rich"]
    word = word.split("-")[-1]  # "oud-klanten": the last part decides
    forms = {word}
    for ending in ("'s", "en", "s"):
        if word.endswith(ending) and len(word) > len(ending) + 2:
            forms.add(word[: -len(ending)])
    if forms & set(cfg["referring_people"]):
        return False
    if any(form.endswith(referrer) for form in forms for referrer in cfg["referrers"] if len(referrer) > 3):
        return True  # "kinderartsen", "pianohandelaren", "uitvaartondernemers"
    for form in forms:
        if has_any(form, rich["professions"]) or has_any(form, rich["business_nouns"]):
            return True
        if len(form) > 5 and any(form.endswith(ending) for ending in rich["profession_endings"]):
            return True
    return False


def is_referral_word(text: str) -> bool:
    """"doorverwijzen", "recommend us": a word of referring (the lexicon's word-of-mouth phrases include
    them), not "via via"."""
    grammar = answers()["referral_grammar"]
    return has_any(text, answers()["referral_verbs"]) or has_any(text, grammar["nouns"])


def _sends_a_thing(tokens: Sequence[str], verb_end: int, last: int, verb: str, covered: Collection[int]) -> bool:
    """"we sturen een nieuwsbrief", "stuurt een WhatsAppje": a sending verb (answers.yml
    `referral_grammar.sending_verbs`) whose clause names a channel before any person or referrer."""
    if verb not in _word_set("referral_grammar", "sending_verbs"):
        return False
    people, breaks = _word_set("referring_people") | {"ons", "mij", "me", "us", "door"}, _word_set("clause_breaks")
    for index in range(verb_end, last):
        if tokens[index] in breaks or tokens[index] in people:
            return False
        if index in covered:
            return True
    return False



def referrals(tokens: Sequence[str], covered: Collection[int] = ()) -> List[Tuple[str, int]]:
    """(channel, position of the referrer) for every sentence with a referral verb: `partners` when the
    one who refers is a business or a professional, `word_of_mouth` when it is people (answers.yml
    `referral_verbs`, `referrers`, `referring_people`). The referrer is the word before "die"/"who" when
    the verb is in such a clause ("pianohandelaren die klanten naar mij doorverwijzen"), otherwise the
    first referrer or person in the sentence ("het hotel om de hoek stuurt toeristen naar ons door")."""
    cfg = answers()
    verbs = cfg["referral_verbs"]
    people = set(cfg["referring_people"])
    grammar = cfg["referral_grammar"]
    relatives, agents, participles = set(grammar["relatives"]), set(grammar["passive_agents"]), set(grammar["participles"])
    found: List[Tuple[str, int]] = []
    position = 0
    while position < len(tokens):
        first, last = sentence_bounds(tokens, position)
        position = last + 1
        sentence = " ".join(tokens[first:last])
        match = next((found_verb for found_verb in words_regex(tuple(verbs)).finditer(sentence)
                      if not _sends_a_thing(tokens, first + len(sentence[:found_verb.end()].split()), last,
                                            found_verb.group(0).lower(), covered)), None)
        if not match:
            continue
        verb_at = first + len(sentence[:match.start()].split())
        verb_end = first + len(sentence[:match.end()].split())
        relative = next((i for i in range(verb_at, first - 1, -1) if tokens[i] in relatives), None)
        if match.group(0).lower() in participles and any(tokens[i] in agents
                                                        for i in range(verb_end, min(verb_end + 2, last))):
            # "patiënten worden doorverwezen door de huisartsen": the one after "door" refers
            window = range(verb_end, last)
        elif relative is not None:
            if relative + 1 < last and tokens[relative + 1] in ("elkaar", "each", "one"):
                found.append(("word_of_mouth", relative))  # "winkels in de straat die elkaar tippen": peers
                continue
            window = range(relative - 1, first - 1, -1)
        else:
            # "Verder sturen installateurs klanten naar ons door": the subject may follow the verb
            after = range(verb_end, min(verb_end + grammar["inverted_subject_window"], last))
            window = list(range(first, verb_at)) + list(after)
        for index in window:
            word = tokens[index]
            if word.split("-")[-1] in people:
                found.append(("word_of_mouth", index))
                break
            if _is_referrer(word):
                found.append(("partners", index))
                break
    return found



def named_media(tokens: Sequence[str], words: Sequence[str], covered: Collection[int]) -> List[Tuple[str, int]]:
    """("local_print", position) for "We adverteren al jaren in de Streekpost", "an ad in the Surrey
    Advertiser": an advertising word in the sentence and "in" + article + a capitalised name that is no
    channel of its own (answers.yml `named_media`)."""
    advertising, articles = _word_set("named_media", "words"), _word_set("named_media", "articles")
    found: List[Tuple[str, int]] = []
    for index in range(len(tokens) - 2):
        name = index + 2
        if tokens[index] != "in" or tokens[index + 1] not in articles or name in covered \
                or not words[name][:1].isupper() or not words[name].isalpha():
            continue
        first, last = sentence_bounds(tokens, index)
        if any(token in advertising for token in tokens[first:last]):
            found.append(("local_print", name))
    return found
