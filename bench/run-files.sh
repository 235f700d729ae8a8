#!/usr/bin/env bash
# run-files.sh LISTFILE CMD [ARGS...]
# Run CMD ARGS... with every path of LISTFILE (one a line) appended as arguments.
# When the list fits in one command line (it does for the shared corpus: ~0.3 MB
# against the usual 2 MB ARG_MAX) CMD is exec'd once, so timing and peak RSS are
# those of CMD itself. Only a longer list is split into sequential batches; the
# exit status is then the highest one of the batches.
# Used by bench/corpus.sh so that the timer's command lines stay short.
set -euo pipefail
[ $# -ge 2 ] || { echo "usage: run-files.sh LISTFILE CMD [ARGS...]" >&2; exit 2; }
list="$1"; shift
mapfile -t files <"$list"

# Bytes available for the file arguments: ARG_MAX less the environment, the
# command's own words and a safety margin.
arg_max="$(getconf ARG_MAX 2>/dev/null || echo 131072)"
env_bytes="$(env | wc -c)"
cmd_bytes=0
for w in "$@"; do cmd_bytes=$(( cmd_bytes + ${#w} + 9 )); done
limit=$(( arg_max - env_bytes - cmd_bytes - 4096 ))
[ "$limit" -gt 65536 ] || limit=65536
# Linux also caps a single argument at 128 KiB; irrelevant for paths.

total=0
for f in "${files[@]}"; do total=$(( total + ${#f} + 9 )); done  # + NUL + pointer
if [ "$total" -le "$limit" ]; then
  exec "$@" "${files[@]}"
fi

status=0; batch=(); size=0
flush() {
  [ ${#batch[@]} -gt 0 ] || return 0
  local rc=0
  "$@" "${batch[@]}" || rc=$?
  [ "$rc" -le "$status" ] || status=$rc
  batch=(); size=0
}
for f in "${files[@]}"; do
  n=$(( ${#f} + 9 ))
  if [ $(( size + n )) -gt "$limit" ]; then flush "$@"; fi
  batch+=("$f"); size=$(( size + n ))
done
flush "$@"
exit "$status"
