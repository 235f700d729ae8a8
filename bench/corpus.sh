#!/usr/bin/env bash
# Corpus: pushgate against the dockerfilelint CLI and dockerfile-utils' validate()
# on every Dockerfile of the shared corpus, whole processes, side by side.
# SPEC §6 targets: pushgate ≤ 0.85× dockerfilelint's wall time (medians), with
# every rule running (--no-config: the built-in recommended policy); pushgate's
# peak RSS < 150 MB for the shared corpus.
#
#   bash bench/corpus.sh
# Env: PUSHGATE_BENCH_RUNS (5), PUSHGATE_BENCH_WARMUP (1), PUSHGATE_BENCH_RSS_RUNS (3),
#      PUSHGATE_BENCH_TIMER, PUSHGATE_BENCH_CMD, PUSHGATE_BENCH_DIR,
#      PUSHGATE_BENCH_CORPUS (a directory of Dockerfiles to use instead).
#
# Rows (all run from the repository root, output to /dev/null):
#   pushgate          pushgate --no-config --kind dockerfile --format json FILES
#                     (the common file list; --kind because flattened names like
#                     Dockerfile.template are not recognised by name; a JSON report,
#                     the output the memory target is judged with)
#   pushgate-stylish  the same with the default stylish output (informational)
#   dockerfilelint    dockerfilelint FILES             (same list)
#   dockerfile-utils  bench/dockerfile-utils-lint.cjs FILES (same list)
#   pushgate-dir      pushgate --no-config DIR         (the corpus in its original
#                     repository layout, walked with the default include globs)
# The common list is every corpus file except those dockerfilelint's CLI dies on
# (it lints all arguments in one process and a single throwing file ends the
# run); they are named below. pushgate-dir includes them, and skips the
# templates (Dockerfile.template, ...) that discovery leaves out by design.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

runs="${PUSHGATE_BENCH_RUNS:-5}"
warmup="${PUSHGATE_BENCH_WARMUP:-1}"
rss_runs="${PUSHGATE_BENCH_RSS_RUNS:-3}"

ensure_peers
# Per-run scratch space, so that two runs sharing PUSHGATE_BENCH_DIR don't clash.
mkdir -p "$BENCH_DIR"
work="$(mktemp -d "$BENCH_DIR/corpus-work.XXXXXX")"
trap 'rm -rf "$work"' EXIT

# ---- the input -------------------------------------------------------------
# The shared corpus holds the files flattened (owner_repo__dir__Dockerfile), so
# pushgate gets them as explicit file arguments (explicit files are linted
# whatever their name) and, for the directory row, a rebuilt tree.
tree=""
if [ -n "${PUSHGATE_BENCH_CORPUS:-}" ]; then
  [ -d "$PUSHGATE_BENCH_CORPUS" ] || die "PUSHGATE_BENCH_CORPUS=$PUSHGATE_BENCH_CORPUS is not a directory"
  source_desc="$PUSHGATE_BENCH_CORPUS (PUSHGATE_BENCH_CORPUS)"
  node "$BENCH/prep.mjs" list "$PUSHGATE_BENCH_CORPUS" --dockerfiles >"$work/all.txt"
  tree="$PUSHGATE_BENCH_CORPUS"
elif [ -d "$CORPUS/dockerfile" ]; then
  source_desc="../shared/corpus/dockerfile"
  node "$BENCH/prep.mjs" list "../shared/corpus/dockerfile" >"$work/all.txt"
  if [ -f "$CORPUS/MANIFEST.tsv" ]; then
    tree="$BENCH_DIR/corpus-tree/dockerfile"
    node "$BENCH/prep.mjs" tree "$CORPUS/MANIFEST.tsv" "$CORPUS" "$tree" dockerfile
  fi
else
  warn "../shared/corpus is absent (it exists only beside this repository in the"
  warn "development workspace): FALLING BACK TO fixtures/ — these numbers are mostly"
  warn "start-up and say nothing about the SPEC's corpus targets"
  source_desc="fixtures/ (fallback: ../shared/corpus absent)"
  node "$BENCH/prep.mjs" list fixtures --dockerfiles >"$work/all.txt"
  tree="fixtures"
fi
total="$(wc -l <"$work/all.txt")"
[ "$total" -gt 0 ] || die "no Dockerfiles found in $source_desc"

rule "corpus: $source_desc"
print_env
say "files:     $total"
node "$BENCH/prep.mjs" dockerfilelint-ok "$work/all.txt" >"$work/common.txt" 2>"$work/left-out.txt"
common="$(wc -l <"$work/common.txt")"
say "common:    $common file(s) every tool is given (dockerfilelint dies on $((total - common)))"
if [ -s "$work/left-out.txt" ]; then sed 's/^/  /' "$work/left-out.txt"; fi
if [ -n "$tree" ]; then
  say "tree:      $tree ($(node "$BENCH/prep.mjs" list "$tree" --dockerfiles | wc -l) file(s) match the default dockerfile globs)"
fi

# ---- sanity: is each tool doing the work we think it is? -------------------
say ""
RUNF=(bash "$BENCH/run-files.sh" "$work/common.txt")
rc=0; "${RUNF[@]}" "${DOCKERFILELINT[@]}" >/dev/null 2>"$work/dfl.err" || rc=$?
if [ -s "$work/dfl.err" ]; then
  warn "dockerfilelint wrote to stderr on the common list (exit $rc):"
  sed -n '1,6s/^/  | /p' "$work/dfl.err" >&2
fi
say "dockerfilelint: exit $rc (its exit status is its issue count, modulo 256)"

cmds=()
ratios=()
maxrss=()
if pushgate_check pushgate "${RUNF[@]}" "${PUSHGATE[@]}" --no-config --kind dockerfile --format json; then
  cmds+=(--cmd pushgate "${RUNF[@]}" "${PUSHGATE[@]}" --no-config --kind dockerfile --format json)
  cmds+=(--cmd pushgate-stylish "${RUNF[@]}" "${PUSHGATE[@]}" --no-config --kind dockerfile)
  ratios+=(--ratio "pushgate/dockerfilelint:0.85" --ratio "pushgate-stylish/dockerfilelint")
  maxrss+=(--max-rss "pushgate:150" --max-rss "pushgate-stylish:150")
  if [ -n "$tree" ] && pushgate_check pushgate-dir "${PUSHGATE[@]}" --no-config --format json "$tree"; then
    cmds+=(--cmd pushgate-dir "${PUSHGATE[@]}" --no-config "$tree")
    ratios+=(--ratio "pushgate-dir/dockerfilelint")
    maxrss+=(--max-rss "pushgate-dir:150")
  fi
fi
cmds+=(--cmd dockerfilelint "${RUNF[@]}" "${DOCKERFILELINT[@]}")
cmds+=(--cmd dockerfile-utils "${RUNF[@]}" "${DOCKERFILE_UTILS[@]}")
ratios+=(--ratio "dockerfile-utils/dockerfilelint")

say ""
json="$(results_file corpus)"
timer --runs "$runs" --warmup "$warmup" --rss "$rss_runs" --json "$json" \
  "${ratios[@]}" "${maxrss[@]}" "${cmds[@]}"
say "SPEC targets: pushgate ≤ 0.85× dockerfilelint (wall, medians); peak RSS < 150 MB (JSON report)"
say "exit codes: dockerfilelint exits with its issue count mod 256; pushgate 1 = policy failed"
say "results: $json"
