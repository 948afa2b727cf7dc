"""Reading owners' answers (bot/parse/): prices, frequencies and decision times, market and goal,
sentences about the business, explicit commands, language requests and corrections."""
import pytest

from bot.parse import channels, choices, commands, language, opening, prices, reading, references, timing
from bot import turn


# --- prices ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("said, amount, period", [
    ("€ 3", 3, "once"), ("3 euro", 3, "once"), ("rond de 2.000 euro", 2000, "once"),
    ("tussen 2000 en 4000 euro", 3000, "once"), ("2,50 euro", 2.5, "once"), ("€1.500,00", 1500, "once"),
    ("3k euro", 3000, "once"), ("49 euro per maand", 49, "month"), ("ongeveer 20.000 euro per jaar", 20000, "year"),
    ("twee euro", 2, "once"), ("between 2000 and 8000 euros", 5000, "once"), ("het kost rond de 40", 40, "once"),
    ("minder dan 20 euro", 15, "once"), ("€ 15 per les", 15, "unit"), ("less than 20 euros", 15, "once"),
])
def test_prices_as_owners_write_them(said, amount, period):
    price = prices.find_price(said)
    assert price is not None and price.amount == pytest.approx(amount) and price.period == period


def test_a_range_keeps_both_ends_and_shows_them_back():
    price = prices.find_price("tussen 2000 en 4000 euro")
    assert (price.low, price.high) == (2000, 4000)
    assert price.display("nl") == "€ 2.000–4.000"


@pytest.mark.parametrize("said", [
    "we hebben 20 medewerkers", "rond de 20 medewerkers", "sinds 1998", "3 winkels", "mannen tussen 30 en 50",
    "vrouwen van 30-50 jaar", "55-plussers", "gezinnen met 2 kinderen", "ongeveer 60 bedrijven",
])
def test_numbers_without_a_price_cue_are_not_prices(said):
    assert prices.find_price(said) is None


def test_a_bare_number_or_range_is_a_price_only_as_the_answer_to_the_price_question():
    assert "price" not in reading.extract("3")
    assert reading.extract("3", requested="price")["price"] == "3"
    assert "price" not in reading.extract("mannen tussen 30 en 50", requested="audience")
    assert prices.find_price("tussen 30 en 50", loose=True).amount == 40


# --- purchase frequency ---------------------------------------------------------------------------------

@pytest.mark.parametrize("said, category", [
    ("elke dag", "daily"), ("dagelijks", "daily"), ("een keer per week", "weekly"), ("maandelijks", "monthly"),
    ("een paar keer per jaar", "quarterly"), ("eens per jaar", "yearly"), ("eens in de vijf jaar", "rarely"),
    ("eenmalig", "once"), ("every day", "daily"), ("once a year", "yearly"), ("twice a week", "weekly"),
    # ranges take their middle
    ("eens in de drie à vier jaar", "rarely"), ("elke twee tot drie weken", "monthly"), ("elke 3 a 4 weken", "monthly"),
    ("om de vijf à zeven jaar", "rarely"), ("every 6 to 8 weeks", "monthly"), ("elke 2 a 3 maanden", "quarterly"),
    # courses and packages are bought once; a contract period is the interval
    ("een traject van dertig lessen", "once"), ("de meeste doen 1 cursus", "once"), ("één keer, hopelijk", "once"),
    ("contracten van drie jaar, daarna verlengen ze", "rarely"), ("a three-year contract", "rarely"),
])
def test_purchase_frequencies_as_owners_say_them(said, category):
    assert timing.frequency(said, loose=True).category == category


def test_a_monthly_price_is_not_a_monthly_purchase():
    assert timing.frequency("49 euro per maand", loose=True) is None


def test_a_vague_frequency_is_not_guessed():
    assert timing.frequency("af en toe", loose=True) is None


# --- decision time --------------------------------------------------------------------------------------

@pytest.mark.parametrize("said, category", [
    ("meteen", "instant"), ("een paar dagen", "days"), ("een paar weken", "weeks"), ("maanden", "months"),
    ("a few weeks", "weeks"), ("een week", "days"),
    # negations and qualitative answers
    ("geen lang traject", "hours"), ("niet lang", "hours"), ("nie lang, ze zien iets op insta", "hours"),
    ("not long really", "hours"), ("kort, de office manager bestelt gewoon voor de week", "hours"),
    ("bijbestellen doen ze zonder veel nadenken", "instant"), ("lang, ne maand of zes", "months"),
    ("zes tot twaalf maanden", "months"),
])
def test_decision_times_as_owners_say_them(said, category):
    assert timing.decision_time(said, loose=True).category == category


def test_a_duration_outside_its_question_needs_a_decision_word():
    assert timing.decision_time("we bestaan al drie weken") is None
    assert timing.decision_time("klanten denken er een paar weken over na").words == "een paar weken"


# --- market and goal ------------------------------------------------------------------------------------

@pytest.mark.parametrize("said, weak, market", [
    ("particulieren", False, "b2c"), ("zakelijke klanten", False, "b2b"),
    ("zowel particulieren als bedrijven", False, "both"), ("allebei", True, "both"), ("allebei", False, None),
    ("gezinnen uit de buurt", True, "b2c"), ("gezinnen uit de buurt", False, None),
    ("house owners", True, "b2c"), ("huiseigenaren en VvE's", True, "both"),
    ("particulieren, zakelijk is maar 10 procent", True, "b2c"),
    ("we verkopen niet aan bedrijven, alleen aan particulieren", True, "b2c"),
    ("zowel aan particulieren als in opdracht van werkgevers", False, "both"),
    ("vooral particulieren, maar ook een paar kinderdagverblijven", True, "both"),   # "maar ook" is no small share
    ("particulieren, maar we leveren ook aan een paar uitvaartcentra", True, "both"),
    ("Consumers. We tried selling to hotels once but it never took off.", True, "b2c"),  # the past is not today
])
def test_market(said, weak, market):
    assert choices.market_of(said, weak=weak) == market


@pytest.mark.parametrize("said, goal", [
    ("meer vaste klanten", "loyalty"), ("klanten vasthouden", "loyalty"), ("dat mensen blijven terugkomen", "loyalty"),
    ("meer boekingen via de eigen site", "sales"), ("dat meer stellen contact opnemen voor een kennismaking", "leads"),
    ("dat meer mensen me kennen in de buurt", "awareness"), ("more demo requests", "leads"),
    ("keep customers longer", "loyalty"), ("meer reviews op google", "reviews"),
])
def test_goals_in_the_owners_words(said, goal):
    assert choices.goal_of(said, weak=True) == goal


def test_a_goal_tie_is_not_guessed_but_offered_nearest_first():
    said = "meer mensen binnen krijgen die ons nog niet kennen"
    assert choices.goal_of(said, weak=True) is None
    assert set(choices.goal_candidates(said)[:2]) == {"awareness", "sales"}


@pytest.mark.parametrize("said, goal", [
    ("Meer verkopen. De aanvragen die we krijgen moeten vaker klant worden.", "sales"),
    ("Repeat customers, I'd love more people on a monthly plan.", "loyalty"),
    ("Meer aanvragen voor trouwfeesten en voor de weekdagen.", "leads"),  # "trouwfeesten" is no loyalty
    ("Dat meer mensen uit het dorp weten dat we er zijn.", "awareness"),
    ("leden houden", "loyalty"), ("de klanten die ik heb houden. zit eigenlijk vol", "loyalty"),
    ("meer verhuren in het najaar en de winter", "sales"),
    ("dat klanten ieder jaar weer een afspraak inplannen", "loyalty"), ("keeping our members past the first year", "loyalty"),
    ("meer aanmeldingen voor de cursus", "leads"), ("more parents asking for a trial class", "leads"),
])
def test_owners_name_their_main_goal_first(said, goal):
    assert choices.goal_of(said, weak=True) == goal


def test_a_goal_outside_its_question_needs_a_goal_word():
    assert choices.goal_of("we willen meer reviews") is None
    assert choices.goal_of("ons doel is meer reviews") == "reviews"
    assert choices.goal_of("vrouwen die graag thee drinken en het kopen als cadeau") is None


# --- sentences about the business -------------------------------------------------------------------

@pytest.mark.parametrize("said, offering", [
    ("Wij verkopen e-bikes van 3000 euro aan 55-plussers via onze winkel", "e-bikes"),
    ("ik ben dakdekker in Zeist", "dakdekker"), ("I'm a florist", "florist"), ("ik ben loodgieter", "loodgieter"),
    ("Hi, I run a bike repair shop. Can you help me?", "bike repair shop"),
    ("hoi ik heb een kapsalon in Tilburg", "kapsalon"), ("i've got a dog grooming salon and a friend told me", "dog grooming salon"),
    ("We hire out bouncy castles", "bouncy castles"), ("wij brouwen speciaalbier", "speciaalbier"),
])
def test_an_opening_that_describes_the_business_keeps_what_it_said(said, offering):
    assert opening.rich_fields(said)["offering"] == offering
    assert opening.describes_business(said)


@pytest.mark.parametrize("said", ["ik heb een vraag", "ik ben benieuwd", "ik heb het gevoel dat het beter kan",
                                  "I have a question", "Stop & Go Fietsen", "hoi"])
def test_sentences_that_do_not_describe_a_business(said):
    assert not opening.describes_business(said)


def test_a_rich_first_message_fills_offering_audience_and_price():
    values = reading.extract("Wij verkopen e-bikes van 3000 euro aan 55-plussers via onze winkel en Facebook")
    assert values == {"offering": "e-bikes", "audience": "55-plussers", "price": "3000 euro"}


def test_a_business_name_is_read_from_mijn_bedrijf_heet():
    assert reading.extract("Mijn bedrijf heet Bakkerij De Korenschoof.")["business_name"] == "Bakkerij De Korenschoof"


# --- commands -------------------------------------------------------------------------------------------

@pytest.mark.parametrize("said, intent", [
    ("stop", "stop"), ("ok stop maar", "stop"), ("ik wil stoppen", "stop"), ("opnieuw beginnen", "start_over"),
    ("weet ik niet", "skip"), ("sla deze vraag maar over aub", "skip"), ("i don't know", "skip"),
    ("kun je me helpen met mijn klantreis?", "start_journey"), ("verder", "start_journey"),
    ("Hi, I run a bike repair shop. Can you help me map my customer journey?", "start_journey"),
    ("hoi", "greet"), ("help", "help"),
])
def test_explicit_commands(said, intent):
    assert commands.command_of(said) == intent


@pytest.mark.parametrize("said", ["Stop & Go Fietsen", "Help Je Verder Administratie", "Stop de Tijd Horloges",
                                  "ja", "Opnieuw Beginnen Coaching en Training", "Time Out", "wij stoppen nooit"])
def test_names_and_answers_that_contain_command_words_are_not_commands(said):
    assert commands.command_of(said) is None


# --- language -------------------------------------------------------------------------------------------

@pytest.mark.parametrize("said, asked", [
    ("in English please", "en"), ("kunnen we in het Nederlands verder", "nl"), ("Engels", "en"),
    ("can we speak Dutch?", "nl"), ("wij geven cursussen Engels aan volwassenen", None),
    ("cursussen Engels en Spaans", None), ("we teach English to expats", None),
])
def test_a_language_is_asked_for_only_in_a_request(said, asked):
    assert language.requested_language(said) == asked


@pytest.mark.parametrize("said, first, detected", [
    ("Wij verkopen e-bikes aan 55-plussers via onze winkel", False, "nl"),
    ("We sell e-bikes to people over 55 through our shop", False, "en"),
    ("I'm a florist", True, "en"), ("Facebook", False, None), ("€ 3", False, None), ("ok", False, None),
])
def test_the_language_of_a_message(said, first, detected):
    assert language.detect_language(said, first_message=first) == detected


# --- references and corrections --------------------------------------------------------------------

@pytest.mark.parametrize("said, model", [
    ("gebruik het AIDA-model", "aida_loyalty"), ("kan het ook in vier fasen", "four_phase"),
    ("see think do care graag", "see_think_do_care"), ("terug naar vijf fasen", "five_phase"), ("hallo", None),
])
def test_stage_models_by_name(said, model):
    assert references.stage_model_of(said) == model


def test_map_types_and_stages_by_name():
    assert references.map_type_of("maak er een current state map van") == "current_state"
    assert references.stage_of("vertel meer over de aankoop") == "purchase"
    assert references.stage_of("tell me more about consideration") == "consideration"


def test_corrections_of_free_text_answers():
    assert references.correction("de doelgroep is eigenlijk jonge gezinnen") == ("audience", "jonge gezinnen")
    assert references.correction("our audience is actually young families") == ("audience", "young families")
    assert references.correction("de prijs is eigenlijk 50 euro") is None  # prices are read as prices
    assert references.is_correction("de prijs is eigenlijk 50 euro", "price")
    assert not references.is_correction("brood en gebak van 3 euro", "price")


# --- none answers, non-answers, channels ------------------------------------------------------------------

@pytest.mark.parametrize("said, none", [
    ("geen", True), ("nee hoor", True), ("niks eigenlijk", True), ("geen idee", True), ("nee dat was het", True),
    ("that's all", True), ("geen klanten online", False), ("de webshop is traag", False),
])
def test_none_answers(said, none):
    assert reading.is_none_answer(said) is none


def test_yes_and_ok_answer_no_free_text_question():
    assert reading.is_non_answer("ja") and reading.is_non_answer("ok!") and not reading.is_non_answer("Janssen")


def test_negation_before_and_after_a_channel_mention():
    tokens = "een website hebben we niet , maar wel instagram".split()
    assert channels.negated(tokens, 1, 2) and not channels.negated(tokens, 7, 8)
    assert channels.negated("we hebben geen webshop".split(), 3, 4)


def test_one_typo_is_forgiven_in_long_channel_words_only():
    assert channels.typo_channel("instagam") == "instagram" and channels.typo_channel("nieuwbrief") == "email"
    assert channels.typo_channel("verkopen") is None and channels.typo_channel("fb") is None


@pytest.mark.parametrize("hostile", [
    "<script>alert(1)</script>", "'; DROP TABLE events; --", "\x00\x01\x02", "€€€€", "9" * 500, "a" * 10000,
])
def test_hostile_or_garbled_text_never_breaks_the_parser(hostile):
    for slot in ("price", "purchase_frequency", "decision_time", "market", "goal", "business_name"):
        assert isinstance(reading.extract(hostile, requested=slot), dict)
    assert commands.command_of(hostile) is None


@pytest.mark.parametrize("text, garbled", [
    ("a" * 300, True), ("zzzzzzzzzzzzzzzzzzzz", True), ("aaaa bbbb", True),
    ("Zzz Slaapwinkel", False), ("B&B De Boomgaard", False), ("€ 3", False), ("www.bakkerij.nl", False),
    ("<b>Bakkerij</b> '; DROP TABLE events; --", False), ("X", False), ("Kaaasje", False),
])
def test_garbled_text_is_letters_without_a_single_word(text, garbled):
    from bot.parse.phrases import is_garbled
    assert is_garbled(text) is garbled


def test_a_garbled_free_text_answer_is_not_taken():
    from bot import interview
    assert interview.check_answer("business_name", "z" * 40, "nl").value is None
    assert interview.check_answer("business_name", "Zzz Slaapwinkel", "nl").value == "Zzz Slaapwinkel"


@pytest.mark.parametrize("text", ["55-plussers", "https://www.bakkerij.nl/shop", "3D-printen"])
def test_words_with_digits_or_links_are_not_garbled(text):
    from bot.parse.phrases import is_garbled
    assert not is_garbled(text)


@pytest.mark.parametrize("said, intent, kind, name", [
    ("Bakkerij De Korenschoof", "inform", "answer", "Bakkerij De Korenschoof"),
    ("Stop & Go Fietsen", "stop", "answer", "Stop & Go Fietsen"),
    ("Wij zijn De Groene Vinger, een tuincentrum in Zeist", "out_of_scope", "answer", "De Groene Vinger"),
    ("ik heb een tattooshop in Eindhoven en wil meer klanten, de zaak heet Voor Altijd Tattoo", "inform", "answer",
     "Voor Altijd Tattoo"),
    ("Herinner me er morgen om 9 uur aan dat ik mijn moeder moet bellen", "inform", "off_topic", None),
    ("help me met mijn werkstuk over de Tweede Wereldoorlog", "out_of_scope", "off_topic", None),
    ("This is Bright Spark Electrical, we do rewiring and fuse boxes", "inform", "answer", "Bright Spark Electrical"),
    ("Mag een hond druiven eten?", "nlu_fallback", "off_topic", None),
    ("Is it going to be windy tomorrow? I want to go sailing", "out_of_scope", "off_topic", None),
    ("wij verkopen brood en gebak aan mensen uit de buurt, vooral in het weekend", "inform", "correction", None),
    # short, but a sentence about the business: no name (seen after a hostile opening)
    ("Wij verkopen keukens van 8000 euro", "inform", "correction", None),
    ("we sell bikes and repairs", "inform", "correction", None),
    ("We Care Thuiszorg", "inform", "answer", "We Care Thuiszorg"),
    # short requests are no names either, whatever the classifier read
    ("sluit de rolluiken", "nlu_fallback", "off_topic", None),
    ("find me a cheap flight to Lisbon in June", "inform", "off_topic", None),
    ("wifi doet t weer ff niet, help", "help", "off_topic", None),
    ("Plan a 5-day itinerary for Rome", "inform", "off_topic", None),
    # a sentence about the owner: its name-shaped words are the name, otherwise the name is asked again
    ("I run Bright Spark Electrical", "inform", "answer", "Bright Spark Electrical"),
    ("ik ben Henk van Henks Tuinen", "inform", "answer", "Henk van Henks Tuinen"),
    ("ik heet Jan", "inform", "miss", None),
    ("I just got a puppy!", "out_of_scope", "miss", None),
    ("Kapsalon Knip & Zo", "inform", "answer", "Kapsalon Knip & Zo"),
    ("kleine kiek", "inform", "answer", "kleine kiek"),
    ("Bos van de Week", "out_of_scope", "answer", "Bos van de Week"),  # small words don't make it a sentence
    ("Help de Hond", "inform", "answer", "Help de Hond"),
    ("Speel iets van Frank Boeijen", "out_of_scope", "off_topic", None),
    ("best exercises for lower back pain", "nlu_fallback", "off_topic", None),
    ("Beste Bakker van Zeist", "inform", "answer", "Beste Bakker van Zeist"),  # name-shaped: a name
])
def test_the_business_name_question_takes_names_not_sentences(said, intent, kind, name):
    """A long statement is a description (the name taken from it when it has one) or off-topic; a
    question is never a name; whatever it is, a request never becomes the business name."""
    result = turn.read(turn.Message(text=said, intent=intent, confidence=0.6), "business_name", {}, [], "nl")
    assert result.kind == kind
    assert result.updates.get("business_name") == name
    if kind == "correction":
        assert result.updates["offering"].split()[0] in said  # what it said is kept


@pytest.mark.parametrize("said, shown", [("£60 to £1000", "£ 60–1,000"), ("about 250 pounds", "£ 250"),
                                         ("$40 a month", "$ 40 a month"), ("€ 3", "€ 3"), ("2.000 euro", "€ 2,000")])
def test_a_price_is_quoted_back_in_the_owners_currency(said, shown):
    assert prices.interpret(said).display("en") == shown


@pytest.mark.parametrize("said, amount", [
    ("katoen 12 tot 18 euro de meter, wol tot 40. gemiddeld geven ze zo'n 35 euro uit", 35),
    ("anything from a £4 pot of paint to £350 for a loco. average basket about £45", 45),
    ("plek 27 euro per nacht, gemiddeld verblijf 5 nachten", 27),   # "5 nachten" is no price
    ("e-bike 2.200 tot 3.800 euro, onderhoudsbeurt 79 euro", 3000),  # no typical purchase named: the first
])
def test_the_typical_purchase_wins_over_the_first_price_listed(said, amount):
    assert prices.interpret(said).amount == amount


@pytest.mark.parametrize("said, offering", [
    ("hallo ik heb een snackbar en 80 procent van mijn bestellingen komt via thuisbezorgd", "snackbar"),
    ("hoi! ik heb een webshopje met babykleding en ik loop vast met marketing", "webshopje met babykleding"),
    ("ik heb een kapsalon in Gouda", "kapsalon"),
    ("ik heb een hond en die blaft", None),
    ("ik heb een vraag over de prijs", None),
])
def test_what_an_owner_says_they_have_is_the_offering_when_it_is_a_business(said, offering):
    assert opening.rich_fields(said).get("offering") == offering


def test_a_request_for_help_with_the_journey_after_a_greeting_starts_it():
    assert commands.command_of("Goedendag. Kunt u mij helpen met het in kaart brengen van de klantreis van "
                               "onze keukenstudio?") == "start_journey"


def _every_button():
    """(slot, language, text) for the title and the payload of every button the interview offers for
    a question (its first buttons and its re-ask buttons; the kind of business with all nine kinds)."""
    from bot import interview
    from bot.slots import BUSINESS_TYPE, CHANNELS, CHANNELS_MORE, FORM_SLOTS, PAIN_KIND
    for slot in FORM_SLOTS:
        if slot in (CHANNELS, CHANNELS_MORE, PAIN_KIND):
            continue  # channels come from the NLU's entities; the pain follow-up has its own test
        for language in ("nl", "en"):
            buttons = interview.business_type_buttons(language) if slot == BUSINESS_TYPE else \
                interview._buttons(slot, language) + interview._buttons(slot, language, "reask_buttons")
            for button in buttons:
                for text in {button["title"], button["payload"]}:
                    if not text.startswith("/"):  # an intent payload is Rasa's to read, not the parser's
                        yield slot, language, text


@pytest.mark.parametrize("slot, language, text", list(_every_button()))
def test_an_owner_who_types_a_button_title_is_understood(slot, language, text):
    """Owners type what a button says ("Decides at once") as often as they click it."""
    result = turn.read(turn.Message(text=text, intent="inform", confidence=0.9), slot, {}, [], language)
    assert result.kind == "answer" and result.updates.get(slot) is not None, (slot, text, result)


@pytest.mark.parametrize("said, slot", [
    ("Hmm, does it count as B2B if the end users are patients?", "market"),
    ("telt een VvE als bedrijf?", "market"),
    ("Is dat per stuk?", "price"),
])
def test_a_question_back_about_a_closed_question_is_no_answer(said, slot):
    for intent, confidence in (("inform", 0.5), ("out_of_scope", 0.9)):  # the guard calls such questions off-topic
        result = turn.read(turn.Message(text=said, intent=intent, confidence=confidence), slot, {}, [], "en")
        assert result.kind == "clarify" and not result.updates


def test_a_tentative_answer_with_a_question_mark_is_still_the_answer():
    result = turn.read(turn.Message(text="een paar dagen?", intent="inform", confidence=0.5), "decision_time", {}, [], "nl")
    assert result.kind == "answer" and result.updates["decision_time"]


def test_any_other_channels_ends_with_that_was_it_even_when_no_channel_is_recognised():
    said = "Elk jaar staan we op de oldtimer trekkerdag in Panningen. Dat was het."
    result = turn.read(turn.Message(text=said, intent="out_of_scope", confidence=0.5), "channels_more",
                       {"channels": ["webshop"], "purchase_frequency": "elke maand"}, [], "nl")
    assert result.kind == "answer" and result.updates["channels_more"] == "done"
    assert result.updates["channels"] == ["webshop"]


def test_a_channel_named_in_passing_is_noted_only_after_a_channel_word():
    """"ze kiezen in de winkel" notes the shop; "ze bellen er een paar op" is how customers decide."""
    passing = turn.read(turn.Message(text="Een paar weken. Ze vergelijken en bellen er een paar op.", channels=("phone",),
                                     passing_channels=("phone",)), "decision_time", {}, [], "nl")
    assert passing.kind == "answer" and "channel_candidates" not in passing.updates
    bare = turn.read(turn.Message(text="Not often, when the phone is broken. Maybe once a year.", bare_channels=("phone",)),
                     "purchase_frequency", {}, [], "en")
    assert bare.kind == "answer" and "channel_candidates" not in bare.updates
    in_context = turn.read(turn.Message(text="ze kiezen meestal in de winkel, dat duurt een paar weken", channels=("store",)),
                           "decision_time", {}, [], "nl")
    assert in_context.updates["channel_candidates"] == ["store"]


@pytest.mark.parametrize("slot", ["offering", "market", "channels"])
@pytest.mark.parametrize("said", ["ik wil mijn klantreis in kaart brengen", "/start_journey"])
def test_asking_to_start_while_the_interview_runs_carries_on_with_the_question(slot, said):
    message = turn.Message(text=said, intent="start_journey", confidence=1.0, command="start_journey")
    result = turn.read(message, slot, {}, [], "nl")
    assert result.kind == turn.RESUME and not result.updates


@pytest.mark.parametrize("said, market", [
    # batch G's failure classes, in sentences of our own
    ("Businesses only", "b2b"),
    ("alleen particulieren", "b2c"),
    ("mostly consumers, only a few businesses", "b2c"),                 # "only a few" is still a small share
    ("bedrijven, particulieren doen we eigenlijk niet", "b2b"),        # negated after the market word
    ("particulieren die niet willen wachten, en bedrijven", "both"),    # "niet" about something else
    ("Schools. The pupils use it for free.", "b2b"),                    # who uses it for free does not buy
])
def test_the_market_answer_reads_exclusive_and_negated_markets(said, market):
    assert reading.extract(said, requested="market").get("market") == market


def test_a_duration_in_words_after_normally_is_no_typical_price():
    price = prices.interpret("Contracts run between 3,000 and 8,000 euro a month, normally for two years")
    assert (price.low, price.high) == (3000, 8000)
    assert prices.interpret("gemiddeld 35").amount == 35


def test_people_knowing_about_the_owner_is_awareness():
    assert reading.extract("Dat ze in het dorp weten dat ik ook aan huis kom", requested="goal")["goal"] == "awareness"


def test_a_request_for_another_language_is_a_command_even_where_free_text_is_asked():
    from bot.parse.commands import command_of

    for text in ("in English please", "kunnen we in het Nederlands verder", "English", "Engels alstublieft"):
        assert command_of(text) == "switch_language"
    for text in ("wij geven cursussen Engels aan volwassenen", "we teach English to adults", "Bakkerij Engels",
                 "Dutch Design", "Hi, do you speak English? I run a small boatyard.",
                 "Bijles in wiskunde, Engels en Frans, en examentraining in het voorjaar.",
                 "wat betekent 'gezellig' in het Engels"):
        assert command_of(text) != "switch_language"   # an opening or an answer, not only a request
    from bot.parse.language import requested_language
    assert requested_language("Bijles in wiskunde, Engels en Frans, en examentraining in het voorjaar.") is None


def test_an_opening_with_a_shop_says_what_it_sells_or_asks():
    from bot.parse.opening import rich_fields

    assert rich_fields("ik heb een winkel in tweedehands kleding")["offering"] == "winkel in tweedehands kleding"
    for text in ("ik heb een webshop", "ik heb een winkel in Utrecht", "I run a small business"):
        assert "offering" not in rich_fields(text)   # where or what kind, not what: the offering is asked


def test_a_greeting_before_asking_for_the_journey_still_starts_it():
    from bot.parse.commands import command_of

    assert command_of("Goedemorgen, ik zou graag de klantreis van onze zaak uittekenen. We zijn een brouwerij.") \
        == "start_journey"
    assert command_of("We would like to map our customer journey, we run a ferry") == "start_journey"


@pytest.mark.parametrize("slot, text, expected", [
    ("decision_time", "een weke of drie", "weeks"),
    ("decision_time", "paar weke", "weeks"),
    ("purchase_frequency", "every fortnight or so", "monthly"),
    ("purchase_frequency", "most months, the regulars", "monthly"),
    ("purchase_frequency", "most weeks", "weekly"),
    ("purchase_frequency", "om de veertien dagen", "monthly"),
])
def test_everyday_timing_words(slot, text, expected):
    from bot.parse import timing

    read = timing.frequency(text, loose=True) if slot == "purchase_frequency" else \
        timing.decision_time(text, loose=True)
    assert read is not None and read.category == expected


def test_bookings_made_ahead_are_sales_and_kinds_of_business_in_own_words():
    from bot import business
    from bot.parse import reading

    assert reading.extract("meer reserveringen vooraf via de site", requested="goal")["goal"] == "sales"
    assert business.type_from_text("maatwerkprojecten, bouwprojecten op maat") == "events_projects"
    assert business.type_from_text("loonwerk voor boeren") == "trade_service"
