# Everyday commands. Only Python 3.11 and the OS are assumed.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app web
# `make run` is for trying the app on one machine: development mode unless told otherwise.
RUN_ENV := LEADS_ENV=$${LEADS_ENV:-development}

.PHONY: run test lint migrate worker bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.runtime: $(BIN)/python requirements.txt
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev: $(VENV)/.runtime requirements-dev.txt
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

## Install, migrate and serve the form on http://127.0.0.1:5000 (SQLite, mail to instance/mail/).
run: $(VENV)/.runtime
	$(RUN_ENV) $(FLASK) db upgrade
	$(RUN_ENV) $(FLASK) run --host 127.0.0.1 --port 5000

## Lint, then run the whole test suite, spread over PYTEST_WORKERS processes (pytest-xdist;
## most tests wait on servers and processes, so twice the cores pays: on 2 cores 4 took
## 9 min 21 s where 3 took 10 min 52 s). Idle processes take tests queued for busy ones
## (worksteal), so a few 40-second resilience tests do not make a tail.
PYTEST_WORKERS ?= 4
test: $(VENV)/.dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check --quiet .
	$(BIN)/python -m pytest -n $(PYTEST_WORKERS) --dist worksteal $(PYTEST_ARGS)

lint: $(VENV)/.dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

migrate: $(VENV)/.runtime
	$(RUN_ENV) $(FLASK) db upgrade

## Run the delivery worker on its own (for deployments with several web processes).
worker: $(VENV)/.runtime
	$(RUN_ENV) $(FLASK) worker

## Measure speed and memory against the targets (a few minutes; not part of `make test`).
## BENCH_ARGS="--database-url postgresql+psycopg://..." benchmarks PostgreSQL instead.
bench: $(VENV)/.dev
	$(BIN)/python -m bench $(BENCH_ARGS)

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
