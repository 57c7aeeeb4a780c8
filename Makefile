# Two commands do all the set-up on a fresh Debian machine with Python 3.11:
#   make lab    create .venv, install wmkit with its extras, start JupyterLab on lessons/
#   make test   the same set-up, then every test (lint, unit, scenarios, properties,
#               widgets, lessons, browser)
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
PORT   ?= 8888

.PHONY: lab test stage bench system-deps browser-deps venv lint unit lessons browser clean

lab: venv system-deps
	$(BIN)/jupyter lab --ServerApp.root_dir=lessons --LabApp.default_url=/lab/tree/00_welcome.ipynb \
	    --ServerApp.ip=$${LAB_IP:-127.0.0.1} --ServerApp.port=$(PORT) \
	    $$( [ "$$(id -u)" = 0 ] && echo --allow-root )

# Stage view: the lesson as an app (outputs only, no code cells) for an instructor to
# project. `make stage LESSON=03_chains.ipynb`; LAB_IP=0.0.0.0 to serve other machines.
stage: venv system-deps
	$(BIN)/voila lessons/$${LESSON:-00_welcome.ipynb} --Voila.ip=$${LAB_IP:-127.0.0.1} \
	    --port=$(PORT) --no-browser

test: venv system-deps browser-deps lint unit lessons browser

venv: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

# Graphviz's `dot` draws the DAG; without it wmkit falls back to a networkx layout.
system-deps:
	@if ! command -v dot >/dev/null 2>&1; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "installing Debian's graphviz"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq graphviz >/dev/null; \
	  else \
	    echo "note: graphviz 'dot' is missing and cannot be installed (not root); the DAG uses the networkx layout"; \
	  fi; \
	fi

# Debian's Chromium (and fonts, emoji included, so screenshots show what students see)
# for the browser tests; never `playwright install`.
browser-deps:
	@if [ ! -x /usr/bin/chromium ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "installing Debian's chromium for the browser tests"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-liberation fonts-noto-color-emoji >/dev/null \
	      || echo "note: chromium could not be installed; the browser tests will be skipped and say why"; \
	  else \
	    echo "note: /usr/bin/chromium is missing and cannot be installed (not root); the browser tests will be skipped"; \
	  fi; \
	fi

lint: venv
	$(BIN)/ruff check wmkit tests bench lessons/build.py lessons/lesson_checks lessons/src
	$(BIN)/mypy wmkit
	$(BIN)/lint-imports
	$(BIN)/nbstripout --verify lessons/*.ipynb
	$(BIN)/python lessons/build.py --check

# Unit, scenario, property, widget, lesson-check and catalogue tests, plus the doctests
# in wmkit's docstrings.
unit: venv
	$(BIN)/python -m pytest -q -n 2 tests wmkit

lessons: venv
	@if ls lessons/*.ipynb >/dev/null 2>&1; then \
	  $(BIN)/python -m pytest -q -p no:cacheprovider -o addopts= --nbmake --nbmake-timeout=120 -n 2 lessons; \
	fi

browser: venv
	@if [ -d tests/browser ]; then $(BIN)/python -m pytest -q -o addopts= -rs tests/browser; \
	else echo "note: there is no tests/browser: the browser tier did not run"; fi

bench: venv
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .mypy_cache .hypothesis test-artifacts
