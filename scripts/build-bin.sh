# Sourced by the evaluation scripts: builds clauselint (PROFILE=release, the
# default, or PROFILE=debug, faster to build) and sets `bin` to its path.
# Run from the repository root.
profile=${PROFILE:-release}
if [ "$profile" = release ]; then
  cargo build --release --locked --quiet
else
  cargo build --locked --quiet
fi
target_dir=$(cargo metadata --format-version 1 --no-deps |
  python3 -c 'import json, sys; print(json.load(sys.stdin)["target_directory"])')
bin=$target_dir/$profile/clauselint
