# The two commands a new user needs (see README): `make run` and `make test`.
# Q is the question for `make run` until the web app lands.
Q ?= Hvordan starter vi en coalition of the willing?
export HF_HUB_OFFLINE := 1
export OMP_WAIT_POLICY := PASSIVE

.PHONY: run test lint bench eval setup

setup:
	@bash scripts/bootstrap.sh

run: setup
	@.venv/bin/missionsguiden ask "$(Q)"

test: setup
	.venv/bin/python -m pytest -q

lint: setup
	.venv/bin/ruff check assistant tests evals scripts
	.venv/bin/ruff format --check assistant tests evals scripts

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
