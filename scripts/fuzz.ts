// The long fuzz run (`npm run fuzz`, issue 7): the properties of test/helpers/fuzz.ts
// and test/helpers/fuzz-archives.ts for FUZZ_RUNS cases in all (default 100,000), shared out by each property's weight.
// Each property runs in chunks with fresh seeds, so one failure does not end its
// share: every failure is printed with its seed and the command that replays it.
//
//   FUZZ_RUNS=20000 npm run fuzz                          a shorter run
//   FUZZ_ONLY="image" npm run fuzz                        properties whose name contains it
//   FUZZ_SEED=… FUZZ_PATH=… FUZZ_ONLY="…" npm run fuzz   replay one failure (as printed)
//   FUZZ_SLOW_MS=2000                                      a case slower than this fails (default 5000)
//
// Exit code 1 when any property failed.

import { failSlowCases, runProperty, selectedProperties, type FuzzOutcome } from '../test/helpers/fuzz.js';

failSlowCases(5000);

const total = Number(process.env.FUZZ_RUNS ?? 100_000);
const replaying = Boolean(process.env.FUZZ_SEED);
/** Cases per fast-check run: a failure ends only its chunk. */
const CHUNK = 2_000;

const properties = selectedProperties();
if (properties.length === 0) {
  process.stderr.write(`fuzz: no property matches FUZZ_ONLY=${JSON.stringify(process.env.FUZZ_ONLY)}\n`);
  process.exit(2);
}
const weights = properties.reduce((sum, p) => sum + p.weight, 0);

let cases = 0;
const failures: FuzzOutcome[] = [];
const started = performance.now();
process.stdout.write(`fuzz: ${properties.length} properties, ${replaying ? 'replaying one case' : `${total} cases`}\n`);

for (const property of properties) {
  const share = replaying ? 1 : Math.max(1, Math.ceil((total * property.weight) / weights));
  let done = 0;
  let ms = 0;
  let failed = 0;
  while (done < share) {
    const outcome = await runProperty(property, { numRuns: Math.min(CHUNK, share - done), replayCommand: 'npm run fuzz' });
    // A failing chunk ran up to its counterexample (fast-check counts that case).
    done += outcome.failure ? Math.max(1, outcome.runs) : outcome.runs;
    ms += outcome.ms;
    if (outcome.failure) {
      failed++;
      failures.push(outcome);
      process.stdout.write(`\n${outcome.failure}\n\n`);
    }
    if (replaying) break;
  }
  cases += done;
  process.stdout.write(`${failed > 0 ? 'FAIL' : 'ok  '} ${String(done).padStart(6)} cases ${String(Math.round(ms)).padStart(7)} ms  ${property.name}\n`);
}

const seconds = ((performance.now() - started) / 1000).toFixed(1);
const distinct = new Set(failures.map((f) => /Got error: ([^\n]*)/.exec(f.failure ?? '')?.[1] ?? f.failure));
process.stdout.write(`\nfuzz: ${cases} cases run in ${seconds} s; ${failures.length} failures (${distinct.size} distinct)\n`);
process.exitCode = failures.length > 0 ? 1 : 0;
