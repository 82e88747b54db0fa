#!/usr/bin/env bash
# Throughput, latency and memory of `clauselint check`, measured against
# ripgrep on the same files in the same run.
#
#   scripts/bench.sh CORPUS_DIR [SMALL_POLICY]
#
# CORPUS_DIR: a folder of policies (e.g. the DMOZ sample of 5,000 policies).
# SMALL_POLICY: one small policy for the pre-commit case
#               [default: examples/fitness-app-privacy.txt].
# Needs: hyperfine, ripgrep (rg) and GNU time (Debian: apt-get install
# hyperfine ripgrep time).
set -euo pipefail
corpus=${1:?usage: scripts/bench.sh CORPUS_DIR [SMALL_POLICY]}
small=${2:-examples/fitness-app-privacy.txt}
cd "$(dirname "$0")/.."
for tool in hyperfine rg /usr/bin/time; do
  command -v "$tool" >/dev/null || { echo "bench.sh needs $tool" >&2; exit 2; }
done

cargo build --release --locked --quiet
target_dir=$(cargo metadata --format-version 1 --no-deps |
  python3 -c 'import json, sys; print(json.load(sys.stdin)["target_directory"])')
bin=$target_dir/release/clauselint
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The target's PATTERNS are the vocabularies' terms as the rule files write
# them; clauselint also matches every inflection of each phrase, so ripgrep is
# timed on that longer list too. And on one word, for its reading speed.
"$bin" rules --isolated --terms > "$work/terms"
"$bin" rules --isolated --phrases > "$work/inflected"
files=$(find "$corpus" -type f | wc -l)
bytes=$(find "$corpus" -type f -printf '%s\n' | awk '{s+=$1} END {print s}')
echo "corpus: $corpus: $files files, $((bytes / 1000000)) MB; $(nproc) cores"
echo "patterns: $(wc -l < "$work/terms") terms as written, $(wc -l < "$work/inflected") with inflections"
echo

# A run that fails at once (a pattern ripgrep rejects, a bad path) would
# look fast: every command must succeed once, and find something, before
# it is timed. rg exits 1 when nothing matches, clauselint when it finds.
check_run() {
  local name=$1 expect=$2; shift 2
  local rc=0
  "$@" > "$work/out" 2> "$work/err" || rc=$?
  if [ "$rc" -ne "$expect" ]; then
    echo "bench.sh: $name exited $rc (expected $expect):" >&2
    head -n 5 "$work/err" >&2
    exit 2
  fi
  echo "$name: $(wc -l < "$work/out") lines of output, exit $rc"
}
rg_cmd="rg -i --no-unicode -c"
check_run "rg, one word" 0 $rg_cmd privacy "$corpus"
check_run "rg, terms" 0 $rg_cmd -f "$work/terms" "$corpus"
check_run "rg, inflected" 0 $rg_cmd -f "$work/inflected" "$corpus"
check_run "clauselint" 1 "$bin" check --isolated --format concise "$corpus"
echo

echo "== whole corpus: clauselint check vs rg -i --no-unicode -c -f PATTERNS"
# check_run above was each command's warm-up (the rg run on every
# inflection alone takes about 20 s).
hyperfine --style basic --runs 3 --ignore-failure --export-json "$work/corpus.json" \
  -n rg-one-word "$rg_cmd privacy $corpus" \
  -n rg-terms "$rg_cmd -f $work/terms $corpus" \
  -n rg-inflected "$rg_cmd -f $work/inflected $corpus" \
  -n clauselint "$bin check --isolated --format concise $corpus"
python3 - "$work/corpus.json" "$bytes" <<'PY'
import json, sys
runs = {r["command"]: r["mean"] for r in json.load(open(sys.argv[1]))["results"]}
cl = runs["clauselint"]
mb = int(sys.argv[2]) / 1e6
print(f"clauselint {cl:.2f} s ({mb / cl:.0f} MB/s)")
for name, label in [("rg-terms", "the terms as written (the target: <= 3x)"),
                    ("rg-inflected", "every inflection"),
                    ("rg-one-word", "one word (ripgrep's reading speed)")]:
    print(f"  vs rg with {label}: {runs[name]:.2f} s, ratio {cl / runs[name]:.2f}x")
PY
echo

echo "== one small policy, process start included (the pre-commit case; target < 20 ms)"
hyperfine --style basic --warmup 10 --runs 200 --ignore-failure -N --export-json "$work/small.json" \
  "$bin check --isolated $small"
python3 - "$work/small.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["results"][0]
print(f"median {r['median'] * 1000:.1f} ms, mean {r['mean'] * 1000:.1f} ms, min {r['min'] * 1000:.1f} ms")
PY
echo

echo "== peak memory (target < 64 MB, flat in the number of files)"
mapfile -t dirs < <(find "$corpus" -mindepth 1 -maxdepth 1 -type d | sort)
if [ "${#dirs[@]}" -ge 4 ]; then
  sets=("${dirs[0]}" "${dirs[*]:0:$(( ${#dirs[@]} / 2 ))}" "$corpus")
else
  sets=("$corpus")
fi
for set in "${sets[@]}"; do
  # shellcheck disable=SC2086
  n=$(find $set -type f | wc -l)
  # shellcheck disable=SC2086
  /usr/bin/time -f "%M" -o "$work/rss" "$bin" check --isolated --format concise $set >/dev/null 2>&1 || true
  echo "$n files: peak RSS $(( $(tail -n 1 "$work/rss") / 1024 )) MB"
done
