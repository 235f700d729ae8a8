#!/usr/bin/env bash
# YAML throughput: pushgate linting the shared corpus' GitHub workflows, GitLab
# pipelines and compose files (every rule on, `--no-config`) against `yaml`'s own
# parseDocument over the same files (bench/yaml-parse.cjs), side by side, one
# process per command. SPEC §6 target: pushgate's rate ≥ 0.75× parseDocument's,
# i.e. wall(pushgate) ≤ 1.333× wall(parseDocument).
#
#   bash bench/yaml.sh [github|gitlab|compose]...   (default: all three)
# Env: PUSHGATE_BENCH_RUNS (10), PUSHGATE_BENCH_WARMUP (2), PUSHGATE_BENCH_TIMER, PUSHGATE_BENCH_CMD.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

runs="${PUSHGATE_BENCH_RUNS:-10}"
warmup="${PUSHGATE_BENCH_WARMUP:-2}"
[ -d "$CORPUS" ] || die "$CORPUS is missing: the YAML bench needs the shared corpus"
sets=("$@")
[ ${#sets[@]} -gt 0 ] || sets=(github gitlab compose)

print_env
for set in "${sets[@]}"; do
  case "$set" in
    github) dir="$CORPUS/ci/github"; kind=github-workflow ;;
    gitlab) dir="$CORPUS/ci/gitlab"; kind=gitlab-ci ;;
    compose) dir="$CORPUS/compose"; kind=compose ;;
    *) die "unknown set '$set' (github, gitlab, compose)" ;;
  esac
  files=("$dir"/*)
  rule "YAML: $set (${#files[@]} files, $(du -sh "$dir" | cut -f1))"
  pushgate_check "pushgate $set" "${PUSHGATE[@]}" --no-config --kind "$kind" --format json "${files[@]}" || continue
  timer --runs "$runs" --warmup "$warmup" --rss 2 --json "$(results_file "yaml-$set")" \
    --ratio "pushgate/parseDocument:1.333" \
    --cmd parseDocument node "$BENCH/yaml-parse.cjs" "${files[@]}" \
    --cmd pushgate "${PUSHGATE[@]}" --no-config --kind "$kind" --format json "${files[@]}"
done
say "SPEC target: pushgate's YAML rate ≥ 0.75× parseDocument's (wall ratio ≤ 1.333)"
