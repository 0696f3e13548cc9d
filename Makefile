# The two commands a new user needs (see README): `make run` (the web app) and `make test`.
# `make ask Q="..."` answers one question in the terminal.
Q ?= Hvordan starter vi en coalition of the willing?
export HF_HUB_OFFLINE := 1
export OMP_WAIT_POLICY := PASSIVE

.PHONY: run ask test test-fast lint bench eval gate setup services

setup:
	@bash scripts/bootstrap.sh

run: setup
	@.venv/bin/missionsguiden serve

ask: setup
	@.venv/bin/missionsguiden ask "$(Q)"

test: setup
	.venv/bin/python -m pytest -q

# The tests that need no real corpus index, browser, database or server (about 30 s).
test-fast: setup
	.venv/bin/python -m pytest -q -m "not slow"

lint: setup
	.venv/bin/ruff check assistant tests evals scripts
	.venv/bin/ruff format --check assistant tests evals scripts
	.venv/bin/mypy

# Debian's Chromium and PostgreSQL for the browser and database tests; CI installs them too.
services:
	@command -v chromium >/dev/null && ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1 \
	  || apt-get install -y chromium postgresql \
	  || (apt-get update && apt-get install -y chromium postgresql)

bench: setup
	.venv/bin/python scripts/bench.py

# The regression gate (CI): the dev set in extractive mode against evals/gate.dev.yaml, then
# the judge's own score.py recounts hit@k from the same run's passages.
gate: setup
	.venv/bin/missionsguiden eval --set ../shared/evals/questions.dev.jsonl --gate evals/gate.dev.yaml --report /tmp/mg-eval-dev
	python3 ../shared/evals/score.py ../shared/evals/questions.dev.jsonl /tmp/mg-eval-dev/retrieve.jsonl

# Every figure: our own sets, the blind rubric sets (reports committed under evals/reports/)
# and the conversations.
eval: setup
	.venv/bin/missionsguiden eval --set evals/questions.own.jsonl --report evals/reports/own
	python3 ../shared/evals/score.py evals/questions.own.jsonl evals/reports/own/retrieve.jsonl
	.venv/bin/missionsguiden eval --set evals/questions.fresh.jsonl --report evals/reports/fresh
	python3 ../shared/evals/score.py evals/questions.fresh.jsonl evals/reports/fresh/retrieve.jsonl
	.venv/bin/missionsguiden eval --set evals/questions.fresh2.jsonl --report evals/reports/fresh2
	python3 ../shared/evals/score.py evals/questions.fresh2.jsonl evals/reports/fresh2/retrieve.jsonl
	.venv/bin/missionsguiden eval --set evals/questions.fresh3.jsonl --report evals/reports/fresh3
	python3 ../shared/evals/score.py evals/questions.fresh3.jsonl evals/reports/fresh3/retrieve.jsonl
	.venv/bin/missionsguiden eval --set evals/questions.rubric.jsonl --report evals/reports/rubric
	.venv/bin/missionsguiden eval --set evals/questions.rubric2.jsonl --report evals/reports/rubric2
	.venv/bin/missionsguiden eval --set evals/questions.rubric3.jsonl --report evals/reports/rubric3
	.venv/bin/missionsguiden eval --set evals/questions.rubric4.jsonl --report evals/reports/rubric4
	.venv/bin/missionsguiden eval --set evals/questions.rubric5.jsonl --report evals/reports/rubric5
	.venv/bin/missionsguiden eval --set evals/questions.rubric6.jsonl --report evals/reports/rubric6
	.venv/bin/missionsguiden eval --drafts evals/drafts.blind.jsonl --report evals/reports/drafts
	.venv/bin/missionsguiden eval --drafts evals/drafts.blind2.jsonl --report evals/reports/drafts2
	.venv/bin/missionsguiden eval --drafts evals/drafts.blind3.jsonl --report evals/reports/drafts3
	.venv/bin/missionsguiden eval --drafts evals/drafts.blind4.jsonl --report evals/reports/drafts4
	.venv/bin/missionsguiden eval --drafts evals/drafts.dev.jsonl --report evals/reports/drafts.dev
	.venv/bin/missionsguiden eval --set evals/questions.probe.jsonl --no-baselines
	.venv/bin/missionsguiden eval --conversations evals/conversations.jsonl
	.venv/bin/missionsguiden eval --conversations evals/conversations.held.jsonl
	.venv/bin/missionsguiden eval --conversations evals/conversations.fresh.jsonl
