#!/usr/bin/env bash
# Install the peer tools the benchmarks compare pushgate with, OUTSIDE the
# repository (in $PUSHGATE_BENCH_DIR, default $TMPDIR/pushgate-bench):
#   dockerfilelint    the CLI the SPEC's corpus target is measured against
#   dockerfile-utils  a library; bench/dockerfile-utils-lint.cjs runs its validate()
# and check for hyperfine (apt-get install when missing and root; otherwise the
# scripts fall back to the node timer, bench/timer.mjs).
#
#   bash bench/peers.sh [--force]
# Versions are pinned for comparable numbers; override with
# DOCKERFILELINT_VERSION / DOCKERFILE_UTILS_VERSION.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

DFL_VERSION="${DOCKERFILELINT_VERSION:-1.8.0}"
DFU_VERSION="${DOCKERFILE_UTILS_VERSION:-0.16.3}"
force=0
case "${1:-}" in
  --force) force=1 ;;
  "") ;;
  *) die "usage: bash bench/peers.sh [--force]" ;;
esac

case "$BENCH_DIR" in
  "$ROOT"|"$ROOT"/*) die "PUSHGATE_BENCH_DIR must be outside the repository ($BENCH_DIR)" ;;
esac
mkdir -p "$BENCH_DIR"

installed_version() { # PACKAGE
  node -e 'try { console.log(require(process.argv[1]).version) } catch { console.log("") }' \
    "$BENCH_DIR/node_modules/$1/package.json"
}

if [ "$force" -eq 0 ] && peers_installed &&
   [ "$(installed_version dockerfilelint)" = "$DFL_VERSION" ] &&
   [ "$(installed_version dockerfile-utils)" = "$DFU_VERSION" ]; then
  say "peers: dockerfilelint $DFL_VERSION and dockerfile-utils $DFU_VERSION already in $BENCH_DIR"
else
  say "peers: installing dockerfilelint@$DFL_VERSION dockerfile-utils@$DFU_VERSION into $BENCH_DIR"
  # A package.json of its own keeps npm from walking up into another project.
  [ -f "$BENCH_DIR/package.json" ] || printf '{ "private": true }\n' >"$BENCH_DIR/package.json"
  npm install --prefix "$BENCH_DIR" --no-audit --no-fund --loglevel=error \
    "dockerfilelint@$DFL_VERSION" "dockerfile-utils@$DFU_VERSION"
fi

# Smoke-test both peers on a two-line Dockerfile.
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
printf 'FROM alpine:3.20\nRUN echo hi\n' >"$tmp/Dockerfile"
rc=0; "${DOCKERFILELINT[@]}" "$tmp/Dockerfile" >/dev/null 2>"$tmp/err" || rc=$?
if [ -s "$tmp/err" ]; then cat "$tmp/err" >&2; die "dockerfilelint does not run"; fi
say "peers: dockerfilelint $(installed_version dockerfilelint) runs (exit $rc = its issue count)"
rc=0; "${DOCKERFILE_UTILS[@]}" "$tmp/Dockerfile" >/dev/null 2>"$tmp/err" || rc=$?
if [ "$rc" -gt 1 ]; then cat "$tmp/err" >&2; die "dockerfile-utils script does not run (exit $rc)"; fi
say "peers: dockerfile-utils $(installed_version dockerfile-utils) runs (exit $rc)"

if command -v hyperfine >/dev/null 2>&1; then
  say "peers: $(hyperfine --version) found"
elif [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
  say "peers: installing hyperfine with apt-get"
  export DEBIAN_FRONTEND=noninteractive
  if ! apt-get install -y -qq hyperfine >/dev/null 2>&1; then
    apt-get update -qq >/dev/null 2>&1 || true
    apt-get install -y -qq hyperfine >/dev/null 2>&1 || warn "apt-get install hyperfine failed"
  fi
  if command -v hyperfine >/dev/null 2>&1; then say "peers: $(hyperfine --version) installed"
  else warn "no hyperfine: the scripts use the node timer (bench/timer.mjs)"; fi
else
  warn "no hyperfine (and not root): the scripts use the node timer (bench/timer.mjs)"
fi
if [ ! -x /usr/bin/time ]; then
  warn "/usr/bin/time (GNU time) not found: no peak RSS numbers (apt-get install time)"
fi
