# The two commands a newcomer needs: `make book` and `make test`. Everything else is optional.
# book/ is also a folder, so every target is phony.
.PHONY: book test data check clean serve pdf bench venv

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-requirements

# (Re)create the virtual environment when it is missing or requirements.txt changed.
$(STAMP): requirements.txt pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit("Python 3.11+ is required, found " + sys.version.split()[0]) if sys.version_info < (3, 11) else None'
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	@cp requirements.txt $(STAMP)

venv: $(STAMP)

## Build the book into _build/html (checks the data, executes changed notebooks, builds HTML).
book: $(STAMP)
	$(PY) -m krdev build

## Run every test (unit, data, bad input, notebooks, built site in headless Chromium).
test: $(STAMP)
	$(PY) -m pytest -ra

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

bench: $(STAMP)
	$(PY) benchmarks/build.py

clean:
	rm -rf _build
