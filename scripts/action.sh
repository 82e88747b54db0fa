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
  # The cache key names the version: a hit is the binary asked for.
  if command -v clauselint >/dev/null && [ -n "${CLAUSELINT_CACHED:-}" ]; then
    echo "$(clauselint --version) from the cache"
    return
  fi
  # --force: a binary of another version may be on the runner already.
  if [ -n "${INPUT_VERSION:-}" ]; then
    cargo install --force --locked --git "${INPUT_REPOSITORY:-https://github.com/clauselint/clauselint}" --rev "$INPUT_VERSION" clauselint
  else
    cargo install --force --locked --path "$action_dir"
  fi
}

run() {
  local bin=${CLAUSELINT_BIN:-clauselint}
  local -a args=(check --format "${INPUT_FORMAT:-github}")
  if [ -n "${INPUT_CONFIG:-}" ]; then args+=(--config "$INPUT_CONFIG"); fi
  # Extra arguments are split on whitespace, as a shell would. Paths are
  # one per line when the input has several lines (names with spaces),
  # else split on whitespace.
  # shellcheck disable=SC2206
  local -a extra=(${INPUT_ARGS:-})
  local -a paths=()
  if [[ "${INPUT_PATHS:-}" == *$'\n'* ]]; then
    while IFS= read -r line; do
      [ -n "$line" ] && paths+=("$line")
    done <<< "$INPUT_PATHS"
  else
    # shellcheck disable=SC2206
    paths=(${INPUT_PATHS:-.})
  fi
  set +e
  "$bin" "${args[@]}" "${extra[@]}" "${paths[@]}"
  local code=$?
  if [ -n "${INPUT_SARIF_FILE:-}" ]; then
    # The SARIF report is written even when the check fails; its findings
    # do not decide the step (the run above does), but a report that could
    # not be written fails it, with the reason.
    local errors
    rm -f "$INPUT_SARIF_FILE"
    errors=$("$bin" check --format sarif --output-file "$INPUT_SARIF_FILE" \
      ${INPUT_CONFIG:+--config "$INPUT_CONFIG"} "${extra[@]}" "${paths[@]}" 2>&1 >/dev/null)
    if [ ! -s "$INPUT_SARIF_FILE" ]; then
      echo "::error title=clauselint::the SARIF report $INPUT_SARIF_FILE could not be written: ${errors//$'\n'/ }"
      return 2
    fi
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
