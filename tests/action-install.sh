#!/usr/bin/env bash
# The Action's install step (scripts/action.sh install) against release
# archives served by `python3 -m http.server` on 127.0.0.1, made by
# scripts/package-release.sh from the freshly built debug binary:
#   - a release: the archive is downloaded, its SHA-256 checked, the binary
#     installed and run (timed: the README quotes it); cargo is not called;
#   - a checksum mismatch, a release with no asset for this platform, an
#     unknown OS/architecture, an unreachable server: each fails with one
#     line naming what was expected, and installs nothing;
#   - an unreleased ref: the fallback to `cargo install --locked`, checked
#     with a stub `cargo` on PATH that records its arguments.
# Needs target/debug/clauselint (cargo build), python3 and curl.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
bin="$repo/target/debug/clauselint"
[ -x "$bin" ] || { echo "FAIL: build first: $bin is missing" >&2; exit 1; }
version=$("$bin" --version | cut -d' ' -f2)
tag="v$version"
target=x86_64-unknown-linux-musl # what a Linux X64 runner downloads
work=$(mktemp -d)
server=
trap '[ -n "$server" ] && kill "$server"; rm -rf "$work"' EXIT
passed=0

# The releases, laid out as on GitHub: BASE/TAG/ASSET.
srv="$work/srv"
"$repo/scripts/package-release.sh" "$bin" "$target" "$tag" "$srv/$tag" >/dev/null
(cd "$srv/$tag" && cat ./*.sha256 > SHA256SUMS)
# v0.0.1: the archive does not match its published checksum. (These two
# never get as far as running a binary: a small stand-in keeps them quick.)
printf '#!/bin/sh\nexit 0\n' > "$work/stand-in"
bad=v0.0.1
"$repo/scripts/package-release.sh" "$work/stand-in" "$target" "$bad" "$srv/$bad" >/dev/null
printf 'tampered' >> "$srv/$bad/clauselint-$bad-$target.tar.gz"
(cd "$srv/$bad" && cat ./*.sha256 > SHA256SUMS)
# v0.0.2: a release with an asset for macOS only.
other=v0.0.2
"$repo/scripts/package-release.sh" "$work/stand-in" aarch64-apple-darwin "$other" "$srv/$other" >/dev/null
(cd "$srv/$other" && cat ./*.sha256 > SHA256SUMS)

python3 -u -m http.server 0 --bind 127.0.0.1 --directory "$srv" >"$work/server.log" 2>&1 &
server=$!
for _ in $(seq 50); do
  port=$(sed -n 's/.*port \([0-9]*\).*/\1/p' "$work/server.log" | head -n 1)
  [ -n "$port" ] && break
  sleep 0.1
done
[ -n "$port" ] || { cat "$work/server.log"; echo "FAIL: the HTTP server did not start" >&2; exit 1; }
base="http://127.0.0.1:$port"

# A stub cargo that records its arguments and "installs" a script.
mkdir "$work/stub"
cat > "$work/stub/cargo" <<'SH'
#!/usr/bin/env bash
echo "$*" >> "$CARGO_LOG"
root=$(echo "$*" | sed -n 's/.*--root \([^ ]*\).*/\1/p')
mkdir -p "$root/bin"
printf '#!/bin/sh\necho "clauselint 0.0.0-stub"\n' > "$root/bin/clauselint"
chmod +x "$root/bin/clauselint"
SH
chmod +x "$work/stub/cargo"

# install CASE [NAME=VALUE...]: runs the install step in a clean install root
# as a Linux X64 runner, output in $work/CASE.out, exit code in $code.
install() {
  local case=$1
  shift
  rm -rf "$work/root" "$work/cargo.log"
  code=0
  env -u CLAUSELINT_ACTION_REF -u INPUT_VERSION \
    PATH="$work/stub:$PATH" CARGO_LOG="$work/cargo.log" \
    RUNNER_OS=Linux RUNNER_ARCH=X64 CLAUSELINT_DOWNLOAD_URL="$base" \
    CLAUSELINT_INSTALL_ROOT="$work/root" GITHUB_PATH="$work/github_path" \
    "$@" bash "$repo/scripts/action.sh" install >"$work/$case.out" 2>&1 || code=$?
}
pass() { passed=$((passed + 1)); echo "ok: $1"; }
fail() { cat "$work/$1.out"; echo "FAIL: $1: $2" >&2; exit 1; }

# expect_error CASE TEXT: failed with exactly one line, an error naming TEXT,
# installed no binary and did not build one.
expect_error() {
  [ "$code" -ne 0 ] || fail "$1" "the step did not fail"
  [ "$(wc -l < "$work/$1.out")" -eq 1 ] || fail "$1" "expected one line"
  grep -q "^::error title=clauselint install::.*$2" "$work/$1.out" || fail "$1" "expected an error saying '$2'"
  [ ! -e "$work/root/bin/clauselint" ] || fail "$1" "a binary was installed"
  [ ! -e "$work/cargo.log" ] || fail "$1" "cargo was called"
  pass "$1: $(cat "$work/$1.out")"
}

echo "== a release: download, verify, install"
start=$(date +%s.%N)
install release INPUT_VERSION="$tag"
elapsed=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.2f", b - a }')
[ "$code" -eq 0 ] || fail release "the install failed"
[ "$("$work/root/bin/clauselint" --version)" = "clauselint $version" ] || fail release "the installed binary does not run"
grep -qx "$work/root/bin" "$work/github_path" || fail release "the binary's directory is not added to GITHUB_PATH"
[ ! -e "$work/cargo.log" ] || fail release "cargo was called"
"$work/root/bin/clauselint" check --isolated --format concise "$repo/examples/acme-cloud-privacy.md" >/dev/null 2>&1 \
  || fail release "the installed binary does not check a policy"
pass "release: $(cat "$work/release.out")"
echo "action install step from the local server: $elapsed s"
# The version may come from the ref the action is used at (uses: ...@vX.Y.Z).
install action-ref CLAUSELINT_ACTION_REF="$tag"
{ [ "$code" -eq 0 ] && [ -x "$work/root/bin/clauselint" ]; } || fail action-ref "the install failed"
pass "action-ref: $(cat "$work/action-ref.out")"

echo "== bad input: one line naming what was expected, nothing installed"
install mismatch INPUT_VERSION="$bad"
expect_error mismatch "checksum mismatch for clauselint-$bad-$target.tar.gz: expected SHA-256 [0-9a-f]\{64\}"
install no-asset INPUT_VERSION="$other"
expect_error no-asset "release $other has no asset for $target: expected clauselint-$other-$target.tar.gz"
install unknown-arch INPUT_VERSION="$tag" RUNNER_ARCH=ARM
expect_error unknown-arch "no release binary for the runner Linux/ARM: expected"
install unknown-os INPUT_VERSION="$tag" RUNNER_OS=Plan9
expect_error unknown-os "no release binary for the runner Plan9/X64: expected"
# Port 9 (discard) on loopback: nothing listens there.
install unreachable INPUT_VERSION="$tag" CLAUSELINT_DOWNLOAD_URL=http://127.0.0.1:9
expect_error unreachable "cannot download http://127.0.0.1:9/$tag/clauselint-$tag-$target.tar.gz.sha256: curl"

echo "== an unreleased ref: cargo install --locked"
# expect_cargo CASE ARGS: installed what the stub cargo built, called as ARGS.
expect_cargo() {
  [ "$code" -eq 0 ] || fail "$1" "the install failed"
  [ "$(cat "$work/cargo.log")" = "$2" ] || fail "$1" "cargo was called as '$(cat "$work/cargo.log")', expected '$2'"
  grep -q "clauselint 0.0.0-stub built from source" "$work/$1.out" || fail "$1" "the built binary was not run"
  pass "$1: cargo $2"
}
install unreleased-tag INPUT_VERSION=v0.0.3
expect_cargo unreleased-tag "install --force --locked --root $work/root --git https://github.com/clauselint/clauselint --tag v0.0.3 clauselint"
install commit INPUT_VERSION=0123abc
expect_cargo commit "install --force --locked --root $work/root --git https://github.com/clauselint/clauselint --rev 0123abc clauselint"
install branch CLAUSELINT_ACTION_REF=main
expect_cargo branch "install --force --locked --root $work/root --path $repo"
echo "action-install: $passed passed, 0 failed"
