#!/usr/bin/env bash
# Accuracy of the built-in clause rules on every labelled corpus, in one run.
#
#   scripts/eval.sh SHARED_CORPUS_DIR [HELDOUT_DIR...]
#
# SHARED_CORPUS_DIR holds the team's labelled corpora (not part of this
# repository): git-policies-dev/ (labels.csv), opp115-dev/ (policies_txt,
# policies_html, labels.csv, segments.csv) and dmoz-5k/. Each HELDOUT_DIR
# holds a labels.csv whose `file` column names files under dmoz-5k/.
# opp115-dev/labels-more.csv and segments-more.csv (seven more OPP-115
# categories) measure the jurisdiction packs, run with --profile.
# Prints, per corpus and rule: TP FP FN TN, precision and recall of the
# missing-clause finding, evidence in annotated passages where the corpus
# has passages, the documents not judged, and (with VERBOSE=1) every
# disagreement with the sentence that decided it and, where the corpus has
# passages, every evidence sentence outside one.
set -euo pipefail
corpus=${1:?usage: scripts/eval.sh SHARED_CORPUS_DIR [HELDOUT_DIR...]}
shift
cd "$(dirname "$0")/.."
cargo build --release --locked --quiet
target_dir=$(cargo metadata --format-version 1 --no-deps |
  python3 -c 'import json, sys; print(json.load(sys.stdin)["target_directory"])')
bin=$target_dir/release/clauselint
verbose=()
[ "${VERBOSE:-0}" = 1 ] && verbose=(--verbose)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

run() {
  echo "== $1"
  shift
  "$bin" eval --isolated "${verbose[@]}" "$@"
  echo
}

run "git-policies-dev (real policies from git repositories)" \
  "$corpus/git-policies-dev" --labels "$corpus/git-policies-dev/labels.csv"
opp=$corpus/opp115-dev
run "opp115-dev, plain text" "$opp/policies_txt" \
  --labels "$opp/labels.csv" --segments "$opp/segments.csv"
# The HTML copies have the same labels under .html names.
sed 's/\.txt,/.html,/' "$opp/labels.csv" > "$work/labels-html.csv"
run "opp115-dev, HTML" "$opp/policies_html" --labels "$work/labels-html.csv"
for heldout in "$@"; do
  run "held-out: $heldout" "$corpus/dmoz-5k" --labels "$heldout/labels.csv"
done
# Seven more OPP-115 categories measure the jurisdiction packs' practice
# rules (rights, security, policy changes, Do Not Track, choices); the
# `california` and `europe` columns name no rule and are not measured.
run "opp115-dev, more labels (packs gdpr, ccpa, caloppa)" "$opp/policies_txt" \
  --profile gdpr,ccpa,caloppa \
  --labels "$opp/labels-more.csv" --segments "$opp/segments-more.csv"
