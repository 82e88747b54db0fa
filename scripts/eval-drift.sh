#!/usr/bin/env bash
# Translation drift on the EN/JA pairs of the development corpus: runs
# `clauselint check --select ...,translation-drift` on each pair and prints
# the drift findings beside the pair's drift note from pairs.csv, so that a
# person can tell, item by item, what was found and what was not.
#
#   scripts/eval-drift.sh SHARED_CORPUS_DIR
#
# SHARED_CORPUS_DIR/ja-policies-dev/ (not part of this repository) holds
# pairs/NN_name/ and pairs.csv (pair, en_path, ja_path, how_linked, drift).
# Every pair is linked by a [translations] table written to a temporary
# configuration (`_e` suffixes and Fluent files need it), and once more
# without it (--isolated), to show what the automatic grouping alone finds.
# PROFILE=debug uses the debug build.
set -euo pipefail
corpus=${1:?usage: scripts/eval-drift.sh SHARED_CORPUS_DIR}
cd "$(dirname "$0")/.."
# shellcheck source=scripts/build-bin.sh
. scripts/build-bin.sh
pairs=$corpus/ja-policies-dev/pairs
csv=$corpus/ja-policies-dev/pairs.csv
rules=contact-point,retention,third-party-processors,minors,translation-drift
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
BIN=$bin PAIRS=$pairs CSV=$csv RULES=$rules WORK=$work python3 - <<'PY'
import csv, json, os, subprocess, textwrap
bin_, pairs, rules, work = os.environ["BIN"], os.environ["PAIRS"], os.environ["RULES"], os.environ["WORK"]
env = dict(os.environ, CLAUSELINT_TODAY="2026-11-29")
total = {"pairs": 0, "with_drift": 0, "aligned_clean": 0, "aligned": 0}
for row in csv.DictReader(open(os.environ["CSV"])):
    pair = row["pair"]
    root = os.path.join(pairs, pair)
    config = os.path.join(work, pair + ".toml")
    with open(config, "w") as f:
        f.write('include = ["*.md", "*.ftl"]\n[[documents]]\nfiles = ["**/*.ftl"]\nkind = "privacy-notice"\n')
        f.write('[translations]\npair = ["%s", "%s"]\n' % (os.path.join(root, row["en_path"]), os.path.join(root, row["ja_path"])))
    def drift(extra):
        out = subprocess.run([bin_, "check", "--format", "json", "--select", rules, *extra,
                              row["en_path"], row["ja_path"]], cwd=root, env=env,
                             capture_output=True, text=True)
        try:
            report = json.loads(out.stdout)
        except ValueError:
            return None, out.stderr.strip().splitlines()[:3]
        found = [(f["path"], f["message"]) for file in report["files"] for f in file["findings"]
                 if f["rule"] == "translation-drift"]
        return found, None
    found, error = drift(["--config", config])
    auto, _ = drift(["--isolated"])
    expected = not row["drift"].startswith("none")
    total["pairs"] += 1
    print("=" * 100)
    print(f"{pair} (linked by {row['how_linked']}; drift findings without the [translations] "
          f"table: {len(auto) if auto is not None else 'error'})")
    print(textwrap.fill("drift note: " + row["drift"], 100, subsequent_indent="  "))
    if error:
        print("  ERROR:", *error)
        continue
    print(f"drift findings: {len(found)}")
    for path, message in found:
        print(f"  {path}: {message.replace('Translation drift: ', '')}")
    if expected:
        total["with_drift"] += 1
    else:
        total["aligned"] += 1
        total["aligned_clean"] += not found
print("=" * 100)
print(f"{total['pairs']} pairs; {total['with_drift']} with drift noted (read each note against "
      f"the findings above); aligned pairs without a drift finding: "
      f"{total['aligned_clean']} of {total['aligned']}")
PY
