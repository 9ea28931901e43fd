# Sourced by scripts/develop and scripts/e2e: choose the Home Assistant release from the command
# line (--minimum, else the current release) and make its venv ready. Sets VENV and RELEASE.
# shellcheck shell=bash

RELEASE=current
for arg in "$@"; do
  [ "$arg" = --minimum ] && RELEASE=minimum
done

# Python 3.14 for the current release: the machine's, else the shared toolchain's.
pick_python314() {
  if [ -n "${PYTHON314:-}" ]; then echo "$PYTHON314"; return; fi
  if command -v python3.14 >/dev/null 2>&1; then command -v python3.14; return; fi
  if [ -f ../shared/tools/python314 ]; then bash ../shared/tools/python314 | tail -n 1; return; fi
  echo "no Python 3.14 found for Home Assistant's current release; set PYTHON314=/path/to/python3.14" \
    "or run with --minimum" >&2
  return 1
}

# The current release in a venv of its own: pytest-homeassistant-custom-component pins an older
# core and breaks on this one, so this venv holds only what the demo and the browser test need.
prepare_current_venv() {
  VENV=${VENV_HA_CURRENT:-.venv-ha-current}
  if [ -x "$VENV/bin/python" ] && sha256sum --status -c "$VENV/.requirements.sha256" 2>/dev/null; then
    return
  fi
  local py
  py=$(pick_python314)
  echo "$(basename "$0"): creating $VENV with $("$py" --version) and $(grep -E '^homeassistant==' requirements_ha_current.txt)"
  [ -x "$VENV/bin/python" ] || "$py" -m venv "$VENV"
  "$VENV/bin/python" -m pip install -q --disable-pip-version-check uv
  "$VENV/bin/python" -m uv pip install -q --python "$VENV/bin/python" --compile-bytecode \
    -r requirements_ha_current.txt
  sha256sum requirements_ha_current.txt > "$VENV/.requirements.sha256"
}

# The minimum is the test suite's venv on Python 3.13 (scripts/setup), as it has always been.
prepare_minimum_venv() {
  VENV=${VENV:-.venv}
  if [ ! -x "$VENV/bin/python" ] || ! sha256sum --status -c "$VENV/.requirements.sha256" 2>/dev/null; then
    # On Python 3.14 the test requirements resolve to a newer Home Assistant.
    if [ -z "${PYTHON:-}" ] && command -v python3.13 >/dev/null 2>&1; then
      PYTHON=$(command -v python3.13) VENV=$VENV scripts/setup
    else
      VENV=$VENV scripts/setup
    fi
  fi
}

if [ "$RELEASE" = current ]; then prepare_current_venv; else prepare_minimum_venv; fi
export VENV RELEASE
"$VENV/bin/python" -m scripts.dev_stack.requirements --install
