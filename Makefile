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
WIDGETS := _vendor/widgets/embed-amd.js
CHROMIUM ?= /usr/bin/chromium
# pip's notes about this machine's unused local index folders, and setuptools' indented
# banners while it builds backprop_lib, say nothing about this project: keep pip's own lines.
PIP_NOISE := { grep -v -E "is ignored: it is neither a file nor a directory|^[[:space:]]|^$$" || true; }

.PHONY: book test binder-check refresh setup browser mutation clean

setup: $(STAMP) $(MATHJAX) $(WIDGETS)

$(STAMP): requirements.txt binder/requirements.txt pyproject.toml
	@echo "Setting up $(VENV) from requirements.txt (Binder's runtime, then the build and test tools; exact pins) ..."
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

# The explorers' JavaScript, served from the build too: two npm tarballs (no dependency tree),
# anywidget's AMD module from the installed wheel, and the book's require-config.js.
$(WIDGETS): tools/vendor_widgets.py book/_widgets/require-config.js $(STAMP)
	$(BIN)/python tools/vendor_widgets.py

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

# Binder's view (tests_binder/, a minute or two, mostly installing packages; .ci/run calls it
# after `make test`): a fresh environment from binder/requirements.txt alone, built the way
# repo2docker builds it, runs every lesson against its stored outputs and serves JupyterLab
# with the widget extensions enabled.
binder-check: setup
	$(BIN)/python -m pytest -o addopts="-p no:cacheprovider" -v -s tests_binder

# After an intended change: re-run every lesson and store its new outputs.
# `git diff lessons/` then shows exactly which numbers moved.
refresh: setup
	$(BIN)/python tools/refresh_lessons.py

# By hand, not part of `make test`: mutate the backprop core and run the library's tests on
# every mutant (mutmut; its pins in requirements-mutation.txt, on top of those make installs).
mutation: setup
	@$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-mutation.txt \
		-c <(cat binder/requirements.txt requirements.txt | grep -v -E '^-[er] ') 2>&1 | $(PIP_NOISE)
	$(BIN)/mutmut run --max-children $$(nproc)
	@$(BIN)/mutmut results | grep -c survived | xargs -I{} echo "survived: {}"

clean:
	rm -rf _build _vendor node_modules mutants
