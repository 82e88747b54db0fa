#!/usr/bin/env bash
# Packs one release binary the way the Action expects to download it:
#
#   scripts/package-release.sh BINARY TARGET TAG OUTDIR
#
# writes OUTDIR/clauselint-TAG-TARGET.tar.gz (.zip for Windows targets),
# holding clauselint-TAG-TARGET/{clauselint[.exe],LICENSE,README.md}, and
# beside it the archive's .sha256 ("HEX  NAME", as sha256sum prints).
# Used by .github/workflows/release.yml and by tests/action-install.sh.
set -euo pipefail
[ $# -eq 4 ] || { echo "usage: $0 BINARY TARGET TAG OUTDIR" >&2; exit 2; }
binary=$1 target=$2 tag=$3 out=$4
repo=$(cd "$(dirname "$0")/.." && pwd)
name="clauselint-$tag-$target"
exe=clauselint
case "$target" in *windows*) exe=clauselint.exe ;; esac

mkdir -p "$out"
out=$(cd "$out" && pwd)
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
mkdir "$stage/$name"
cp "$binary" "$stage/$name/$exe"
cp "$repo/LICENSE" "$repo/README.md" "$stage/$name/"
cd "$stage"
case "$target" in
  *windows*)
    archive="$name.zip"
    if command -v 7z >/dev/null; then 7z a -bd -tzip "$out/$archive" "$name" >/dev/null
    else zip -qr "$out/$archive" "$name"; fi ;;
  *)
    archive="$name.tar.gz"
    tar -czf "$out/$archive" "$name" ;;
esac
cd "$out"
if command -v sha256sum >/dev/null; then sha256sum "$archive" > "$archive.sha256"
else shasum -a 256 "$archive" > "$archive.sha256"; fi
echo "$out/$archive"
