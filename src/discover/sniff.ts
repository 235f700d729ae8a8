// Kinds by content, for explicit files whose name says nothing. Cheap textual
// checks only — no parser is loaded (parsers live in src/parsers); a wrong guess
// there becomes a parse-error finding later, never a crash.
//
// Order of the checks, first hit wins:
// 1. a `#!` line naming sh, bash, dash, ash or mksh            -> shell
//    (first, so a script that writes a Dockerfile through a heredoc stays shell);
// 2. the first instruction is FROM or ARG and a FROM line exists -> dockerfile
//    (only ARG may come before the first FROM, after comments and parser directives);
// 3. JSON with `architecture` and `rootfs` (OCI config, or `docker image inspect`
//    output, an array of such objects)                             -> image;
// 4. YAML (or JSON) by its top-level keys:
//    `jobs` and `on` (a workflow), or `runs` with a `using:` (an action) -> github-workflow;
//    only compose top-level keys, `services` among them                -> compose;
//    `stages`, or a `script` / `before_script` / `after_script` key below the top -> gitlab-ci;
//    `services` with anything else                                     -> compose.
//    (GitLab files may have a top-level `services:` too, hence compose is first
//    decided by "nothing but compose keys".)

import type { Kind } from '../models/nodes.js';

const SHEBANG = /^#![ \t]*(?:\S*\/)?(?:env[ \t]+(?:-\S+[ \t]+)*)?(?:\S*\/)?(?:sh|bash|dash|ash|mksh)(?=[ \t\r\n]|$)/;
const DOCKERFILE_FROM = /^[ \t]*FROM[ \t]+\S/im;
const DOCKERFILE_FIRST = /^(?:FROM|ARG)[ \t]/i;
/** A mapping key at column 0: plain, double- or single-quoted. */
const YAML_TOP_KEY = /^(?:"([^"\n]*)"|'([^'\n]*)'|([A-Za-z0-9_$][^:#\n]*?))[ \t]*:(?=[ \t\r\n]|$)/gm;
const YAML_SCRIPT_KEY = /^[ \t]+(?:-[ \t]+)?(?:script|before_script|after_script)[ \t]*:(?=[ \t\r\n]|$)/m;
const YAML_USING_KEY = /^[ \t]+using[ \t]*:/m;
const COMPOSE_TOP_KEYS = new Set(['version', 'name', 'services', 'networks', 'volumes', 'configs', 'secrets', 'include', 'models']);
const GITLAB_SCRIPT_KEYS = ['script', 'before_script', 'after_script'];

/** Guesses a file's kind from its text; null when nothing is telling. */
export function kindFromContent(text: string): Kind | null {
  if (text.startsWith('\uFEFF')) text = text.slice(1);
  if (text.includes('\0')) return null;
  if (SHEBANG.test(text)) return 'shell';
  if (looksLikeDockerfile(text)) return 'dockerfile';
  const trimmed = text.trimStart();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    const fromJson = kindFromJson(trimmed);
    if (fromJson !== undefined) return fromJson;
  }
  return kindFromYaml(text);
}

function looksLikeDockerfile(text: string): boolean {
  for (const line of text.split('\n')) {
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    return DOCKERFILE_FIRST.test(trimmed) && DOCKERFILE_FROM.test(text);
  }
  return false;
}

/** undefined: not JSON, let the YAML checks try. */
function kindFromJson(text: string): Kind | null | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  const first = Array.isArray(value) ? value[0] : value;
  if (!isObject(first)) return null;
  const keys = new Set(Object.keys(first).map((key) => key.toLowerCase()));
  if (keys.has('architecture') && keys.has('rootfs')) return 'image';
  if (Array.isArray(value)) return null;
  const nestedKeys = new Set<string>();
  for (const child of Object.values(first)) {
    if (isObject(child)) for (const key of Object.keys(child)) nestedKeys.add(key);
  }
  const runs = first['runs'];
  const hasUsing = isObject(runs) && 'using' in runs;
  return decideByKeys(new Set(Object.keys(first)), hasUsing, GITLAB_SCRIPT_KEYS.some((key) => nestedKeys.has(key)));
}

function kindFromYaml(text: string): Kind | null {
  const keys = new Set<string>();
  for (const match of text.matchAll(YAML_TOP_KEY)) {
    keys.add((match[1] ?? match[2] ?? match[3] ?? '').trim());
  }
  return decideByKeys(keys, YAML_USING_KEY.test(text), YAML_SCRIPT_KEY.test(text));
}

function decideByKeys(keys: Set<string>, hasUsing: boolean, hasScript: boolean): Kind | null {
  if (keys.has('jobs') && keys.has('on')) return 'github-workflow';
  if (keys.has('runs') && hasUsing) return 'github-workflow';
  if (keys.has('services') && [...keys].every((key) => COMPOSE_TOP_KEYS.has(key) || key.startsWith('x-'))) {
    return 'compose';
  }
  if (keys.has('stages') || hasScript) return 'gitlab-ci';
  if (keys.has('services')) return 'compose';
  return null;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
