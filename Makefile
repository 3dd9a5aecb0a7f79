# The two commands a newcomer needs: `make run` and `make test`. Both set up .venv on first use.
PYTHON ?= python3.13
VENV ?= .venv
PY := $(VENV)/bin/python
export PATH := $(CURDIR)/$(VENV)/bin:$(PATH)
# The ports `make run` serves on: `make run PORT=9000 SAMPLE_STORES_PORT=9876` when 8000 or 8765 is
# taken. PORT is the web server's (honcho hands it to the first process of Procfile.dev, the web).
PORT ?= 8000
SAMPLE_STORES_PORT ?= 8765
# Tests run in three processes side by side: most of their time is spent waiting on servers,
# browsers and sockets, so two cores keep three busy. Each test has its own database (per
# process), cache and channel-layer prefixes, and free ports.
PYTEST_ARGS ?= -n 3 --dist loadfile

.PHONY: run test install

$(VENV)/.installed: requirements.txt requirements-dev.txt
	@command -v $(PYTHON) >/dev/null || { echo "$(PYTHON) not found: install Python 3.13 (see .python-version)"; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed

# Migrate, load the store directory, the sample catalog and one sample store per platform, then run
# the web server, the worker and the sample store server together.
run: install
	$(PY) manage.py release --sample-data
	$(PY) manage.py register_sample_stores --url http://127.0.0.1:$(SAMPLE_STORES_PORT)
	@echo
	@echo "  LGS Stock Checker: http://127.0.0.1:$(PORT)   (Ctrl-C stops everything)"
	@echo
	SAMPLE_STORES_PORT=$(SAMPLE_STORES_PORT) ALLOW_PRIVATE_STORE_ADDRESSES=true honcho start -f Procfile.dev --port $(PORT)

test: install
	$(PY) -m pytest $(PYTEST_ARGS)
