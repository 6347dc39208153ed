# Two commands (see README): `make site` builds the site into site/, `make test` runs the tests.
# Both work on a fresh machine with Python 3.11, git and make; the first run creates .venv/.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
CHROMIUM ?= /usr/bin/chromium
# Debian packages the build and the tests use: Chromium (browser tests, Lighthouse), Noto CJK (PDF editions,
# screenshots), a Java runtime (the Nu HTML Checker), poppler-utils (the tests read the PDFs' text and bookmarks);
# Node.js and npm when the machine has none.
SYSTEM_PACKAGES := chromium fonts-noto-cjk default-jre-headless poppler-utils $(if $(shell command -v npm),,nodejs npm)

.PHONY: site test serve golden bench register-anchors new-document clean system-packages check-public-url

$(VENV)/.installed: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

# Installed with apt-get only when one is missing (Playwright drives Debian's Chromium: no browser download).
system-packages:
	@dpkg -s $(SYSTEM_PACKAGES) >/dev/null 2>&1 || { apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $(SYSTEM_PACKAGES); }

# npm tools pinned in package-lock.json (Lighthouse, the Nu HTML Checker). --ignore-scripts: vnu-jar's install
# script would download a Java runtime; Debian's is used instead.
node_modules/.installed: package-lock.json | system-packages
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $@

site: $(VENV)/.installed system-packages
	$(PY) -m build_scripts build

# Fails unless the site URL (SITE_URL, read by mkdocs.yml) is a public address: run before publishing.
check-public-url: $(VENV)/.installed
	$(PY) -m build_scripts check-public-url

test: $(VENV)/.installed system-packages node_modules/.installed
	CHROMIUM=$(CHROMIUM) $(PY) -m pytest

serve: site
	$(PY) -m http.server 8000 --bind 127.0.0.1 --directory site

golden: $(VENV)/.installed
	$(PY) -m tests.golden regenerate

bench: $(VENV)/.installed system-packages node_modules/.installed
	$(PY) -m bench.run

# Add a document: make new-document SOURCE=path/to/text.txt SLUG=slug TITLE="中文标题" [SYMBOL=...] [LAYOUT=...]
new-document: $(VENV)/.installed
	$(PY) -m build_scripts new-document "$(SOURCE)" --slug "$(SLUG)" --title "$(TITLE)" \
		$(if $(SYMBOL),--symbol "$(SYMBOL)") $(if $(LAYOUT),--layout "$(LAYOUT)")

register-anchors: site
	$(PY) -m build_scripts register-anchors

clean:
	rm -rf site .site-build-* .pytest_cache .build-cache node_modules
