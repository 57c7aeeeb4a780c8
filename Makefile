# Two commands do all the set-up on a fresh Debian machine with Python 3.11:
#   make lab    create .venv, install wmkit with its extras, start JupyterLab on lessons/
#   make test   the same set-up, then every test (lint, unit, scenarios, properties,
#               widgets, lessons, browser, lite)
#   make site   the course as a static JupyterLite site in _site/ (no server needed)
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
PORT   ?= 8888

.PHONY: lab test stage bench system-deps browser-deps venv lint unit lessons browser clean \
	site site-deps lite

lab: venv system-deps
	$(BIN)/jupyter lab --ServerApp.root_dir=lessons --LabApp.default_url=/lab/tree/00_welcome.ipynb \
	    --ServerApp.ip=$${LAB_IP:-127.0.0.1} --ServerApp.port=$(PORT) \
	    $$( [ "$$(id -u)" = 0 ] && echo --allow-root )

# Stage view: the lesson as an app (outputs only, no code cells) for an instructor to
# project. `make stage LESSON=03_chains.ipynb`; LAB_IP=0.0.0.0 to serve other machines.
stage: venv system-deps
	$(BIN)/voila lessons/$${LESSON:-00_welcome.ipynb} --Voila.ip=$${LAB_IP:-127.0.0.1} \
	    --port=$(PORT) --no-browser

test: venv system-deps browser-deps lint unit lessons browser lite

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
	$(BIN)/ruff check wmkit tests bench lessons/build.py lessons/lesson_checks lessons/src site
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

# ------------------------------------------------------------ the static site
# `make site` builds the course as a JupyterLite site (Pyodide kernel) in _site/, from
# pinned registry packages only (site/build.py says what and how). Its tools live in their
# own venv: they are pinned exactly, and the Pyodide kernel's labextension must not show
# up in `make lab`'s JupyterLab. Downloads are cached in ~/.cache/wmkit-site.
SITE_VENV   := .venv-site
SITE_STAMP  := $(SITE_VENV)/.installed
SITE_INPUTS := $(shell find wmkit lessons/lesson_checks site -type f \( -name '*.py' -o \
	-name '*.json' -o -name '*.txt' \) -not -path '*/__pycache__/*' 2>/dev/null) \
	$(wildcard lessons/*.ipynb) pyproject.toml README.md

site: _site/.built

_site/.built: $(SITE_STAMP) $(SITE_INPUTS)
	$(SITE_VENV)/bin/python site/build.py --output _site
	touch $@

$(SITE_STAMP): site/requirements.txt | site-deps
	test -x $(SITE_VENV)/bin/python || $(PYTHON) -m venv $(SITE_VENV)
	$(SITE_VENV)/bin/python -m pip install --quiet -r site/requirements.txt
	touch $@

# npm fetches Pyodide's core from the npm registry.
site-deps:
	@if ! command -v npm >/dev/null 2>&1; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "installing Debian's npm for the site build"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq npm >/dev/null; \
	  else \
	    echo "npm is missing: install Node.js and npm (e.g. sudo apt-get install npm)"; exit 1; \
	  fi; \
	fi

# The lite tier: the built site in headless Chromium, every lesson run (tests/lite).
lite: venv browser-deps site
	$(BIN)/python -m pytest -q -p no:cacheprovider -o addopts= -rs tests/lite

clean:
	rm -rf $(VENV) $(SITE_VENV) _site build/site .pytest_cache .ruff_cache .mypy_cache \
	  .hypothesis test-artifacts
