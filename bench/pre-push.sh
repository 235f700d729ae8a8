#!/usr/bin/env bash
# pre-push: `pushgate pre-push` as git's hook runs it (ref lines on stdin, in the
# work tree), on a temporary repository, side by side with `node -e 0` and with the
# git processes pushgate starts, run alone.
# SPEC §6 target: a push touching no relevant file within 1.25× of `node -e 0`
# plus its git calls (medians). Issue 6 adds: one changed Dockerfile within 1.4×.
#
#   bash bench/pre-push.sh
# Env: PUSHGATE_BENCH_RUNS (30), PUSHGATE_BENCH_WARMUP (5), PUSHGATE_BENCH_TIMER,
#      PUSHGATE_BENCH_CMD, PUSHGATE_BENCH_DIR, PUSHGATE_BENCH_BASELINE (another
#      pushgate command, e.g. `node /tmp/old/bin/pushgate.cjs` for the build before a
#      change: timed in the same rounds as the row "baseline", for before/after).
#
# Scenarios (each a commit on top of what the bare remote has):
#   readme         the push changes README.md only; no policy file in the repository
#   readme+policy  the same, with the starter .pushgaterc.yaml (`pushgate init`)
#                  committed: the policy is read and validated from the commit
#   dockerfile     the push changes one Dockerfile (starter policy): the lint runs
# Rows per scenario (every row is `sh -c 'cd REPO && cat REFS | …'`: the ref lines
# come through a pipe, as git sends them, and every row pays the same shell and cat):
#   node -e 0      Node's start-up
#   git calls      what pushgate has git do, alone: one `git cat-file --batch`
#                  answering the same requests pushgate makes (the two root trees,
#                  the policy file, for the dockerfile scenario the changed
#                  directories, the blob and its .dockerignore candidates)
#   node+git       `node -e 0` followed by the git calls: the SPEC's baseline
#   pushgate       `pushgate pre-push origin URL`
#   baseline       the same with PUSHGATE_BENCH_BASELINE's command, when it is set
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

runs="${PUSHGATE_BENCH_RUNS:-30}"
warmup="${PUSHGATE_BENCH_WARMUP:-5}"
[ "$runs" -ge 20 ] || warn "PUSHGATE_BENCH_RUNS=$runs: the SPEC ratio wants at least 20 runs"

# The pushgate command runs inside the temporary repository: make a repository-
# relative launcher (the default `node bin/pushgate.cjs`) absolute.
pg=("${PUSHGATE[@]}")
for i in "${!pg[@]}"; do
  if [[ "${pg[$i]}" == bin/* || "${pg[$i]}" == ./bin/* ]]; then pg[$i]="$ROOT/${pg[$i]#./}"; fi
done
baseline=()
if [ -n "${PUSHGATE_BENCH_BASELINE:-}" ]; then read -r -a baseline <<<"$PUSHGATE_BENCH_BASELINE"; fi

mkdir -p "$BENCH_DIR"
work="$(mktemp -d "$BENCH_DIR/pre-push-work.XXXXXX")"
trap 'rm -rf "$work"' EXIT
export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null
g() { git -c user.name=bench -c user.email=bench@example.com "$@"; }

# make_repo NAME WITH_POLICY CHANGE : a bare remote and a work repository with a
# pushed history (a few Dockerfiles, scripts, docs), then one unpushed commit that
# changes CHANGE (README.md or a Dockerfile). Writes NAME/refs (git's ref line).
make_repo() {
  local name="$1" with_policy="$2" change="$3" dir="$work/$1"
  mkdir -p "$dir"
  git init -q --bare "$dir/remote.git"
  git init -q -b main "$dir/repo"
  (
    cd "$dir/repo"
    git remote add origin "$dir/remote.git"
    for svc in api web worker; do
      mkdir -p "services/$svc"
      cp "$ROOT/fixtures/bench/small/Dockerfile" "services/$svc/Dockerfile"
      printf '.git\n.env*\n' > "services/$svc/.dockerignore"
      printf '#!/bin/sh\necho %s\n' "$svc" > "services/$svc/run.sh"
    done
    for n in $(seq 1 40); do printf '# doc %s\n' "$n" > "docs-$n.md"; done
    printf '# demo\n' > README.md
    if [ "$with_policy" = yes ]; then "${pg[@]}" init >/dev/null; fi
    g add -A && g commit -q -m base && g push -q origin main
    local old; old="$(git rev-parse HEAD)"
    if [ "$change" = README.md ]; then printf 'more\n' >> README.md
    else printf '# changed\n' >> "$change"; fi
    g commit -q -am change
    printf 'refs/heads/main %s refs/heads/main %s\n' "$(git rev-parse HEAD)" "$old" > "$dir/refs"
    # What pushgate asks cat-file, in its order: both root trees, the policy file
    # (when there is one), then for a changed Dockerfile the subtrees on its way, the
    # blob and its .dockerignore candidates.
    local new; new="$(git rev-parse HEAD)"
    {
      printf '%s^{tree}\n' "$old" "$new"
      if [ "$with_policy" = yes ]; then git rev-parse "$new:.pushgaterc.yaml"; fi
      if [ "$change" != README.md ]; then
        local d="$change" parent
        while [ "$d" != . ]; do
          parent="$(dirname "$d")"
          if [ "$parent" != . ]; then printf '%s:%s\n' "$old" "$parent" "$new" "$parent"; fi
          d="$parent"
        done
        # The blob, its .dockerignore candidates (BuildKit's <file>.dockerignore, then
        # .dockerignore in every directory up to the root) and the baseline.
        printf '%s:%s\n' "$new" "$change" "$new" "$change.dockerignore"
        d="$(dirname "$change")"
        while [ "$d" != . ]; do printf '%s:%s/.dockerignore\n' "$new" "$d"; d="$(dirname "$d")"; done
        printf '%s:%s\n' "$new" .dockerignore "$new" .pushgate-baseline.json
      fi
    } > "$dir/cat-requests"
  )
}

# The git calls alone.
git_calls='git --no-replace-objects cat-file --batch < "$0/cat-requests" >/dev/null'

run_scenario() {
  local name="$1" dir="$work/$1"
  rule "pre-push: $name"
  local cmds=(
    --cmd "node -e 0" sh -c 'cd "$0/repo" && cat "$0/refs" | node -e 0' "$dir"
    --cmd "git calls" sh -c "cd \"\$0/repo\" && cat \"\$0/refs\" | { $git_calls; }" "$dir"
    --cmd "node+git" sh -c "cd \"\$0/repo\" && cat \"\$0/refs\" | { node -e 0; $git_calls; }" "$dir"
    --cmd pushgate sh -c 'd="$0"; shift; cd "$d/repo" && cat "$d/refs" | "$@" pre-push origin "$d/remote.git"' "$dir" "${pg[@]}"
  )
  local compare=()
  if [ "${#baseline[@]}" -gt 0 ]; then
    cmds+=(--cmd baseline sh -c 'd="$0"; shift; cd "$d/repo" && cat "$d/refs" | "$@" pre-push origin "$d/remote.git"' "$dir" "${baseline[@]}")
    compare=(--ratio "baseline/node+git" --ratio "pushgate/baseline")
  fi
  local target="$2"
  # Sanity: pushgate's exit code and output for this scenario, before timing.
  local out rc=0
  out="$(sh -c 'd="$0"; shift; cd "$d/repo" && cat "$d/refs" | "$@" pre-push origin "$d/remote.git"' "$dir" "${pg[@]}" 2>&1)" || rc=$?
  say "pushgate exit $rc, $(printf '%s' "$out" | wc -l | tr -d ' ') line(s) of output${out:+: $(printf '%s' "$out" | head -1)}"
  if [ "$rc" -ge 2 ]; then warn "pushgate failed: $out"; return; fi
  timer --runs "$runs" --warmup "$warmup" --json "$(results_file "pre-push-$name")" \
    --ratio "pushgate/node+git:$target" --ratio "pushgate/node -e 0" "${compare[@]}" "${cmds[@]}"
}

rule "pre-push benchmark"
print_env
make_repo readme no README.md
make_repo readme-policy yes README.md
make_repo dockerfile yes services/api/Dockerfile
run_scenario readme 1.25
run_scenario readme-policy 1.25
run_scenario dockerfile 1.4
say ""
say "SPEC target: pre-push touching no relevant file ≤ 1.25× (node -e 0 + its git calls); issue 6: one Dockerfile ≤ 1.4×"
