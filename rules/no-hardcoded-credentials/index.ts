// A credential written into a Dockerfile, pipeline or script ends up in image layers,
// image history, build logs and every clone of the repository.

import { defineRule } from '../../src/engine/rule.js';
import type { EnvNode, ScriptNode } from '../../src/models/nodes.js';
import { credentialFileKind, findSecretsInText, judgeAssignment, type SecretMatch } from '../../src/analysis/secrets/index.js';
import { describeSecret } from '../../src/analysis/redact.js';
import { rangeWithin, scriptRange } from '../../src/analysis/script-position.js';
import { finalStage, stageChain } from '../../src/analysis/stages.js';

export default defineRule({
  meta: {
    id: 'no-hardcoded-credentials',
    kinds: ['dockerfile', 'github-workflow', 'gitlab-ci', 'compose', 'shell', 'image'],
    description: 'Disallow credentials written into Dockerfiles, pipelines, compose files, scripts and images.',
    rationale:
      'ENV and ARG values are stored in the image config and history, RUN lines in the layer history, and every ' +
      'file in the repository in each clone. Pass secrets at build time (`RUN --mount=type=secret`), from the CI ' +
      'secret store, or at run time. Messages name the kind of secret and show at most its first 4 characters.',
    security: true,
    recommended: 'error',
    strict: 'error',
    schema: { type: 'object', properties: {}, additionalProperties: false },
    defaults: {},
    messages: {
      env: '{{secret}} is hardcoded in ENV {{name}}: it is stored in the image config for anyone who pulls it; use a build secret (RUN --mount=type=secret) or set it at run time.',
      arg: '{{secret}} is the default of ARG {{name}}: build args are recorded in the image history; use a build secret (RUN --mount=type=secret) instead.',
      variable: '{{secret}} is hardcoded in "{{name}}"; reference a secret (the CI secret store or a masked variable) instead.',
      script: '{{secret}} is hardcoded in this command; read it from a secret (RUN --mount=type=secret, a CI secret variable) instead.',
      label: '{{secret}} is hardcoded in label "{{name}}", which is public image metadata; remove it.',
      file: 'This copies {{kind}} "{{path}}" into the final image, where anyone who pulls it can read it; mount it as a build secret (RUN --mount=type=secret) instead.',
    },
  },
  create(context) {
    const reportMatch = (messageId: string, match: SecretMatch, range: ReturnType<typeof rangeWithin>, name = '') =>
      context.report({ messageId, data: { secret: describeSecret(match), name }, range });

    const judgeEnv = (node: EnvNode) => {
      if (node.value === null || !node.valueRange) return;
      const match = judgeAssignment(node.name, node.value);
      if (!match) return;
      const range = rangeWithin(node.valueRange, context.sourceText(node.valueRange), match.value);
      const messageId = node.source === 'ENV' || node.source === 'Env' ? 'env' : node.source === 'ARG' ? 'arg' : 'variable';
      reportMatch(messageId, match, range, node.name);
    };

    const scanScript = (script: ScriptNode) => {
      if (script.exec) {
        for (const word of script.exec) {
          for (const match of findSecretsInText(word.value)) reportMatch('script', match, rangeWithin(word.range, context.sourceText(word.range), match.value));
        }
        return;
      }
      for (const match of findSecretsInText(script.text)) reportMatch('script', match, scriptRange(script, match.start, match.end));
    };

    return {
      env: judgeEnv,
      script: scanScript,
      label(label) {
        const match = judgeAssignment(label.key, label.value);
        if (match) reportMatch('label', match, rangeWithin(label.valueRange, context.sourceText(label.valueRange), match.value), label.key);
      },
      copy(copy) {
        // ADD https://user:password@host/file: the URL itself carries the secret.
        for (const source of copy.sources) {
          for (const match of findSecretsInText(source.value)) {
            reportMatch('script', match, rangeWithin(source.range, context.sourceText(source.range), match.value));
          }
        }
      },
      dockerfile(df) {
        // Credential files matter where they end up: the final stage and what it inherits.
        const final = finalStage(df);
        if (!final) return;
        for (const stage of stageChain(df, final.index)) {
          for (const copy of stage.copies) {
            for (const source of copy.sources) {
              const kind = credentialFileKind(source.value);
              if (kind) context.report({ messageId: 'file', data: { kind, path: source.value }, range: source.range });
            }
          }
        }
      },
    };
  },
});
