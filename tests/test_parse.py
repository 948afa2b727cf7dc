"""Reading owners' answers: prices, frequencies, decision times, market, goal and rich messages."""
import pytest

from bot import parse


@pytest.mark.parametrize("said, amount, period", [
    ("€ 3", 3, "once"),
    ("3 euro", 3, "once"),
    ("rond de 2.000", 2000, "once"),
    ("tussen 2000 en 4000 euro", 3000, "once"),
    ("2,50 euro", 2.5, "once"),
    ("€1.500,00", 1500, "once"),
    ("3k euro", 3000, "once"),
    ("49 euro per maand", 49, "month"),
    ("ongeveer 20.000 euro per jaar", 20000, "year"),
    ("twee euro", 2, "once"),
    ("between 2000 and 8000 euros", 5000, "once"),
])
def test_prices_as_owners_write_them(said, amount, period):
    price = parse.find_price(said)
    assert price is not None and price.amount == pytest.approx(amount) and price.period == period


def test_a_range_keeps_both_ends_and_shows_them_back():
    price = parse.find_price("tussen 2000 en 4000 euro")
    assert (price.low, price.high) == (2000, 4000)
    assert price.display("nl") == "€ 2.000–4.000"


@pytest.mark.parametrize("said", ["we hebben 20 medewerkers", "rond de 20 medewerkers", "sinds 1998", "3 winkels"])
def test_numbers_that_are_not_prices_are_not_read_as_prices(said):
    assert parse.find_price(said) is None


def test_a_bare_number_is_a_price_only_as_the_answer_to_the_price_question():
    assert "price" not in parse.extract("3")
    assert parse.extract("3", requested="price")["price"] == "3"


@pytest.mark.parametrize("said, category", [
    ("elke dag", "daily"), ("dagelijks", "daily"), ("een keer per week", "weekly"), ("maandelijks", "monthly"),
    ("een paar keer per jaar", "quarterly"), ("eens per jaar", "yearly"), ("eens in de vijf jaar", "rarely"),
    ("eenmalig", "once"), ("every day", "daily"), ("once a year", "yearly"),
])
def test_purchase_frequencies(said, category):
    assert parse.frequency_category(said)[0] == category


def test_a_monthly_price_is_not_a_monthly_purchase():
    assert parse.frequency_category("49 euro per maand") is None


@pytest.mark.parametrize("said, category", [
    ("meteen", "instant"), ("een paar dagen", "days"), ("een paar weken", "weeks"), ("maanden", "months"),
    ("a few weeks", "weeks"),
])
def test_decision_times(said, category):
    assert parse.decision_category(said)[0] == category
    assert parse.decision_category(said)[1] == said  # quoted back whole: "een paar weken", "a few weeks"


def test_a_duration_outside_its_question_needs_a_decision_word():
    assert "decision_time" not in parse.extract("we bestaan al drie weken")
    assert parse.extract("klanten denken er een paar weken over na")["decision_time"] == "een paar weken"


@pytest.mark.parametrize("said, weak, market", [
    ("particulieren", False, "b2c"), ("zakelijke klanten", False, "b2b"),
    ("zowel particulieren als bedrijven", False, "both"), ("allebei", True, "both"), ("allebei", False, None),
    ("gezinnen uit de buurt", True, "b2c"), ("gezinnen uit de buurt", False, None),
])
def test_market(said, weak, market):
    assert parse.market_of(said, weak=weak) == market


def test_goal_is_read_from_the_answer_or_after_a_goal_word():
    assert parse.goal_of("meer vaste klanten", weak=True) == "loyalty"
    assert parse.goal_of("we willen meer reviews") is None
    assert parse.goal_of("ons doel is meer reviews") == "reviews"


def test_a_rich_first_message_fills_offering_audience_and_price():
    values = parse.extract("Wij verkopen e-bikes van 3000 euro aan 55-plussers via onze winkel en Facebook")
    assert values == {"offering": "e-bikes", "audience": "55-plussers", "price": "3000 euro"}


def test_a_business_name_is_read_from_mijn_bedrijf_heet():
    assert parse.extract("Mijn bedrijf heet Bakkerij De Korenschoof.")["business_name"] == "Bakkerij De Korenschoof"


@pytest.mark.parametrize("said, none", [
    ("geen", True), ("nee hoor", True), ("niks eigenlijk", True), ("geen idee", True),
    ("geen klanten online", False), ("de webshop is traag", False),
])
def test_none_answers(said, none):
    assert parse.is_none_answer(said) is none


@pytest.mark.parametrize("hostile", [
    "<script>alert(1)</script>", "'; DROP TABLE events; --", "\x00\x01\x02", "€€€€", "9" * 500, "a" * 10000,
])
def test_hostile_or_garbled_text_never_breaks_the_parser(hostile):
    values = parse.extract(hostile, requested="price")
    assert isinstance(values, dict)


@pytest.mark.parametrize("said, model", [
    ("gebruik het AIDA-model", "aida_loyalty"), ("kan het ook in vier fasen", "four_phase"),
    ("see think do care graag", "see_think_do_care"), ("terug naar vijf fasen", "five_phase"), ("hallo", None),
])
def test_stage_models_by_name(said, model):
    assert parse.stage_model_of(said) == model


def test_map_types_and_stages_by_name():
    assert parse.map_type_of("maak er een current state map van") == "current_state"
    assert parse.map_type_of("hoe het nu gaat") == "current_state"
    assert parse.stage_of("vertel meer over de aankoop") == "purchase"
    assert parse.stage_of("tell me more about consideration") == "consideration"


def test_corrections_of_free_text_answers():
    assert parse.correction("de doelgroep is eigenlijk jonge gezinnen") == ("audience", "jonge gezinnen")
    assert parse.correction("our audience is actually young families") == ("audience", "young families")
    assert parse.correction("de prijs is eigenlijk 50 euro") is None  # prices are read as prices


@pytest.mark.parametrize("said, language", [
    ("Wij verkopen e-bikes aan 55-plussers via onze winkel", "nl"),
    ("We sell e-bikes to people over 55 through our shop", "en"),
    ("Facebook", None), ("€ 3", None), ("ok", None),
])
def test_the_language_of_a_message(said, language):
    assert parse.detect_language(said) == language


def test_an_explicit_language_request():
    assert parse.requested_language("in English please") == "en"
    assert parse.requested_language("kunnen we in het Nederlands verder") == "nl"
