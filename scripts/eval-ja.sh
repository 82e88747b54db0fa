#!/usr/bin/env bash
# Accuracy of the Japanese rules (the Japanese variants of the clause rules
# and the APPI items) on the labelled Japanese corpus.
#
#   scripts/eval-ja.sh SHARED_CORPUS_DIR
#
# SHARED_CORPUS_DIR/ja-policies-dev/ (not part of this repository) holds
# Japanese policies and the Japanese files of EN/JA pairs, with labels.csv
# (`file` and one 0/1 column per item; eval maps the short column names to
# rule ids). Prints TP FP FN TN, precision and recall of each missing-item
# finding; VERBOSE=1 prints every disagreement with the sentence that
# decided it. PROFILE=debug uses the debug build (faster to build).
set -euo pipefail
corpus=${1:?usage: scripts/eval-ja.sh SHARED_CORPUS_DIR}
cd "$(dirname "$0")/.."
# shellcheck source=scripts/build-bin.sh
. scripts/build-bin.sh
verbose=()
[ "${VERBOSE:-0}" = 1 ] && verbose=(--verbose)
ja=$corpus/ja-policies-dev
echo "== ja-policies-dev (Japanese policies and the JA files of EN/JA pairs)"
# Documents are dated by their policies, not by today: last-updated is not
# measured here.
"$bin" eval --isolated "${verbose[@]}" "$ja" --labels "$ja/labels.csv"
