"""Involvement: low for everyday purchases, high for big, rare, slow or B2B ones, always with reasons."""
from bot.involvement import assess
from bot.profile import Profile
from tests.profiles import BAKERY, EBIKE, SOFTWARE


def test_a_bakery_that_sells_three_euro_bread_every_day_is_low_involvement():
    result = assess(Profile.from_slots(BAKERY))
    assert result.level == "low"
    assert any("€ 3" in reason for reason in result.reasons)
    assert any("elke dag" in reason for reason in result.reasons)


def test_an_e_bike_dealer_is_high_involvement_for_reasons_of_price_rarity_and_time():
    result = assess(Profile.from_slots(EBIKE))
    assert result.level == "high"
    text = " ".join(result.reasons)
    assert "€ 3.000" in text and "eens in de vijf jaar" in text and "een paar weken" in text


def test_b2b_software_is_high_involvement_and_mentions_the_buying_committee():
    result = assess(Profile.from_slots(SOFTWARE))
    assert result.level == "high" and result.mode == "think"
    assert any("inkoopgroep" in reason for reason in result.reasons)


def test_pastry_is_bought_on_feeling_and_software_with_the_head():
    assert assess(Profile.from_slots(BAKERY)).mode == "feel"
    assert assess(Profile.from_slots(SOFTWARE)).mode == "think"


def test_a_monthly_subscription_counts_as_its_yearly_cost():
    cheap_once = assess(Profile.from_slots({"price": "49 euro"}))
    monthly = assess(Profile.from_slots({"price": "49 euro per maand"}))
    assert monthly.score > cheap_once.score


def test_without_any_answers_the_default_is_low_and_says_why():
    result = assess(Profile.from_slots({}))
    assert result.level == "low" and result.reasons and "overgeslagen" in result.reasons[0]


def test_reasons_follow_the_language():
    result = assess(Profile.from_slots({**EBIKE, "language": "en"}))
    assert any("big expense" in reason for reason in result.reasons)


def test_a_rare_purchase_of_a_small_amount_is_no_big_decision():
    boat = assess(Profile.from_slots({"offering": "elektrische sloepen per dagdeel", "price": "halve dag 150",
                                      "purchase_frequency": "1 keer per zomer", "decision_time": "een dag of 2"}))
    assert boat.level == "low"
    assert any("geen groot risico" in reason for reason in boat.reasons)
    # the same rarity with a big amount still weighs
    kitchen = assess(Profile.from_slots({"offering": "maatwerk kasten", "price": "4000 euro",
                                         "purchase_frequency": "eens in de tien jaar", "decision_time": "een dag of 2"}))
    assert kitchen.level == "high"


def test_business_customers_spending_little_or_working_alone_have_no_buying_committee():
    escape = assess(Profile.from_slots({"market": "both", "price": "25 euro per persoon",
                                        "purchase_frequency": "eenmalig", "decision_time": "een paar dagen"}))
    assert escape.level == "low" and any("zonder inkoopgroep" in reason for reason in escape.reasons)
    saas = assess(Profile.from_slots({"market": "b2b", "language": "en", "price": "900 euros a year",
                                      "audience": "freelancers and other self-employed people",
                                      "decision_time": "a few days"}))
    assert not any("buying committee (a" in reason for reason in saas.reasons)
    assert any("self-employed" in reason for reason in saas.reasons)


def test_a_monthly_reorder_that_customers_take_months_to_choose_is_no_straight_rebuy():
    said = {"market": "b2b", "offering": "versgebrande koffiebonen en thee voor kantoren",
            "price": "400 euro per bestelling", "purchase_frequency": "elke maand"}
    assert assess(Profile.from_slots({**said, "decision_time": "meteen"})).rebuy
    slow = assess(Profile.from_slots({**said, "decision_time": "maanden, eerst proeven en een offerte"}))
    assert not slow.rebuy and slow.level == "high"


def test_small_money_thought_about_for_weeks_is_still_a_considered_choice():
    bear = assess(Profile.from_slots({"offering": "knuffelberen gemaakt van kleding van een overleden dierbare",
                                      "price": "89 euro", "purchase_frequency": "meestal één keer",
                                      "decision_time": "een paar weken"}))
    assert bear.level == "high" and not any("geen groot risico" in reason for reason in bear.reasons)


def test_a_yearly_contract_most_customers_renew_is_no_new_orientation():
    renewed = assess(Profile.from_slots({"language": "en", "price": "$ 400 a season", "decision_time": "a few days",
                                         "purchase_frequency": "once a year, nearly everyone renews"}))
    assert renewed.level == "low" and any("renew each year" in reason for reason in renewed.reasons)
    fresh = assess(Profile.from_slots({"language": "en", "price": "$ 400 a season", "decision_time": "a few days",
                                       "purchase_frequency": "once a year"}))
    assert fresh.score > renewed.score


def test_a_cheap_monthly_tool_businesses_try_for_days_needs_no_buying_committee():
    quick = assess(Profile.from_slots({"market": "b2b", "language": "en", "price": "25 euros a month",
                                       "decision_time": "a few days"}))
    assert not any("(a buying committee)" in reason for reason in quick.reasons)
    slow = assess(Profile.from_slots({"market": "b2b", "language": "en", "price": "25 euros a month",
                                      "decision_time": "months"}))
    assert any("(a buying committee)" in reason for reason in slow.reasons)
    repair = assess(Profile.from_slots({"market": "both", "price": "250 tot 600 euro per reparatie",
                                        "decision_time": "meteen"}))
    assert any("meerdere mensen" in reason for reason in repair.reasons)   # no subscription: still a company's call
