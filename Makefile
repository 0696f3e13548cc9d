# The two commands a new user needs (see README): `make run` (the web app) and `make test`.
# `make ask Q="..."` answers one question in the terminal.
Q ?= Hvordan starter vi en coalition of the willing?
export HF_HUB_OFFLINE := 1
export OMP_WAIT_POLICY := PASSIVE

.PHONY: run ask test lint bench eval setup browser

setup:
	@bash scripts/bootstrap.sh

run: setup
	@.venv/bin/missionsguiden serve

ask: setup
	@.venv/bin/missionsguiden ask "$(Q)"

test: setup
	.venv/bin/python -m pytest -q

lint: setup
	.venv/bin/ruff check assistant tests evals scripts
	.venv/bin/ruff format --check assistant tests evals scripts

# Debian's Chromium for the browser tests (tests/test_web.py); CI installs it too.
browser:
	@command -v chromium >/dev/null || apt-get install -y chromium || (apt-get update && apt-get install -y chromium)

bench: setup
	.venv/bin/python scripts/bench.py

eval: setup
	.venv/bin/missionsguiden retrieve --questions ../shared/evals/questions.dev.jsonl --json --k 5 > /tmp/mg-dev-retrieve.jsonl
	python3 ../shared/evals/score.py ../shared/evals/questions.dev.jsonl /tmp/mg-dev-retrieve.jsonl
	.venv/bin/missionsguiden retrieve --questions evals/questions.own.jsonl --json --k 5 > /tmp/mg-own-retrieve.jsonl
	python3 ../shared/evals/score.py evals/questions.own.jsonl /tmp/mg-own-retrieve.jsonl
	.venv/bin/missionsguiden ask --questions ../shared/evals/questions.dev.jsonl > /tmp/mg-dev-ask.jsonl
	.venv/bin/python evals/check_answers.py ../shared/evals/questions.dev.jsonl /tmp/mg-dev-ask.jsonl
	.venv/bin/missionsguiden ask --questions evals/questions.own.jsonl > /tmp/mg-own-ask.jsonl
	.venv/bin/python evals/check_answers.py evals/questions.own.jsonl /tmp/mg-own-ask.jsonl
	.venv/bin/python evals/score_conversations.py
