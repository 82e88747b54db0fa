#!/usr/bin/env bash
# The real pre-commit round trip: a throw-away repository whose
# .pre-commit-config.yaml points at this checkout at HEAD; a commit of a
# policy missing a clause is refused with the finding, and goes through once
# the clause is added. Needs `pre-commit` (pip install pre-commit) and git.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
rev=$(git -C "$repo" rev-parse HEAD)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export PRE_COMMIT_HOME="${PRE_COMMIT_HOME:-$work/cache}"

cd "$work"
git init -q policies && cd policies
git config user.email ci@example.test
git config user.name CI
cat > .pre-commit-config.yaml <<YAML
repos:
  - repo: $repo
    rev: $rev
    hooks:
      - id: clauselint
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

echo "== commit a policy that says nothing about children: the hook must refuse it"
if git commit -q -m "policy without a children's clause" >"$work/out1" 2>&1; then
  cat "$work/out1"; echo "FAIL: the commit went through" >&2; exit 1
fi
cat "$work/out1"
grep -q "minors" "$work/out1" || { echo "FAIL: the finding is not in the hook output" >&2; exit 1; }
grep -q "privacy.md" "$work/out1" || { echo "FAIL: the file is not named" >&2; exit 1; }

echo "== add the clause: the commit must go through"
printf '\nThe shop is not directed to children under 13.\n' >> privacy.md
git add privacy.md
git commit -q -m "policy with every clause" >"$work/out2" 2>&1 || { cat "$work/out2"; echo "FAIL: the commit was refused" >&2; exit 1; }
cat "$work/out2"
echo "pre-commit: 2 passed, 0 failed"
