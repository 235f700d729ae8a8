#!/usr/bin/env node
// Generates the large repository for bench/large-repo.sh (SPEC §6: peak memory
// under 200 MB for 20,000 files) from the shared corpus, outside the repository.
//
//   node bench/large-repo.mjs CORPUS_DIR DEST [--dockerfiles N] [--ci N] [--compose N]
//
// Layout (a monorepo as the default include globs walk it):
//   services/gNNN/sNNNNN/Dockerfile        N Dockerfiles (default 14,000), the corpus's
//                                          3,122 Dockerfiles in turn
//   services/gNNN/sNNNNN/compose.yaml      beside the first N Dockerfiles (default 3,000),
//                                          the corpus's compose files in turn: a service
//                                          that builds `.` hands its build facts to the
//                                          Dockerfile next to it (cross-artifact facts)
//   .github/workflows/ciNNNN.yml           4 of every 5 CI files (default 3,000 in all),
//   ci/pNNNN.gitlab-ci.yml                 the 5th: the corpus's workflows and GitLab files
// Regenerated only when the parameters or the corpus manifest change (DEST.stamp).
// Prints the counts per kind.

import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const fail = (message) => {
  process.stderr.write(`large-repo.mjs: ${message}\n`);
  process.exit(2);
};

const args = process.argv.slice(2);
const [corpus, dest] = args;
if (!corpus || !dest || corpus.startsWith('--') || dest.startsWith('--')) {
  fail('usage: node bench/large-repo.mjs CORPUS_DIR DEST [--dockerfiles N] [--ci N] [--compose N]');
}
const counts = { dockerfiles: 14000, ci: 3000, compose: 3000 };
for (let i = 2; i < args.length; i += 2) {
  const name = args[i]?.replace(/^--/, '');
  const value = Number(args[i + 1]);
  if (!(name in counts) || !Number.isInteger(value) || value < 0) fail(`bad option ${args[i]} ${args[i + 1] ?? ''}`);
  counts[name] = value;
}
if (counts.compose > counts.dockerfiles) fail('--compose cannot exceed --dockerfiles (a compose file sits beside a Dockerfile)');

const list = (dir) => {
  const at = join(corpus, dir);
  if (!existsSync(at)) fail(`${at} is missing`);
  return readdirSync(at).sort().map((name) => join(at, name));
};
const sources = {
  dockerfile: list('dockerfile'),
  github: list('ci/github'),
  gitlab: list('ci/gitlab'),
  compose: list('compose'),
};
for (const [kind, files] of Object.entries(sources)) if (files.length === 0) fail(`no ${kind} files in ${corpus}`);

const manifest = join(corpus, 'MANIFEST.tsv');
const stamp = createHash('sha256')
  .update(JSON.stringify(counts))
  .update(existsSync(manifest) ? readFileSync(manifest) : JSON.stringify(Object.values(sources).map((f) => f.length)))
  .digest('hex');
const stampFile = `${dest}.stamp`;
const pad = (n, width) => String(n).padStart(width, '0');
let ci = { github: 0, gitlab: 0 };
for (let i = 0; i < counts.ci; i++) ci[i % 5 === 4 ? 'gitlab' : 'github']++;

if (!existsSync(stampFile) || readFileSync(stampFile, 'utf8') !== stamp || !existsSync(dest)) {
  rmSync(dest, { recursive: true, force: true });
  rmSync(stampFile, { force: true });
  for (let i = 0; i < counts.dockerfiles; i++) {
    const dir = join(dest, 'services', `g${pad(Math.floor(i / 100), 3)}`, `s${pad(i, 5)}`);
    mkdirSync(dir, { recursive: true });
    copyFileSync(sources.dockerfile[i % sources.dockerfile.length], join(dir, 'Dockerfile'));
    if (i < counts.compose) copyFileSync(sources.compose[i % sources.compose.length], join(dir, 'compose.yaml'));
  }
  mkdirSync(join(dest, '.github', 'workflows'), { recursive: true });
  mkdirSync(join(dest, 'ci'), { recursive: true });
  let github = 0;
  let gitlab = 0;
  for (let i = 0; i < counts.ci; i++) {
    if (i % 5 === 4) {
      copyFileSync(sources.gitlab[gitlab % sources.gitlab.length], join(dest, 'ci', `p${pad(gitlab, 4)}.gitlab-ci.yml`));
      gitlab++;
    } else {
      copyFileSync(sources.github[github % sources.github.length], join(dest, '.github', 'workflows', `ci${pad(github, 4)}.yml`));
      github++;
    }
  }
  writeFileSync(stampFile, stamp);
}
process.stdout.write(
  `${counts.dockerfiles + counts.compose + counts.ci} files: ${counts.dockerfiles} Dockerfiles, ` +
    `${ci.github} GitHub workflows, ${ci.gitlab} GitLab CI files, ${counts.compose} compose files\n`,
);
