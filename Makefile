# The two commands a new user needs: `make run` and `make test`. Everything else is a helper.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
CONGVU := $(VENV)/bin/congvu
PORT ?= 8000
export DJANGO_SETTINGS_MODULE := congvu.settings

.PHONY: run test venv install install-test messages catalogues lint typecheck pytest pytest-postgres browser java sso-provider fuzz clean

# The stamp files make repeated runs cheap: pip runs again only when pyproject.toml changes.
$(VENV)/bin/python:
	python3 -m venv $(VENV)
	$(PIP) install -q --upgrade pip

$(VENV)/.installed: pyproject.toml | $(VENV)/bin/python
	$(PIP) install -q -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(PIP) install -q -e '.[test]'
	touch $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

# Message catalogues are compiled from the committed .po files (the .mo files are build output).
messages: $(VENV)/.installed
	@command -v msgfmt >/dev/null || (apt-get update -qq && apt-get install -y -qq gettext)
	cd congvu && ../$(CONGVU) compilemessages -v 0

# Refresh the Vietnamese catalogues after changing user-facing text (then translate; see docs/i18n.md).
# Every app keeps its own messages in its locale/ (an app with text but no locale/ yet: create
# <app>/locale/vi/LC_MESSAGES/ first); the root catalogue takes only what belongs to no app.
APP_CATALOGUES := $(patsubst congvu/%/locale,%,$(wildcard congvu/*/locale))
catalogues: $(VENV)/.installed
	cd congvu && ../$(VENV)/bin/django-admin makemessages -l vi --no-obsolete \
		$(foreach app,$(APP_CATALOGUES) analytics interchange,--ignore '$(app)/*')
	for app in $(APP_CATALOGUES); do \
		(cd congvu/$$app && ../../$(VENV)/bin/django-admin makemessages -l vi --no-obsolete); done
	@# msgmerge stamps the time of every run: without it, a refresh with no new text changes nothing.
	sed -i '/^"POT-Creation-Date: /d' congvu/locale/vi/LC_MESSAGES/django.po \
		$(foreach app,$(APP_CATALOGUES),congvu/$(app)/locale/vi/LC_MESSAGES/django.po)

# The first run builds the demo province in the background (progress in var/demo.log and in a
# banner on every page) and serves as soon as its organisation and logins exist; later runs find
# the data and start at once.
run: messages
	$(CONGVU) migrate --noinput -v 0
	$(CONGVU) collectstatic --noinput -v 0
	mkdir -p var && rm -f var/demo-ready
	(nohup sh -c '$(CONGVU) seed_demo_if_empty --part tasks --ready-file var/demo-ready; \
		$(CONGVU) seed_demo_if_empty --part rest' > var/demo.log 2>&1 &)
	@# The pages are served as soon as the organisation and the logins exist (a few seconds).
	@for i in $$(seq 600); do test -e var/demo-ready && break; sleep 0.5; done
	@echo "Tỉnh mẫu được ghi ở chế độ nền (var/demo.log): nhiệm vụ, rồi hồ sơ TTHC, dự án đầu tư, dấu hiệu và xếp loại; các trang báo tiến độ cho đến khi xong."
	$(CONGVU) print_logins
	$(VENV)/bin/gunicorn -c python:congvu.gunicorn congvu.wsgi --bind 127.0.0.1:$(PORT) --access-logfile -

# Debian packages the tests drive: Chromium for the browser tests, poppler for reading PDFs back.
browser:
	@(test -x /usr/bin/chromium && command -v pdftotext >/dev/null) || (apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-core poppler-utils)

# Java for Spark local mode (tests/analytics/test_spark.py, `congvu analyze --engine spark`).
java:
	@command -v java >/dev/null || (apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq openjdk-17-jre-headless)

# The real OpenID Connect provider the single sign-on test logs in at (npm `oidc-provider`, pinned
# in tests/sso/package-lock.json); needs Node.js 20 or later.
SSO_PROVIDER := tests/sso/node_modules/.package-lock.json
$(SSO_PROVIDER): tests/sso/package.json tests/sso/package-lock.json
	@command -v node >/dev/null && command -v npm >/dev/null || \
		(echo "Node.js and npm are needed for the single sign-on test (tests/sso): apt-get install nodejs npm" >&2; exit 1)
	cd tests/sso && npm ci --no-audit --no-fund --loglevel=error
	touch $@
sso-provider: $(SSO_PROVIDER)

# lint-imports keeps the layers of DESIGN.md (the contracts are in pyproject.toml).
lint: $(VENV)/.installed-test
	$(VENV)/bin/ruff format --check congvu tests bench
	$(VENV)/bin/ruff check congvu tests bench
	$(VENV)/bin/lint-imports --no-cache

typecheck: $(VENV)/.installed-test
	$(VENV)/bin/mypy congvu

pytest: $(VENV)/.installed-test messages browser java $(SSO_PROVIDER)
	$(CONGVU) makemigrations --check --dry-run -v 1
	$(VENV)/bin/pytest -q -p no:cacheprovider

test: lint typecheck pytest

# schemathesis over the API's OpenAPI against gunicorn on a small demo, fixed seed and budget:
# fails on any 5xx, response outside its schema or wrong content type (tests/api/fuzz.py).
FUZZ_EXAMPLES ?= 25
fuzz: $(VENV)/.installed-test messages
	$(PY) -m tests.api.fuzz --examples $(FUZZ_EXAMPLES)

clean:
	rm -rf $(VENV) var staticfiles
