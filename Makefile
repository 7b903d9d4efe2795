# Partnership Planner: `make run` starts the app, `make test` runs the whole suite.
# Both set up everything they need on a fresh machine.

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 5000
# Test processes (pytest-xdist): one per CPU, at most four.
TEST_WORKERS ?= auto
PYTEST := $(BIN)/pytest -n $(TEST_WORKERS) --maxprocesses=4
# Debian packages the test suite needs: a browser, a PostgreSQL server,
# what WeasyPrint and the PDF checks use, and Java for the Nu HTML validator.
# Node.js (20 or newer, with npm) runs Lighthouse.
SYSTEM_PACKAGES := chromium postgresql libharfbuzz-subset0 fonts-dejavu-core poppler-utils openjdk-17-jre-headless nodejs

.PHONY: run demo freeze bench test test-sqlite test-postgres test-deps lint format constraints translations clean help

# The interface's translations: one catalogue per language, compiled on set-up (not committed).
CATALOGUES := $(wildcard planner/translations/*/LC_MESSAGES/messages.po)
COMPILED := $(CATALOGUES:.po=.mo)

help:
	@echo "make run     install, migrate and start the app on http://$(HOST):$(PORT)/"
	@echo "make demo    load the demo organisation into an empty database"
	@echo "make freeze  write the public site (published reports) into build/site/"
	@echo "make test    install what the tests need and run the suite on SQLite and PostgreSQL"
	@echo "make lint    ruff check and format check"
	@echo "make translations  collect the interface's strings into every language's catalogue"
	@echo "make bench   time every page at two scales, and throughput under gunicorn (uses wrk)"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# constraints.txt pins every package to the versions CI tested; pyproject.toml keeps the ranges.
$(VENV)/.runtime: pyproject.toml constraints.txt | $(BIN)/python
	$(BIN)/pip install --quiet -c constraints.txt -e .
	@touch $@

$(VENV)/.dev: pyproject.toml constraints.txt | $(BIN)/python
	$(BIN)/pip install --quiet -c constraints.txt -e '.[dev]'
	@touch $@ $(VENV)/.runtime

%.mo: %.po | $(VENV)/.runtime
	$(BIN)/pybabel compile --statistics -i $< -o $@

run: $(VENV)/.runtime $(COMPILED)
	$(BIN)/planner db upgrade
	@$(BIN)/planner welcome --url http://$(HOST):$(PORT)/
	$(BIN)/planner run --host $(HOST) --port $(PORT)

demo: $(VENV)/.runtime $(COMPILED)
	$(BIN)/planner db upgrade
	$(BIN)/planner demo

freeze: $(VENV)/.runtime $(COMPILED)
	$(BIN)/planner db upgrade
	$(BIN)/planner freeze build/site

# How long loading the large data set takes (into a throwaway instance), then the pages and
# throughput benchmarks, which build it once per scale and cache it in build/bench/.
# A missed target does not stop the next benchmark.
bench: $(VENV)/.dev $(COMPILED)
	tmp=$$(mktemp -d) && env -u DATABASE_URL PLANNER_INSTANCE_PATH=$$tmp \
		$(BIN)/python benchmarks/dataset.py --scale 1; rm -rf "$$tmp"
	-$(BIN)/python benchmarks/pages.py
	-$(BIN)/python benchmarks/throughput.py

# Node tools the tests run (Lighthouse audits the frozen site): pinned in package-lock.json.
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

test-deps:
	@missing=$$(for p in $(SYSTEM_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		echo "Installing system packages:" $$missing; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	fi
	@$(MAKE) --no-print-directory node_modules/.installed

test: test-deps $(VENV)/.dev $(COMPILED)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(PYTEST)
	$(PYTEST) --postgres -m "not browser"

test-sqlite: test-deps $(VENV)/.dev $(COMPILED)
	$(PYTEST)

test-postgres: test-deps $(VENV)/.dev $(COMPILED)
	$(PYTEST) --postgres -m "not browser"

lint: $(VENV)/.dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(VENV)/.dev
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# After changing dependencies in pyproject.toml: pin what the tests then pass with.
constraints: $(VENV)/.dev
	{ echo "# Every package at the version CI tested: make run and make test install with -c constraints.txt."; \
	  echo "# Regenerate with 'make constraints' after changing dependencies in pyproject.toml."; \
	  $(BIN)/pip freeze --exclude-editable; } > constraints.txt.new && mv constraints.txt.new constraints.txt

# After adding or changing strings: every language's catalogue gets the new ones (to translate)
# and loses those no longer used. Sorted, without line numbers, so diffs show real changes.
translations: $(VENV)/.dev
	mkdir -p build
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext -k lazy_ngettext:1,2 -k _lp:1c,2 -k lazy_pgettext:1c,2 \
		--sort-output --add-location=file --no-wrap -o build/messages.pot .
	$(BIN)/pybabel update -i build/messages.pot -d planner/translations \
		--no-fuzzy-matching --ignore-obsolete --no-wrap

clean:
	rm -rf $(VENV) build .pytest_cache .ruff_cache
