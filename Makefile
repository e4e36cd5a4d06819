# Two commands: `make run` (set up and serve the demo site) and `make test`
# (set up and run every check). Both work on a fresh clone with only Python 3.11+.

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
WORKERS ?= 2
export DJANGO_SETTINGS_MODULE ?= lms.settings.dev

.PHONY: run test lint format setup serve bench bench-progress bench-quiz bench-live clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.runtime: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@ $(VENV)/.runtime

## setup: virtualenv, requirements, database, demo content, static files, admin account
setup: $(VENV)/.runtime
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py createcachetable
	$(BIN)/python manage.py load_demo
	$(BIN)/python manage.py collectstatic --noinput --verbosity 0
	$(BIN)/python manage.py ensure_admin

## run: set everything up, then serve the site with gunicorn and whitenoise
run: setup serve

serve:
	@echo "Serving http://$(HOST):$(PORT)/ (admin at http://$(HOST):$(PORT)/admin/). Ctrl-C stops."
	$(BIN)/gunicorn lms.wsgi:application --bind $(HOST):$(PORT) --workers $(WORKERS) \
		--env DJANGO_SETTINGS_MODULE=$(DJANGO_SETTINGS_MODULE) --access-logfile -

## lint: ruff (check and format) and djhtml, without changing files
lint: $(VENV)/.dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/djhtml --check templates

## format: rewrite files to the house style
format: $(VENV)/.dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .
	$(BIN)/djhtml templates

## test: lint, migration check, then the whole suite (DATABASE_URL picks the database).
## Browser tests run when Chromium is at $(CHROMIUM); otherwise they are skipped, loudly.
CHROMIUM ?= /usr/bin/chromium
export CHROMIUM
test: lint
	DJANGO_SETTINGS_MODULE=lms.settings.test $(BIN)/python manage.py makemigrations --check --dry-run
	@if [ -x "$(CHROMIUM)" ]; then echo "Chromium found at $(CHROMIUM): browser tests will run."; \
	else echo "*** Chromium not found at $(CHROMIUM): browser (e2e) tests will be SKIPPED. Install it with: apt-get install -y chromium"; fi
	DJANGO_SETTINGS_MODULE=lms.settings.test $(BIN)/pytest $(PYTEST_ARGS)

## bench: start gunicorn over the demo content and measure every page type against a bare Django view
bench: $(VENV)/.dev
	$(BIN)/python bench/pages.py $(BENCH_ARGS)

## bench-progress: what recording a learner's progress adds to a page view
bench-progress: $(VENV)/.dev
	$(BIN)/python -m bench.progress $(BENCH_ARGS)

## bench-quiz: grading a 50-question quiz, its submission and result page, against a bare Django view
bench-quiz: $(VENV)/.dev
	$(BIN)/python -m bench.quiz $(BENCH_ARGS)

## bench-live: a live session under load: 500 participants join, poll, answer; a worker is killed
bench-live: $(VENV)/.dev
	$(BIN)/python -m bench.live $(BENCH_ARGS)

clean:
	rm -rf $(VENV) staticfiles test-artifacts .pytest_cache .ruff_cache
