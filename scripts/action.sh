#!/usr/bin/env bash
# The steps of the clauselint GitHub Action (action.yml). Inputs arrive as
# INPUT_* environment variables, as the runner sets them; the script runs
# the same way on a workstation, which is how the tests exercise it.
#
#   scripts/action.sh install   build and install clauselint
#   scripts/action.sh run       run it; exits with clauselint's exit code
set -euo pipefail

action_dir=$(cd "$(dirname "$0")/.." && pwd)

install() {
  if command -v clauselint >/dev/null && [ "${INPUT_VERSION:-}" = "" ] && [ -n "${CLAUSELINT_CACHED:-}" ]; then
    echo "clauselint $(clauselint --version) from the cache"
    return
  fi
  if [ -n "${INPUT_VERSION:-}" ]; then
    cargo install --locked --git "${INPUT_REPOSITORY:-https://github.com/clauselint/clauselint}" --rev "$INPUT_VERSION" clauselint
  else
    cargo install --locked --path "$action_dir"
  fi
}

run() {
  local bin=${CLAUSELINT_BIN:-clauselint}
  local -a args=(check --format "${INPUT_FORMAT:-github}")
  if [ -n "${INPUT_CONFIG:-}" ]; then args+=(--config "$INPUT_CONFIG"); fi
  # Extra arguments and paths are split on whitespace, as a shell would.
  # shellcheck disable=SC2206
  local -a extra=(${INPUT_ARGS:-})
  # shellcheck disable=SC2206
  local -a paths=(${INPUT_PATHS:-.})
  set +e
  "$bin" "${args[@]}" "${extra[@]}" "${paths[@]}"
  local code=$?
  if [ -n "${INPUT_SARIF_FILE:-}" ]; then
    # The SARIF report is written even when the check fails; its own exit
    # code is not the step's (the run above decides).
    "$bin" check --format sarif --output-file "$INPUT_SARIF_FILE" \
      ${INPUT_CONFIG:+--config "$INPUT_CONFIG"} "${extra[@]}" "${paths[@]}" 2>/dev/null
    echo "SARIF report written to $INPUT_SARIF_FILE"
  fi
  set -e
  return "$code"
}

case "${1:-}" in
  install) install ;;
  run) run ;;
  *) echo "usage: scripts/action.sh install|run" >&2; exit 2 ;;
esac
