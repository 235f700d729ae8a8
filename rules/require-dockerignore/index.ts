// `COPY .` sends the whole build context into the image. Without an ignore file that
// keeps `.git` and `.env*` out, repository history and local secrets ship with it.

import { posix } from 'node:path';
import { defineRule } from '../../src/engine/rule.js';
import { excludes } from '../../src/analysis/dockerignore.js';
import type { Range } from '../../src/models/nodes.js';

/** `.`, `./`, `./.`: the context root itself. */
const isContextRoot = (source: string): boolean => ['.', './'].includes(posix.normalize(source.replace(/^(["'])(.*)\1$/, '$2')));
/** Remote (git, http) and stdin contexts have no ignore file we can read. */
const isLocal = (dir: string): boolean => !/^(?:[a-z][a-z0-9+.-]*:\/\/|git@|-$)/i.test(dir);
/** The paths Docker must not send: a file inside `.git`, and the `.env` file. */
const PROBES = [['.git', '.git/HEAD'], ['.env', '.env']] as const;

export default defineRule({
  meta: {
    id: 'require-dockerignore',
    kinds: ['dockerfile'],
    description: 'Require an ignore file that excludes `.git` and `.env*` when the whole build context is copied.',
    rationale:
      '`COPY . …` copies everything in the build context. Without a `.dockerignore` that excludes `.git` and `.env*`, ' +
      'the repository history (with any secret ever committed) and local environment files end up in the image.',
    security: true,
    recommended: 'warning',
    strict: 'error',
    schema: { type: 'object', properties: {}, additionalProperties: false },
    defaults: {},
    messages: {
      missing: 'This copies the whole build context "{{context}}", which has no ignore file; add {{path}} excluding .git and .env*.',
      notExcluded: 'This copies the whole build context, but {{path}} does not exclude {{paths}}; add {{patterns}} to it.',
    },
  },
  create(context) {
    let at: Range | null = null;
    return {
      copy(copy) {
        if (at || copy.from !== null || copy.heredoc) return;
        at = copy.sources.find((source) => isContextRoot(source.value))?.range ?? null;
      },
      exit() {
        if (!at) return;
        const range = at;
        const judge = (path: string, content: string): void => {
          const kept = PROBES.filter(([, probe]) => !excludes(content, probe)).map(([name]) => name);
          if (kept.length === 0) return;
          const data = { path, paths: kept.join(' and '), patterns: kept.map((name) => (name === '.env' ? '.env*' : name)).join(' and ') };
          context.report({ messageId: 'notExcluded', data, range });
        };
        // BuildKit prefers `<Dockerfile>.dockerignore` next to the Dockerfile, whatever the context.
        const specific = `${context.file.path}.dockerignore`;
        const specificContent = context.readFile(specific);
        if (specificContent !== null) return judge(specific, specificContent);
        const ownDirectory = posix.dirname(context.file.path);
        const contexts = context.builds.length === 0 ? [ownDirectory] : context.builds.map((build) => build.context ?? ownDirectory);
        for (const root of new Set(contexts.filter(isLocal).map((dir) => posix.normalize(dir).replace(/\/+$/, '') || '.'))) {
          const path = posix.join(root, '.dockerignore');
          const content = context.readFile(path);
          if (content === null) context.report({ messageId: 'missing', data: { context: root, path }, range });
          else judge(path, content);
        }
      },
    };
  },
});
