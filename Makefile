# Two commands do all set-up on a fresh machine:
#   make book   builds the HTML book into _build/html (Sphinx warnings are errors)
#   make test   runs every check: library tests, nbval over every lesson, the build, the browser
# and `make serve` then serves the built book on 127.0.0.1, where its search works.
#
# Set-up, which both do first (`make setup` alone; about 2 minutes from a fresh clone on this
# project's 2-core machine, measured with empty pip and npm caches; longer on a slow network):
#   1. check that $(PYTHON) is Python 3.11.5 or newer, before anything is made: requirements.txt's
#      pins have no release for older Pythons (pip would stop at contourpy==1.3.3);
#      `make PYTHON=python3.11 ...` names another interpreter;
#   2. create .venv and install requirements.txt's exact pins into it. The stamp .venv/.installed
#      is written last, only once everything is installed, and a failed or interrupted step
#      removes .venv: a set-up that did not finish leaves nothing behind, and the next make
#      starts it again from scratch;
#   3. fetch MathJax and axe-core from the npm registry (package-lock.json) and copy the
#      explorers' JavaScript, so that the built book reads offline.
# `make clean` removes all that make made: _build, _vendor, node_modules, mutants and .venv
# too (the next make then sets up again, about 2 minutes).

SHELL   := /bin/bash
.SHELLFLAGS := -o pipefail -ec
PYTHON  ?= python3
# The oldest Python the pins install on: the highest Requires-Python of requirements.txt's pins
# (soupsieve's, for JupyterLab; tests/test_setup.py computes it from them), and its series, which
# pyproject.toml's requires-python and binder/runtime.txt name.
PYTHON_MIN := 3.11.5
PYTHON_SERIES := 3.11
# `make serve PORT=8001` serves on another port.
PORT    ?= 8000
VENV    := .venv
BIN     := $(VENV)/bin
STAMP   := $(VENV)/.installed
MATHJAX := _vendor/mathjax/output/chtml/fonts/woff-v2
WIDGETS := _vendor/widgets/embed-amd.js
CHROMIUM ?= /usr/bin/chromium
# pip's notes about this machine's unused local index folders, and setuptools' indented
# banners while it builds backprop_lib, say nothing about this project: keep pip's own lines.
PIP_NOISE := { grep -v -E "is ignored: it is neither a file nor a directory|^[[:space:]]|^$$" || true; }

.PHONY: book test binder-check refresh lab setup check-python browser serve mutation clean tex pdf pdf-check
# A recipe that fails (or is interrupted) leaves no half-made target that the next make would trust.
.DELETE_ON_ERROR:

setup: $(STAMP) $(MATHJAX) $(WIDGETS)

# Is $(PYTHON) there, and is it Python $(PYTHON_MIN) or newer? Says which Python it found and
# which the book needs, and fails before anything is made.
define CHECK_PYTHON
if ! command -v "$(PYTHON)" >/dev/null 2>&1; then \
	echo "make: no Python at '$(PYTHON)'. The book needs Python $(PYTHON_MIN) or newer: install it, then run make PYTHON=/path/to/python$(PYTHON_SERIES) $(or $(MAKECMDGOALS),setup)" >&2; \
	exit 1; \
fi; \
found=$$("$(PYTHON)" -c 'import sys; print(".".join(map(str, sys.version_info[:3])))' 2>/dev/null) || found=unknown; \
if ! "$(PYTHON)" -c 'import sys; sys.exit(sys.version_info[:3] < tuple(map(int, "$(PYTHON_MIN)".split("."))))' 2>/dev/null; then \
	echo "make: $(PYTHON) is Python $$found, but the book needs Python $(PYTHON_MIN) or newer: requirements.txt pins releases (numpy, pandas, contourpy, ...) made for Python $(PYTHON_MIN) and later, and pip would stop with an error about one of them. Nothing was made. Install Python $(PYTHON_MIN) or newer and run make PYTHON=python$(PYTHON_SERIES) $(or $(MAKECMDGOALS),setup) (or give its full path)." >&2; \
	exit 1; \
fi; \
echo "Python: $(PYTHON) is Python $$found (the book needs $(PYTHON_MIN) or newer)."
endef

check-python:
	@$(CHECK_PYTHON)

# .venv, made only after the Python check. When the stamp is missing (a first set-up, or one that
# did not finish) .venv is made afresh; when only the pins changed, they are installed into it.
# Any failure, or Ctrl-C, removes .venv; the stamp is written last.
$(STAMP): requirements.txt binder/requirements.txt pyproject.toml
	@if [ ! -f $@ ]; then $(CHECK_PYTHON); fi
	@trap 'rm -rf $(VENV); echo "make: the set-up did not finish; $(VENV) was removed, so the next make starts it again from scratch." >&2' EXIT; \
	trap 'exit 130' INT TERM; \
	if [ ! -f $@ ]; then \
		rm -rf $(VENV); \
		echo "Creating $(VENV) with $(PYTHON) ..."; \
		"$(PYTHON)" -m venv $(VENV); \
	fi; \
	echo "Installing the pinned packages into $(VENV) (requirements.txt: Binder's runtime, then the build and test tools; about 2 minutes, longer on a slow network) ..."; \
	$(BIN)/python -m pip install --quiet --disable-pip-version-check pip==26.3 2>&1 | $(PIP_NOISE); \
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt 2>&1 | $(PIP_NOISE); \
	touch $@; \
	trap - EXIT; \
	echo "$(VENV) is ready."

# MathJax 3 typesets the maths when the book is built (node_modules/mathjax-full, through
# book/_ext/prerendered_math.py); the pages need only its fonts, served from the build itself
# (through html_extra_path), so that pages read offline. Copied aside first and moved into
# place, so that an interrupted copy is never taken for a whole one.
$(MATHJAX): package.json package-lock.json
	@echo "Fetching MathJax and axe-core from the npm registry (package-lock.json; about 10 seconds) ..."
	npm ci --no-audit --no-fund --loglevel=error
	rm -rf _vendor/mathjax _vendor/mathjax.partial && mkdir -p _vendor/mathjax.partial/output/chtml/fonts
	cp -r node_modules/mathjax-full/es5/output/chtml/fonts/woff-v2 _vendor/mathjax.partial/output/chtml/fonts/
	mv _vendor/mathjax.partial _vendor/mathjax
	touch $@

# The explorers' JavaScript, served from the build too: two npm tarballs (no dependency tree),
# anywidget's AMD module from the installed wheel, and the book's require-config.js.
$(WIDGETS): tools/vendor_widgets.py book/_widgets/require-config.js $(STAMP)
	@echo "Copying the explorers' JavaScript into _vendor/widgets (a few seconds) ..."
	$(BIN)/python tools/vendor_widgets.py

book: setup
	@echo "Building the book into _build/html (every page; Sphinx warnings are errors; under a minute: the lessons are not re-run) ..."
	$(BIN)/jupyter-book build --all --warningiserror --keep-going --quiet .
	@echo
	@echo "The book is built in _build/html. Read it with its search working:"
	@echo "    make serve    (then open http://127.0.0.1:$(PORT)/ ; make serve PORT=8001 for another port)"
	@echo "Opening file://$(CURDIR)/_build/html/index.html shows it too, but there the browser blocks part of the search (no summaries, and errors in its console)."

# The built book on http://127.0.0.1:$(PORT)/, this machine only (Ctrl-C stops it). Its search
# needs a server: from a file:// page the browser blocks the search's fetching of the pages it
# found (no summaries, and errors in the console). Builds the book first when there is none;
# otherwise serves the one last built (make book rebuilds it).
serve:
	@if [ ! -f _build/html/index.html ]; then echo "No book in _build/html yet: building it first (make book) ..."; $(MAKE) --no-print-directory book; fi
	@echo "Serving the book at http://127.0.0.1:$(PORT)/ (this machine only; Ctrl-C stops it) ..."
	@$(firstword $(wildcard $(BIN)/python) $(PYTHON)) -m http.server --bind 127.0.0.1 --directory _build/html $(PORT)

# Debian's Chromium for the browser test; Playwright's own browser download cannot work here.
browser:
	@if [ -x "$(CHROMIUM)" ]; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		echo "Installing Chromium from Debian's packages for the browser test (a large package: a minute or more) ..."; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	else \
		echo "The browser test needs Chromium at $(CHROMIUM). Install it with: sudo apt-get install chromium" >&2; \
		exit 1; \
	fi

# The printed book's tools, from Debian's packages (TeX Live 2022 on bookworm; --no-install-recommends,
# about 300 MB installed): XeLaTeX and latexmk, the LaTeX packages Sphinx's output uses, GNU FreeFont
# (Sphinx's fonts for XeLaTeX, which hold the book's Unicode), and poppler-utils (pdftotext, for
# tests/test_pdf.py). The one list of them. Installed as root, or with sudo where it needs no
# password (a CI runner).
TEX_PACKAGES := latexmk texlive-xetex texlive-latex-recommended texlive-latex-extra texlive-fonts-recommended fonts-freefont-otf poppler-utils
PDF := _build/latex/backprop-step-by-step.pdf

tex:
	@if command -v xelatex >/dev/null && command -v latexmk >/dev/null && command -v pdftotext >/dev/null \
		&& kpsewhich fncychap.sty >/dev/null && fc-list FreeMono | grep -q .; then :; \
	elif command -v apt-get >/dev/null && { [ "$$(id -u)" = 0 ] || sudo -n true 2>/dev/null; }; then \
		as_root=$$([ "$$(id -u)" = 0 ] || echo "sudo -n"); \
		echo "Installing TeX Live (XeLaTeX) and its fonts from Debian's packages for the PDF (a few minutes) ..."; \
		$$as_root apt-get update -qq && $$as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $(TEX_PACKAGES) >/dev/null; \
	else \
		echo "The PDF needs XeLaTeX, latexmk, GNU FreeFont and pdftotext. Install them with: sudo apt-get install --no-install-recommends $(TEX_PACKAGES)" >&2; \
		exit 1; \
	fi

# The whole book as one PDF, $(PDF) (XeLaTeX; a few minutes). The explorers print as a picture
# of where they start, drawn by Chromium (hence `browser`); a LaTeX error or a glyph missing from
# the fonts stops it.
pdf: setup browser tex
	@echo "Building the printed book into $(PDF) (Sphinx's LaTeX, then XeLaTeX; a few minutes) ..."
	LATEXMKOPTS=-silent $(BIN)/jupyter-book build --builder pdflatex --quiet .
	@if grep -m 5 "Missing character" $(PDF:.pdf=.log); then echo "make: glyphs missing from the PDF's fonts (above); add them to book/_ext/print/backprop-print.sty" >&2; exit 1; fi
	@echo "The PDF is $(PDF). The next make book links it from every page's footer."

# The PDF's own checks (tests/test_pdf.py, left out of `make test` for the minutes the PDF takes;
# .ci/run calls it after `make test`): built with no error or missing glyph, chapters numbered as
# online, two chapters' glued numbers printed, no explorer printed as its repr.
pdf-check: pdf
	PRINTED_BOOK=$(PDF) $(BIN)/python -m pytest -o addopts="-p no:cacheprovider" -v tests/test_pdf.py

test: setup browser
	@echo "Linting with ruff (the rules in pyproject.toml) ..."
	$(BIN)/ruff check --quiet .
	@echo "Running every check (pytest on every core; about 3½ minutes on 2 idle cores once .venv exists, more on a busy machine) ..."
	$(BIN)/python -m pytest

# The lessons where learners run them (tests_binder/, about 10 minutes, mostly installing packages;
# .ci/run calls it after `make test`), each in a fresh environment: Binder's (repo2docker's own
# base, then binder/requirements.txt; nbval over the learner notebooks and each one opened in
# that JupyterLab in Chromium), Colab's (its published packages on Python 3.13, every learner
# notebook run alone with the lessons' zip) and the download's (unzipped, `python start.py`).
binder-check: setup
	$(BIN)/python -m pytest -o addopts="-p no:cacheprovider" -v -s tests_binder

# After an intended change: re-run every lesson and store its new outputs.
# `git diff lessons/` then shows exactly which numbers moved.
refresh: setup
	$(BIN)/python tools/refresh_lessons.py

# The lessons in JupyterLab, in their learner form (notebooks/lessons/), as Binder opens them.
lab: setup
	$(BIN)/jupyter lab $(if $(filter 0,$(shell id -u)),--allow-root) notebooks/lessons/01_single_neuron.ipynb

# By hand, not part of `make test`: mutate the backprop core and run the library's tests on
# every mutant (mutmut; its pins in requirements-mutation.txt, on top of those make installs).
mutation: setup
	@$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-mutation.txt \
		-c <(cat binder/requirements.txt requirements.txt | grep -v -E '^-[er] ') 2>&1 | $(PIP_NOISE)
	$(BIN)/mutmut run --max-children $$(nproc)
	@$(BIN)/mutmut results | grep -c survived | xargs -I{} echo "survived: {}"

# Everything make made, .venv included: the next make sets up again (about 2 minutes).
clean:
	rm -rf _build _vendor node_modules mutants $(VENV) backprop_lib.egg-info
