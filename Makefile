# Reiswijzer — the two commands: `make run` (start the assistant) and `make test` (run every test).
# Everything else happens on the way, only when needed: the venv when requirements.txt changed, the
# spaCy pipeline when the channel lexicon changed, the Rasa model when data/config/domain changed.

SHELL := /bin/bash
.DEFAULT_GOAL := help

# Python 3.10 (Rasa 3.6 needs < 3.11): pyenv's 3.10.x first, then python3.10 on PATH.
PYTHON310 ?= $(shell \
  root=$$(pyenv root 2>/dev/null); \
  for p in $$(ls -d "$$root"/versions/3.10.*/bin/python 2>/dev/null | sort -V | tail -n 1) $$(command -v python3.10 2>/dev/null); do \
    if [ -x "$$p" ]; then echo "$$p"; break; fi; done)

VENV      := .venv
BIN       := $(VENV)/bin
RASA      := $(BIN)/rasa
SPACY_DIR := models/spacy_nl
NODE_DEPS := node_modules/.package-lock.json
MODEL     := models/reiswijzer.tar.gz

export RASA_PORT ?= 5005
export ACTIONS_PORT ?= 5055
export REISWIJZER_DB ?= var/tracker.db
export TF_CPP_MIN_LOG_LEVEL := 2
export RASA_TELEMETRY_ENABLED := false
export SQLALCHEMY_SILENCE_UBER_WARNING := 1
export PYTHONPATH := $(CURDIR)
export PATH := $(CURDIR)/$(BIN):$(PATH)

# bot/ counts too: our NLU components read the rule base at training time, which Rasa's own
# fingerprinting cannot see, so a change there retrains with --force.
TRAIN_INPUTS := config.yml domain.yml $(shell find data -type f -name '*.yml' 2>/dev/null) \
                $(shell find bot -name '*.py' -o -name '*.yml' 2>/dev/null) $(SPACY_DIR)/meta.json

.PHONY: help install npm spacy train run shell test bench bench-nlu bench-conversations clean

help:
	@echo "make run     start the assistant (REST on :$(RASA_PORT), actions on :$(ACTIONS_PORT)); installs and trains when needed"
	@echo "make shell   talk to it in this terminal (rasa shell)"
	@echo "make test    run every test (pytest, rasa data validate, rasa test stories, end-to-end)"
	@echo "make bench   speed and memory vs the stock Rasa bot, a light Rasa bot and a bare Sanic ceiling -> bench/report.md"
	@echo "make bench-nlu  intent and channel scores on the held-out set -> docs/nlu-report.md"
	@echo "make bench-conversations  whole interviews with held-out owners -> docs/conversation-report.md"

$(BIN)/python:
	@if [ -z "$(PYTHON310)" ]; then \
	  echo "error: Python 3.10 not found. Rasa 3.6 needs Python 3.8-3.10: install it with pyenv ('pyenv install 3.10') or put python3.10 on PATH, or run make PYTHON310=/path/to/python3.10" >&2; exit 1; fi
	@echo "Creating $(VENV) with $(PYTHON310)"
	@$(PYTHON310) -m venv $(VENV)

$(VENV)/.installed: requirements.txt | $(BIN)/python
	@echo "Installing requirements (first time: a few minutes, ~2.7 GB with TensorFlow)"
	$(BIN)/pip install --quiet --upgrade "pip<24" wheel
	$(BIN)/pip install --quiet -r requirements.txt
	$(BIN)/pip check
	@touch $@

install: $(VENV)/.installed $(NODE_DEPS)

# the web widget's socket.io-client, served by the Rasa server (nothing is fetched from a CDN)
$(NODE_DEPS): package.json package-lock.json
	@command -v npm >/dev/null 2>&1 || { echo "error: npm not found. The web widget needs Node.js and npm (Debian: apt-get install nodejs npm)" >&2; exit 1; }
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	@touch $@

npm: $(NODE_DEPS)

$(SPACY_DIR)/meta.json: bot/knowledge/channels.yml bot/knowledge/answers.yml bot/nlu/build_pipeline.py $(VENV)/.installed
	$(BIN)/python -m bot.nlu.build_pipeline $(SPACY_DIR)

spacy: $(SPACY_DIR)/meta.json

$(MODEL): $(TRAIN_INPUTS) $(VENV)/.installed
	$(RASA) train --fixed-model-name reiswijzer --out models --quiet --force
	@touch $@

train: $(MODEL)

run: $(MODEL) $(NODE_DEPS)
	@scripts/run.sh server

shell: $(MODEL)
	@scripts/run.sh shell

# one trained model and one server start (tests/e2e.py) are shared by all suites
test: $(MODEL) $(NODE_DEPS)
	$(BIN)/python -m pytest

# trains every system cold in var/bench/ and measures them one after the other (~10 minutes)
bench: $(MODEL)
	$(BIN)/python -m bench.run

bench-nlu: $(MODEL)
	$(BIN)/python scripts/bench_nlu.py

# plays the owners in tests/conversations/ against freshly started servers (a few minutes)
bench-conversations: $(MODEL)
	$(BIN)/python scripts/bench_conversations.py

clean:
	rm -rf models var results .rasa .pytest_cache node_modules
