# Two commands do all set-up on a fresh machine:
#   make book   builds the HTML book into _build/html (Sphinx warnings are errors)
#   make test   runs every check: library tests, nbval over every lesson, the build, the browser
# Both create .venv from requirements.txt on first use and fetch MathJax from the npm registry.

SHELL   := /bin/bash
.SHELLFLAGS := -o pipefail -ec
PYTHON  ?= python3
VENV    := .venv
BIN     := $(VENV)/bin
STAMP   := $(VENV)/.installed
MATHJAX := _vendor/mathjax/tex-chtml.js
CHROMIUM ?= /usr/bin/chromium
# pip's notes about this machine's unused local index folders, and setuptools' indented
# banners while it builds backprop_lib, say nothing about this project: keep pip's own lines.
PIP_NOISE := { grep -v -E "is ignored: it is neither a file nor a directory|^[[:space:]]|^$$" || true; }

.PHONY: book test refresh setup browser mutation clean

setup: $(STAMP) $(MATHJAX)

$(STAMP): requirements.txt pyproject.toml
	@echo "Setting up $(VENV) from requirements.txt (exact pins) ..."
	@$(PYTHON) -m venv $(VENV)
	@$(BIN)/python -m pip install --quiet --disable-pip-version-check pip==26.3 2>&1 | $(PIP_NOISE)
	@$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt 2>&1 | $(PIP_NOISE)
	@touch $@

# MathJax 3 served from the build itself (through html_extra_path), so pages read offline.
$(MATHJAX): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	rm -rf _vendor/mathjax && mkdir -p _vendor
	cp -r node_modules/mathjax/es5 _vendor/mathjax
	touch $@

book: setup
	$(BIN)/jupyter-book build --all --warningiserror --keep-going --quiet .
	@echo
	@echo "The book is built. Open: file://$(CURDIR)/_build/html/index.html"

# Debian's Chromium for the browser test; Playwright's own browser download cannot work here.
browser:
	@if [ -x "$(CHROMIUM)" ]; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		echo "Installing Chromium from Debian's packages for the browser test..."; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	else \
		echo "The browser test needs Chromium at $(CHROMIUM). Install it with: sudo apt-get install chromium" >&2; \
		exit 1; \
	fi

test: setup browser
	$(BIN)/python -m pytest

# After an intended change: re-run every lesson and store its new outputs.
# `git diff lessons/` then shows exactly which numbers moved.
refresh: setup
	$(BIN)/python tools/refresh_lessons.py

# By hand, not part of `make test`: mutate the backprop core and run the library's tests on
# every mutant (mutmut; its pins in requirements-mutation.txt, on top of requirements.txt's).
mutation: setup
	@$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-mutation.txt \
		-c <(grep -v '^-e' requirements.txt) 2>&1 | $(PIP_NOISE)
	$(BIN)/mutmut run --max-children $$(nproc)
	@$(BIN)/mutmut results | grep -c survived | xargs -I{} echo "survived: {}"

clean:
	rm -rf _build _vendor node_modules mutants
