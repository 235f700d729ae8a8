# shellcheck shell=bash disable=SC2034  # (variables are used by the sourcing scripts)
# Shared helpers for the bench/*.sh scripts. Source it; do not run it.
#
# Sets:
#   ROOT          repository root (resolved from this file's location)
#   BENCH         this directory
#   BENCH_DIR     cache dir OUTSIDE the repo for peer tools, the rebuilt corpus
#                 tree and results (PUSHGATE_BENCH_DIR, default $TMPDIR/pushgate-bench)
#   PUSHGATE      array: the pushgate command (PUSHGATE_BENCH_CMD, default
#                 "node bin/pushgate.cjs"; split on whitespace)
# and the functions below. Every script runs with the repository root as cwd, so
# paths handed to the tools (and shown in their reports) are repo-relative.

BENCH="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$BENCH/.." && pwd)"
BENCH_DIR="${PUSHGATE_BENCH_DIR:-${TMPDIR:-/tmp}/pushgate-bench}"
export PUSHGATE_BENCH_DIR="$BENCH_DIR"
RESULTS_DIR="$BENCH_DIR/results"
# PUSHGATE_BENCH_CMD is a plain argv prefix, split on whitespace (no quoting).
read -r -a PUSHGATE <<<"${PUSHGATE_BENCH_CMD:-node bin/pushgate.cjs}"
CORPUS="$ROOT/../shared/corpus"

cd "$ROOT" || exit 2

say()  { printf '%s\n' "$*"; }
warn() { printf 'bench: %s\n' "$*" >&2; }
die()  { printf 'bench: error: %s\n' "$*" >&2; exit 2; }
rule() { printf '\n== %s ==\n' "$*"; }

# Print what the numbers were taken on.
print_env() {
  local cpu rev
  cpu="$(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo 2>/dev/null || true)"
  rev="$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')"
  if [ -n "$(git -C "$ROOT" status --porcelain 2>/dev/null | head -1)" ]; then rev="$rev+dirty"; fi
  say "date:      $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  say "commit:    $rev"
  say "node:      $(node --version)"
  say "cpu:       ${cpu:-unknown} ($(nproc 2>/dev/null || echo '?') cores)"
  say "timer:     $(timer_backend)"
  say "pushgate:  ${PUSHGATE[*]}"
  # Node loads NODE_EXTRA_CA_CERTS at every start: where it is set (as on the project's
  # machine) it adds tens of ms to `node -e 0` and to pushgate alike, which lowers every
  # ratio. Say how much, so the numbers can be read both ways (docs/benchmarks.md).
  if [ -n "${NODE_EXTRA_CA_CERTS:-}" ]; then
    local with without
    with="$(node_start_ms)"
    without="$(env -u NODE_EXTRA_CA_CERTS bash -c "$(declare -f node_start_ms); node_start_ms")"
    say "env:       NODE_EXTRA_CA_CERTS is set: node -e 0 takes ~${with} ms with it, ~${without} ms without;"
    say "           the rows below run with it (for the other reading: env -u NODE_EXTRA_CA_CERTS bash $0)"
  fi
}

# Median wall time of `node -e 0` over 9 runs, in whole ms.
node_start_ms() {
  node -e '
    const { spawnSync } = require("node:child_process");
    const times = [];
    for (let i = 0; i < 9; i++) { const t = process.hrtime.bigint(); spawnSync(process.execPath, ["-e", "0"]); times.push(Number(process.hrtime.bigint() - t) / 1e6); }
    times.sort((a, b) => a - b);
    process.stdout.write(String(Math.round(times[4])));'
}

# hyperfine when present (unless PUSHGATE_BENCH_TIMER=node), else the node timer.
timer_backend() {
  case "${PUSHGATE_BENCH_TIMER:-auto}" in
    node) echo "node (bench/timer.mjs, interleaved)" ;;
    hyperfine) echo "hyperfine $(hyperfine --version 2>/dev/null | awk '{print $2}') (interleaved in rounds)" ;;
    *) if command -v hyperfine >/dev/null 2>&1; then
         echo "hyperfine $(hyperfine --version | awk '{print $2}') (interleaved in rounds)"
       else
         echo "node (bench/timer.mjs, interleaved; hyperfine not found, see bench/peers.sh)"
       fi ;;
  esac
}

# timer ARGS... : run bench/timer.mjs (see its header for the options).
timer() { node "$BENCH/timer.mjs" "$@"; }

# peers_installed : true when bench/peers.sh has put the peer linters in BENCH_DIR.
peers_installed() {
  [ -x "$BENCH_DIR/node_modules/.bin/dockerfilelint" ] &&
    [ -f "$BENCH_DIR/node_modules/dockerfile-utils/package.json" ]
}
ensure_peers() {
  if ! peers_installed; then
    say "peer tools not found in $BENCH_DIR: running bench/peers.sh"
    bash "$BENCH/peers.sh"
  fi
}
DOCKERFILELINT=(node "$BENCH_DIR/node_modules/dockerfilelint/bin/dockerfilelint")
DOCKERFILE_UTILS=(node "$BENCH/dockerfile-utils-lint.cjs")

# pushgate_check LABEL CMD... : run a pushgate command line once with `--format json`
# appended by the caller, and decide whether it behaved like a working linter:
# exit 0 or 1 AND a JSON report on stdout (an exit 1 alone may be node dying on
# a missing dist/). Prints the report's summary; returns 1 (with the reason on
# stderr) when pushgate is not usable yet, so the caller skips its rows.
pushgate_check() {
  local label="$1" out err rc=0
  shift
  out="$(mktemp)"; err="$(mktemp)"
  "$@" >"$out" 2>"$err" </dev/null || rc=$?
  if { [ "$rc" -eq 0 ] || [ "$rc" -eq 1 ]; } && node "$BENCH/prep.mjs" summary "$out" "$label"; then
    rm -f "$out" "$err"; return 0
  fi
  warn "$label: pushgate is not usable yet: exit $rc and no JSON report from: $(printf '%.160s' "$*")"
  if [ -s "$err" ]; then sed -n '1,6s/^/  | /p' "$err" >&2; fi
  if [ ! -f "$ROOT/dist/cli.js" ] && [ -z "${PUSHGATE_BENCH_CMD:-}" ]; then
    warn "dist/cli.js is missing: run 'npm run build' first"
  fi
  warn "skipping the pushgate rows; the other numbers are still valid"
  rm -f "$out" "$err"; return 1
}

# results_file NAME : where a script keeps its JSON results (outside the repo).
results_file() {
  mkdir -p "$RESULTS_DIR"
  printf '%s/%s-%s.json' "$RESULTS_DIR" "$1" "$(date -u +%Y%m%dT%H%M%SZ)"
}
