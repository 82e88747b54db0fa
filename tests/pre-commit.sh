#!/usr/bin/env bash
# The real pre-commit round trip, for both hooks of .pre-commit-hooks.yaml:
# a throw-away repository whose .pre-commit-config.yaml points at this
# checkout at HEAD; a commit of a policy missing a clause is refused with
# the finding, and goes through once the clause is added.
#
#   clauselint      installs the clauselint wheel (pip, no compiler). The
#                   wheel is built here from the debug build (maturin) and
#                   pip is pointed at a local wheel directory, with no index.
#   clauselint-src  builds clauselint from source (cargo install).
#
# Prints the wheel hook's environment install time and first-commit time
# (the README quotes them). Needs pre-commit, maturin, git and cargo.
# CLAUSELINT_WHEEL_DIR: a directory that already holds the wheel.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
rev=$(git -C "$repo" rev-parse HEAD)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }

# round_trip HOOK_ID: the scenario in a fresh repository and a fresh
# pre-commit cache, so that the first commit installs the hook environment.
round_trip() {
  local hook=$1 dir="$work/$1"
  export PRE_COMMIT_HOME="$dir/cache"
  git init -q "$dir/policies"
  cd "$dir/policies"
  git config user.email ci@example.test
  git config user.name CI
  cat > .pre-commit-config.yaml <<YAML
repos:
  - repo: $repo
    rev: $rev
    hooks:
      - id: $hook
YAML
  cat > privacy.md <<'MD'
# Privacy policy

We collect your name, your address and your order history when you buy from our shop, and we
use them only to deliver your orders and to answer your questions.

Questions? Email privacy@shop.test.

We keep order records for 6 years.

We share orders with our payment processor.
MD
  git add .pre-commit-config.yaml privacy.md
  pre-commit install >/dev/null

  echo "== $hook: commit a policy that says nothing about children: the hook must refuse it"
  local start
  start=$(now)
  if git commit -q -m "policy without a children's clause" >"$dir/out1" 2>&1; then
    cat "$dir/out1"; echo "FAIL: $hook: the commit went through" >&2; exit 1
  fi
  first_commit=$(since "$start")
  cat "$dir/out1"
  grep -q "minors" "$dir/out1" || { echo "FAIL: $hook: the finding is not in the hook output" >&2; exit 1; }
  grep -q "privacy.md" "$dir/out1" || { echo "FAIL: $hook: the file is not named" >&2; exit 1; }

  echo "== $hook: add the clause: the commit must go through"
  printf '\nThe shop is not directed to children under 13.\n' >> privacy.md
  git add privacy.md
  git commit -q -m "policy with every clause" >"$dir/out2" 2>&1 || { cat "$dir/out2"; echo "FAIL: $hook: the commit was refused" >&2; exit 1; }
  cat "$dir/out2"
}

echo "== the wheel for the hook clauselint"
wheels=${CLAUSELINT_WHEEL_DIR:-$work/wheels}
if [ -z "${CLAUSELINT_WHEEL_DIR:-}" ]; then
  (cd "$repo/python" && python3 -m maturin build --quiet --locked --profile dev --compatibility linux --out "$wheels")
fi
# The hook repository's own build backend (pyproject.toml), as pip would
# fetch it from the index.
python3 -m pip download --quiet --disable-pip-version-check --no-deps -d "$wheels" 'setuptools>=61'
ls "$wheels"

(
  export PIP_NO_INDEX=1 PIP_FIND_LINKS="$wheels"
  round_trip clauselint
  echo "clauselint hook: first commit, hook environment included: ${first_commit} s"
  # The environment install alone, from a clean cache.
  pre-commit clean >/dev/null
  start=$(now)
  pre-commit install-hooks >/dev/null
  echo "clauselint hook: hook environment install from the wheel: $(since "$start") s"
)

round_trip clauselint-src
echo "clauselint-src hook: first commit, cargo install included: ${first_commit} s"
echo "pre-commit: 4 passed, 0 failed"
