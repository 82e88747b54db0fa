#!/usr/bin/env bash
# Peak memory of `clauselint check` over a corpus and over copies of it:
# the target is memory flat in the number of files (issue 15).
#
#   scripts/bench-memory.sh CORPUS_DIR [COPIES...]
#
# CORPUS_DIR: a folder of policies (e.g. the DMOZ sample of 5,000 policies).
# COPIES: how many times to repeat it [default: 1 10 20]. The copies are
# symbolic links to the corpus's files in a temporary folder (no space
# used); clauselint reads through them.
# Needs: GNU time (Debian: apt-get install time).
set -euo pipefail
corpus=${1:?usage: scripts/bench-memory.sh CORPUS_DIR [COPIES...]}
shift
copies=("$@")
[ ${#copies[@]} -gt 0 ] || copies=(1 10 20)
corpus=$(cd "$corpus" && pwd)
cd "$(dirname "$0")/.."
command -v /usr/bin/time >/dev/null || { echo "bench-memory.sh needs GNU time" >&2; exit 2; }
. scripts/build-bin.sh
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "== peak memory of check --format concise (target < 64 MB, flat in the number of files)"
made=0
for n in "${copies[@]}"; do
  while [ "$made" -lt "$n" ]; do
    made=$((made + 1))
    cp -rs "$corpus" "$work/copy$made"
  done
  files=$(find -L "$work" -type f | wc -l)
  # A run that fails at once would look small: it must get through the
  # files and print its summary.
  rc=0
  /usr/bin/time -f "%M %e" -o "$work/time" "$bin" check --isolated --format concise "$work" \
    > /dev/null 2> "$work/err" || rc=$?
  if ! grep -q "^Checked " "$work/err"; then
    echo "bench-memory.sh: clauselint exited $rc:" >&2
    tail -n 3 "$work/err" >&2
    exit 2
  fi
  read -r kb seconds < <(tail -n 1 "$work/time")
  echo "$n x corpus: $files files, peak RSS $((kb / 1024)) MB, $seconds s"
done
