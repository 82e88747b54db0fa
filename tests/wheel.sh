#!/usr/bin/env bash
# The Python wheel (python/pyproject.toml, maturin `bindings = "bin"`):
# built from the debug build (`--profile dev` shares target/debug with
# `cargo test`), installed into a fresh virtual environment with no index,
# and the binary it carries run from there: `--version`, then a check of
# examples/ (which miss clauses on purpose: exit code 1 with findings).
# Needs python3 with venv and maturin (python3 -m pip install maturin).
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
version=$(sed -n 's/^version = "\(.*\)"$/\1/p' "$repo/Cargo.toml" | head -n 1)

echo "== build the wheel"
(cd "$repo/python" && python3 -m maturin build --quiet --locked --profile dev --compatibility linux --out "$work/wheels")
wheel=$(ls "$work"/wheels/clauselint-*.whl)
case "$(basename "$wheel")" in
  "clauselint-$version-py3-none-"*) ;;
  *) echo "FAIL: $wheel is not clauselint $version for any Python 3" >&2; exit 1 ;;
esac

echo "== install it into a fresh virtual environment"
python3 -m venv "$work/venv"
"$work/venv/bin/python" -m pip install --quiet --disable-pip-version-check --no-index "$wheel"
bin="$work/venv/bin/clauselint"
[ -x "$bin" ] || { echo "FAIL: the wheel installed no $bin" >&2; exit 1; }

echo "== run the binary from the venv"
out=$("$bin" --version)
echo "$out"
[ "$out" = "clauselint $version" ] || { echo "FAIL: expected 'clauselint $version'" >&2; exit 1; }
set +e
"$bin" check --isolated --format concise "$repo/examples" >"$work/out" 2>&1
code=$?
set -e
cat "$work/out"
[ "$code" -eq 1 ] || { echo "FAIL: expected exit code 1 from the examples, got $code" >&2; exit 1; }
grep -q "error\[retention\]" "$work/out" || { echo "FAIL: no finding in the output" >&2; exit 1; }
echo "wheel: 2 passed, 0 failed"
