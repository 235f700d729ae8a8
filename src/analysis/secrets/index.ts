// Secrets analysis: pure functions over strings, shared by the credential rules and by
// redaction. See SPEC §3 `no-hardcoded-credentials` and §3.1 for what is a finding.
//
//   findTokens          known token formats anywhere (tokens.ts)
//   judgeAssignment     one named value: ENV/ARG/env:/variables:/with:/compose/image Env
//   findSecretsInText   free text: tokens + URL/command passwords + secret assignments
//   credentialFileKind  files that must not be copied into an image (files.ts)

import { findAssignmentSecrets, judgeNamedValue } from './assignments.js';
import { findCommandPasswords, findUrlPasswords } from './commands.js';
import { classifySecretName } from './names.js';
import { findTokens, resolveOverlaps } from './tokens.js';
import type { SecretMatch } from './types.js';

export type { SecretMatch } from './types.js';
export { findTokens } from './tokens.js';
export { credentialFileKind } from './files.js';
export { isSecretName } from './names.js';
export { isCleanValue } from './values.js';

/**
 * Secrets in free text: known token formats, passwords in URLs and connection strings,
 * `curl -u user:pass`, `chpasswd`, `sshpass -p`, `mysql -p…`, and secret-named
 * assignments (`PASSWORD=…`, `--password=…`, `export API_TOKEN="…"`, `"password": "…"`).
 * Sorted by position; where matches overlap the most specific wins (a token over the
 * assignment that holds it). Values with whitespace are prose here, not secrets.
 */
export function findSecretsInText(text: string): SecretMatch[] {
  if (text.length === 0) return [];
  return secretsBesideTokens(text, findTokens(text));
}

/** `findSecretsInText` when the text's tokens are known already. */
function secretsBesideTokens(text: string, tokens: readonly SecretMatch[]): SecretMatch[] {
  return resolveOverlaps([
    ...tokens,
    ...findUrlPasswords(text),
    ...findCommandPasswords(text),
    ...findAssignmentSecrets(text),
  ]);
}

/**
 * A named value (ENV/ARG/`env:`/`variables:`/`with:` inputs/compose environment/image
 * Env): is it a hardcoded secret? Known token formats are findings whatever the name;
 * under a secret name (see `isSecretName`) every value that is not clean (SPEC §3.1) is
 * a finding, however weak; under other names the value is scanned as free text
 * (`DATABASE_URL=postgres://u:p@db`, `JAVA_OPTS=-Ddb.password=…`). Offsets are into
 * `value`; surrounding whitespace and one pair of quotes are skipped.
 */
export function judgeAssignment(name: string, value: string): SecretMatch | null {
  // The same short pairs (`GITHUB_TOKEN: ${{ secrets.GITHUB_TOKEN }}`, `node-version: 20`)
  // recur across the files of a run; the clean ones are remembered.
  const key = value.length <= MAX_REMEMBERED_VALUE ? `${name}\u0000${value}` : null;
  if (key !== null && cleanAssignments.has(key)) return null;
  const match = judgeUncached(name, value);
  if (match === null && key !== null) {
    if (cleanAssignments.size >= MAX_REMEMBERED_ASSIGNMENTS) cleanAssignments.clear();
    cleanAssignments.add(key);
  }
  return match;
}

const cleanAssignments = new Set<string>();
const MAX_REMEMBERED_ASSIGNMENTS = 8192;
const MAX_REMEMBERED_VALUE = 256;

function judgeUncached(name: string, value: string): SecretMatch | null {
  const tokens = findTokens(value);
  if (tokens[0]) return tokens[0];
  // From here on the value holds no token: free-text scans need not look for them again.
  const info = classifySecretName(name.trim());
  if (!info) return value.length === 0 ? null : (secretsBesideTokens(value, tokens)[0] ?? null);
  let start = 0;
  let end = value.length;
  while (start < end && /\s/.test(value[start]!)) start++;
  while (end > start && /\s/.test(value[end - 1]!)) end--;
  // Several lines or a JSON object/array under a secret name (an action input such as
  // build-push-action `secrets:` or `registry_secrets:`) hold entries, not one secret:
  // each entry is judged as free text (`TOKEN=…`, `"password": "…"`).
  if (value.slice(start, end).includes('\n') || /^[[{]/.test(value.slice(start, end))) return secretsBesideTokens(value, tokens)[0] ?? null;
  const first = value[start];
  if (end - start >= 2 && (first === '"' || first === "'") && value[end - 1] === first) {
    start++;
    end--;
  }
  return judgeNamedValue(name.trim(), info, value.slice(start, end), start);
}
