#!/usr/bin/env bash
# A longer fuzz run than `cargo test` makes: CASES inputs per property over
# the decoders, the extractors with their source maps, the suppression
# directives and the rule-file loader (tests/fuzz.rs). Prints, per property,
# the number of cases run; a panic, a span outside the file or a failure to
# end is reported with the smallest input that shows it.
#
#   scripts/fuzz.sh [CASES]        # default 100000
set -euo pipefail
cases=${1:-100000}
cd "$(dirname "$0")/.."
start=$(date +%s)
CLAUSELINT_FUZZ_CASES=$cases cargo test --release --locked --quiet --test fuzz -- \
  --nocapture 2>&1 | grep -oE 'fuzz [a-z ]+: [0-9]+ cases.*|panicked.*|minimal.*|test result.*'
echo "fuzz: $cases cases per property in $(($(date +%s) - start)) s"
