#!/usr/bin/env bash
# The steps of the clauselint GitHub Action (action.yml). Inputs arrive as
# INPUT_* environment variables, as the runner sets them; the script runs
# the same way on a workstation, which is how the tests exercise it.
#
#   scripts/action.sh install   install clauselint (see below)
#   scripts/action.sh run       run it; exits with clauselint's exit code
#
# install: a version that is a release tag (INPUT_VERSION, else the ref the
# action is used at, CLAUSELINT_ACTION_REF) downloads that release's archive
# for the runner's OS and architecture, checks it against the published
# .sha256 and installs the binary into CLAUSELINT_INSTALL_ROOT/bin (default
# ~/.clauselint/bin), added to GITHUB_PATH. Only an unreleased ref (a branch,
# a commit, a tag with no release) is built with `cargo install --locked`.
# Anything else that goes wrong fails the step with one line saying what was
# expected; nothing unverified is installed. CLAUSELINT_DOWNLOAD_URL replaces
# the releases' base URL (TAG/ARCHIVE is appended): mirrors and tests.
set -euo pipefail

action_dir=$(cd "$(dirname "$0")/.." && pwd)
repository=${INPUT_REPOSITORY:-https://github.com/clauselint/clauselint}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

fail() {
  echo "::error title=clauselint install::$*"
  exit 1
}

# The runner's OS and architecture, as GitHub names them (RUNNER_OS,
# RUNNER_ARCH); from uname when run elsewhere.
os=${RUNNER_OS:-}
arch=${RUNNER_ARCH:-}
if [ -z "$os" ]; then
  case "$(uname -s)" in
    Linux) os=Linux ;; Darwin) os=macOS ;; MINGW* | MSYS* | CYGWIN*) os=Windows ;; *) os=$(uname -s) ;;
  esac
fi
if [ -z "$arch" ]; then
  case "$(uname -m)" in
    x86_64 | amd64) arch=X64 ;; aarch64 | arm64) arch=ARM64 ;; *) arch=$(uname -m) ;;
  esac
fi
exe=clauselint
if [ "$os" = Windows ]; then exe=clauselint.exe; fi

sha256() {
  if command -v sha256sum >/dev/null; then sha256sum "$1"; else shasum -a 256 "$1"; fi | cut -d' ' -f1
}

# fetch URL FILE: 0 when downloaded, 1 when the server has no such file
# (404); fails the step when the server cannot be reached or says otherwise.
fetch() {
  local code rc=0
  code=$(curl -sSL --retry 3 --connect-timeout 20 -o "$2" -w '%{http_code}' "$1" 2>"$tmp/curl.err") || rc=$?
  if [ "$rc" -ne 0 ]; then
    fail "cannot download $1: $(head -n 1 "$tmp/curl.err")"
  fi
  case "$code" in
    200) return 0 ;;
    404) return 1 ;;
    *) fail "cannot download $1: the server answered HTTP $code, expected 200" ;;
  esac
}

# install_release TAG BINDIR: installs TAG's binary and sets released=1,
# or sets released=0 when TAG is not a release. (Not called as a condition,
# so that `set -e` holds inside.)
install_release() {
  local tag=$1 bindir=$2 target ext=tar.gz
  local base=${CLAUSELINT_DOWNLOAD_URL:-$repository/releases/download}
  case "$os/$arch" in
    Linux/X64) target=x86_64-unknown-linux-musl ;;
    Linux/ARM64) target=aarch64-unknown-linux-musl ;;
    macOS/X64) target=x86_64-apple-darwin ;;
    macOS/ARM64) target=aarch64-apple-darwin ;;
    Windows/X64) target=x86_64-pc-windows-msvc; ext=zip ;;
    *) fail "no release binary for the runner $os/$arch: expected Linux, macOS or Windows on X64, or Linux or macOS on ARM64 (a branch or commit as version builds from source)" ;;
  esac
  local name="clauselint-$tag-$target"
  local archive="$name.$ext" url="${base%/}/$tag"
  if ! fetch "$url/$archive.sha256" "$tmp/$archive.sha256"; then
    # No checksum for this platform: is there a release at all?
    if fetch "$url/SHA256SUMS" "$tmp/SHA256SUMS"; then
      fail "release $tag has no asset for $target: expected $archive and $archive.sha256 at $url/"
    fi
    released=0
    return
  fi
  local expected named
  read -r expected named < "$tmp/$archive.sha256" || true
  if ! [[ "$expected" =~ ^[0-9a-fA-F]{64}$ && "${named#\*}" == "$archive" ]]; then
    fail "$url/$archive.sha256 is not a checksum of $archive: expected '<64 hex digits>  $archive'"
  fi
  fetch "$url/$archive" "$tmp/$archive" \
    || fail "release $tag has $archive.sha256 but no $archive at $url/"
  local actual
  actual=$(sha256 "$tmp/$archive")
  expected=$(echo "$expected" | tr 'A-F' 'a-f')
  if [ "$actual" != "$expected" ]; then
    fail "checksum mismatch for $archive: expected SHA-256 $expected (from $archive.sha256), got $actual; nothing was installed"
  fi
  mkdir "$tmp/x"
  if [ "$ext" = zip ]; then
    unzip -q "$tmp/$archive" -d "$tmp/x" || fail "cannot unpack $archive: expected a zip archive"
  else
    tar -xzf "$tmp/$archive" -C "$tmp/x" || fail "cannot unpack $archive: expected a gzipped tar archive"
  fi
  [ -f "$tmp/x/$name/$exe" ] || fail "$archive holds no $name/$exe"
  # Beside the destination, then renamed: never half a binary on PATH.
  cp "$tmp/x/$name/$exe" "$bindir/.$exe.new"
  chmod +x "$bindir/.$exe.new"
  mv -f "$bindir/.$exe.new" "$bindir/$exe"
  local version
  version=$("$bindir/$exe" --version 2>&1) || fail "the binary of $archive does not run on $os/$arch: $version"
  [ "$version" = "clauselint ${tag#v}" ] || fail "the binary of $archive reports '$version', expected 'clauselint ${tag#v}'"
  echo "$version from $url/$archive (SHA-256 verified)"
  released=1
}

install() {
  local root=${CLAUSELINT_INSTALL_ROOT:-$HOME/.clauselint}
  local bindir="$root/bin"
  mkdir -p "$bindir"
  if [ -n "${GITHUB_PATH:-}" ]; then echo "$bindir" >> "$GITHUB_PATH"; fi
  # The cache key names the version: a hit is the binary asked for.
  if [ -n "${CLAUSELINT_CACHED:-}" ] && [ -x "$bindir/$exe" ]; then
    echo "$("$bindir/$exe" --version) from the cache"
    return
  fi
  local ref=${INPUT_VERSION:-${CLAUSELINT_ACTION_REF:-}}
  if [[ "$ref" =~ ^v?[0-9]+\.[0-9]+\.[0-9]+([-+][0-9A-Za-z.+-]+)?$ ]]; then
    local tag="v${ref#v}"
    install_release "$tag" "$bindir"
    if [ "$released" = 1 ]; then return; fi
    echo "clauselint $tag is not released: building it from source"
  fi
  # --force: a binary of another version may be there already.
  local -a cargo_args=(install --force --locked --root "$root")
  if [ -z "${INPUT_VERSION:-}" ]; then
    # The action's own checkout is the ref asked for.
    cargo_args+=(--path "$action_dir")
  elif [ -n "${tag:-}" ]; then
    cargo_args+=(--git "$repository" --tag "$tag" clauselint)
  else
    cargo_args+=(--git "$repository" --rev "$INPUT_VERSION" clauselint)
  fi
  cargo "${cargo_args[@]}" || fail "cargo install of clauselint ${ref:-at $action_dir} failed (see above)"
  echo "$("$bindir/$exe" --version) built from source"
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
