# Entry points (see README): `make run`, `make test` and `make serve`. Each one sets up .venv first:
# `make run` installs only what running needs; the test tools come with `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
RUNTIME := $(VENV)/.installed-run
STAMP   := $(VENV)/.installed-test

.PHONY: run test test-fast serve lint typecheck test-proof setup clean data notebooks notebooks-run messages qgis-plugin

run: $(RUNTIME)
	$(BIN)/landplan run baseline --layout

# The workbench in the browser (a local server; its store in out/workbench/).
serve: $(RUNTIME)
	$(BIN)/landplan serve

# Two worker processes, each test file on one of them (its fixtures built once).
test: $(STAMP)
	$(BIN)/python -m pytest -n 2 --dist loadfile

# The quick part: everything but the tests needing a browser, PostgreSQL, QGIS or the notebooks.
test-fast: $(STAMP)
	$(BIN)/python -m pytest -n 2 --dist loadfile -m "not heavy"

# The QGIS plugin as a zip QGIS installs (Plugins › Manage and Install Plugins › Install from
# ZIP); it calls this checkout's landplan.
qgis-plugin: $(RUNTIME)
	$(BIN)/landplan qgis-plugin dist/landplan_processing.zip

# The gates CI runs before the tests (pre-commit runs the same on each commit).

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy

# The texts to translate, gathered from the package and its templates into the catalogs'
# template, and each language's catalog brought up to date with it (README, Development); the
# same for the QGIS plugin's own catalog (compiled into its zip by landplan qgis-plugin).
messages: $(STAMP)
	$(BIN)/pybabel extract --mapping-file babel.cfg --add-location file --sort-output \
		--project landplan --copyright-holder "landplan's authors" --no-wrap \
		--output-file landplan/locales/landplan.pot .
	$(BIN)/pybabel update --input-file landplan/locales/landplan.pot --output-dir landplan/locales \
		--domain landplan --locale zh --ignore-obsolete --no-wrap
	$(BIN)/pybabel extract --keywords tr --add-location file --sort-output \
		--project landplan_processing --copyright-holder "landplan's authors" --no-wrap \
		--output-file qgis/landplan_processing/i18n/landplan_processing.pot qgis/landplan_processing
	$(BIN)/pybabel update --input-file qgis/landplan_processing/i18n/landplan_processing.pot \
		--output-dir qgis/landplan_processing/i18n --domain landplan_processing --locale zh \
		--ignore-obsolete --no-wrap

# The bundled default model to a proven optimum (about a minute; not part of `make test`).
test-proof: $(STAMP)
	LANDPLAN_PROOF=1 $(BIN)/python -m pytest -s tests/optimisation/test_bundled_proof.py

setup: $(STAMP)

# JupyterLab in the project's environment, opened on notebooks/.
notebooks: $(STAMP)
	$(BIN)/python -m pip install --quiet -e ".[notebooks]"
	$(BIN)/jupyter lab notebooks/

# The notebooks run headless, top to bottom: executed copies and their outputs in out/notebooks/.
notebooks-run: $(STAMP)
	$(BIN)/python scripts/run_notebooks.py

# Reinstall whenever the dependency list changes.
$(RUNTIME): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	touch $(RUNTIME)

$(STAMP): $(RUNTIME)
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $(STAMP)

# Rebuild the committed layers from their sources (districts and land first: parks are clipped
# to them).
data: $(STAMP)
	$(BIN)/python -m pip install --quiet -e ".[test,build-data]"
	$(BIN)/python scripts/build_districts.py
	$(BIN)/python scripts/build_land.py
	$(BIN)/python scripts/build_parks.py
	$(BIN)/python scripts/build_existing_base.py
	$(BIN)/python scripts/build_infrastructure.py
	$(BIN)/python scripts/build_template_pack.py

clean:
	rm -rf $(VENV) out .pytest_cache .hypothesis
