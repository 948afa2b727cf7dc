"""Turns an owner's words into slot values, one module per kind of answer; every word list is in
knowledge/answers.yml.

phrases.py     the shared helper: clean text, whole-word matching, numbers and ranges
prices.py      "€ 3", "tussen 2000 en 4000 euro", "49 euro per maand"
timing.py      purchase frequency and decision time ("elke twee tot drie weken", "niet lang")
choices.py     market (b2c/b2b/both) and goal
channels.py    what a channel mention means: typos, negation
language.py    which language, and explicit requests for another
opening.py     sentences about the business ("wij verkopen ...", "ik ben dakdekker")
commands.py    explicit commands ("stop", "sla over", "kun je me helpen met mijn klantreis?")
references.py  stage models, map types, stages, fields and corrections
reading.py     a whole message read as slot values (combines the above)
"""
