# Interop test dependencies, included by the Makefile (`unit` depends on `interop-deps`):
# - the official Python driver 5.28 in its own virtual environment, .venv-neo4j5/ (the main
#   .venv holds the 6.x driver; tests/interop/test_interop_neo4j5.py runs scripts with this one);
# - the official JavaScript driver 6.x from npm, in .interop-js/node_modules
#   (tests/interop/test_interop_js.py; GRAPHBOLT_NODE_MODULES overrides the location).
# Both are built once: a stamp file marks a finished install, and editing this file redoes it.
PYTHON ?= python3
# Whatever includes this keeps its own default goal (an empty one goes to its next rule).
interop_default_goal := $(.DEFAULT_GOAL)
NEO4J5_VENV := .venv-neo4j5
NEO4J5_STAMP := $(NEO4J5_VENV)/.installed
NEO4J5_REQUIREMENT := neo4j>=5.28,<6
INTEROP_JS := .interop-js
INTEROP_JS_STAMP := $(INTEROP_JS)/.installed
INTEROP_JS_PACKAGE := neo4j-driver@6

.PHONY: interop-deps interop-py5 interop-js clean-interop

interop-deps: interop-py5 interop-js

interop-py5: $(NEO4J5_STAMP)

interop-js: $(INTEROP_JS_STAMP)

$(NEO4J5_STAMP): mk/interop.mk
	rm -rf $(NEO4J5_VENV)
	$(PYTHON) -m venv $(NEO4J5_VENV)
	$(NEO4J5_VENV)/bin/python -m pip install -q --disable-pip-version-check '$(NEO4J5_REQUIREMENT)'
	touch $@

$(INTEROP_JS_STAMP): mk/interop.mk
	@command -v npm >/dev/null 2>&1 || { \
	  echo "mk/interop.mk: npm not found; install Node.js 18+ (node and npm) for the JavaScript driver tests" >&2; \
	  exit 1; }
	rm -rf $(INTEROP_JS)
	mkdir -p $(INTEROP_JS)
	npm install --prefix $(INTEROP_JS) --no-audit --no-fund --loglevel=error '$(INTEROP_JS_PACKAGE)'
	touch $@

clean-interop:
	rm -rf $(NEO4J5_VENV) $(INTEROP_JS)

.DEFAULT_GOAL := $(interop_default_goal)
