#!/usr/bin/env bash
# Start-up: `node -e 0` against pushgate linting one small Dockerfile, run side
# by side. SPEC §6 target: pushgate within 1.35× of `node -e 0` (medians).
#
#   bash bench/startup.sh
# Env: PUSHGATE_BENCH_RUNS (30), PUSHGATE_BENCH_WARMUP (5),
#      PUSHGATE_BENCH_TIMER (auto | hyperfine | node), PUSHGATE_BENCH_CMD.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

runs="${PUSHGATE_BENCH_RUNS:-30}"
warmup="${PUSHGATE_BENCH_WARMUP:-5}"
[ "$runs" -ge 20 ] || warn "PUSHGATE_BENCH_RUNS=$runs: the SPEC ratio wants at least 20 runs"
small="fixtures/bench/small/Dockerfile"
[ -f "$small" ] || die "$small is missing"

rule "start-up: one small Dockerfile ($small)"
print_env

cmds=(--cmd "node -e 0" node -e 0)
ratio=()
if pushgate_check pushgate "${PUSHGATE[@]}" "$small" --no-config --format json; then
  cmds+=(--cmd pushgate "${PUSHGATE[@]}" "$small" --no-config)
  ratio=(--ratio "pushgate/node -e 0:1.35")
fi

say ""
json="$(results_file startup)"
timer --runs "$runs" --warmup "$warmup" --rss 3 --json "$json" "${ratio[@]}" "${cmds[@]}"
say "SPEC target: pushgate start-up ≤ 1.35× node -e 0"
say "results: $json"
