#!/usr/bin/env bash
# All benchmarks in a row (`npm run bench`): peers, start-up, corpus, YAML.
# Each script also runs on its own; see bench/README.md.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
bash "$here/peers.sh"
bash "$here/startup.sh"
bash "$here/corpus.sh"
bash "$here/yaml.sh"
