# The two commands a newcomer needs: `make book` and `make test`. Everything else is optional.
# book/ is also a folder, so every target is phony.
.PHONY: book test data check clean serve pdf bench venv system web-tools i18n

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-requirements
# The installer: uv (from PyPI, pinned here, bootstrapped into .venv by pip) installs the same pinned
# requirements.txt several times faster than pip; `make venv INSTALLER=pip` uses pip alone.
INSTALLER ?= uv
UV_VERSION := 0.13.9
PIP := $(PY) -m pip --quiet --disable-pip-version-check

# (Re)create the virtual environment when it is missing or requirements.txt or pyproject.toml changed.
$(STAMP): requirements.txt pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit("Python 3.11+ is required, found " + sys.version.split()[0]) if sys.version_info < (3, 11) else None'
	@# a venv left half-made by an interrupted run (no working pip) is made again
	@$(PY) -m pip --version >/dev/null 2>&1 || { rm -rf $(VENV); $(PYTHON) -m venv $(VENV); }
	@echo "Installing the pinned Python packages of requirements.txt into $(VENV)"
	@start=$$(date +%s); \
	if [ "$(INSTALLER)" = uv ] && { test -x $(VENV)/bin/uv || $(PIP) install "uv==$(UV_VERSION)"; } \
	   && $(VENV)/bin/uv pip install --quiet --python $(PY) -r requirements.txt; then used=uv; \
	else \
	  [ "$(INSTALLER)" = pip ] || echo "  uv could not be used: installing with pip instead (a few minutes)"; \
	  $(PIP) install --upgrade pip && $(PIP) install -r requirements.txt || exit 1; used=pip; \
	fi; \
	echo "  installed with $$used in $$(( $$(date +%s) - start )) s"
	@cp requirements.txt $(STAMP)

venv: $(STAMP)

# The site checkers (axe-core, the Nu Html Checker, Lighthouse) from the pinned npm lock; they drive the
# system Chromium and Java, and no browser is downloaded (install scripts are not run).
WEB_TOOLS := tools/web/node_modules/.package-lock.json
$(WEB_TOOLS): tools/web/package-lock.json
	npm ci --prefix tools/web --ignore-scripts --no-audit --no-fund
	@touch $(WEB_TOOLS)

web-tools: $(WEB_TOOLS)

## Build the book into _build/html (checks the data, executes changed notebooks, builds HTML).
book: $(STAMP)
	$(PY) -m krdev build

## Update the Korean edition's message catalogues (locales/ko/LC_MESSAGES/*.po) from the book sources.
i18n: $(STAMP)
	$(PY) -m krdev i18n

## Run every test (unit, data, bad input, notebooks, built site in headless Chromium).
## First the system packages the tests need (Chromium, fonts, XeLaTeX, poppler, Java, Node.js) and
## the npm site checkers: installed when running as root or with password-less sudo, otherwise it
## stops here with the command to run.
test: system $(STAMP)
	$(PY) -m pytest -ra

system:
	@tools/setup-system.sh

## Rebuild data/processed and data/datapackage.json from data/raw and installed data packages.
data: $(STAMP)
	$(PY) -m krdev data build

check: $(STAMP)
	$(PY) -m krdev data check

## Serve the built site on http://localhost:8000
serve:
	$(PY) -m http.server 8000 --directory _build/html

## PDFs of the whole book (_build/book.pdf) and of every chapter (_build/pdf/chapters/), linked from the chapter pages.
pdf: $(STAMP)
	$(PY) -m krdev pdf

bench: $(STAMP) $(WEB_TOOLS)
	$(PY) benchmarks/build.py

clean:
	rm -rf _build
