# Two commands (see README): `make site` builds the site into site/, `make test` runs the tests.
# Both work on a fresh machine with Python 3.11, git and make; the first run creates .venv/.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
CHROMIUM ?= /usr/bin/chromium

.PHONY: site test serve golden bench register-anchors new-document clean

$(VENV)/.installed: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

# Debian's Chromium for the browser tests (Playwright drives it through executable_path; no browser download).
$(CHROMIUM):
	apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium

site: $(VENV)/.installed
	$(PY) -m build_scripts build

test: $(VENV)/.installed $(CHROMIUM)
	CHROMIUM=$(CHROMIUM) $(PY) -m pytest

serve: site
	$(PY) -m http.server 8000 --bind 127.0.0.1 --directory site

golden: $(VENV)/.installed
	$(PY) -m tests.golden regenerate

bench: $(VENV)/.installed
	$(PY) -m bench.run

# Add a document: make new-document SOURCE=path/to/text.txt SLUG=slug TITLE="中文标题" [SYMBOL=...] [LAYOUT=...]
new-document: $(VENV)/.installed
	$(PY) -m build_scripts new-document "$(SOURCE)" --slug "$(SLUG)" --title "$(TITLE)" \
		$(if $(SYMBOL),--symbol "$(SYMBOL)") $(if $(LAYOUT),--layout "$(LAYOUT)")

register-anchors: site
	$(PY) -m build_scripts register-anchors

clean:
	rm -rf site .site-build-* .pytest_cache .build-cache
