// An image without its source, version and revision cannot be traced back to the
// code and commit it was built from: no audit, no targeted rebuild, no provenance.

import { defineRule } from '../../src/engine/rule.js';
import { finalStage, inheritedLabels } from '../../src/analysis/stages.js';
import { compileRequirement, FORMAT_EXAMPLES, LABEL_FORMATS, type LabelRequirement } from '../../src/analysis/label-formats.js';
import type { LabelNode, Range } from '../../src/models/nodes.js';

export default defineRule<{ labels: Record<string, LabelRequirement> }>({
  meta: {
    id: 'require-labels',
    kinds: ['dockerfile', 'image'],
    description: 'Require label keys in the final image, with values in the expected format.',
    rationale:
      'OCI labels such as `org.opencontainers.image.source`, `.version` and `.revision` tie an image to the ' +
      'repository, release and commit it was built from. Registries, scanners and incident response rely on them.',
    security: false,
    recommended: 'warning',
    strict: 'error',
    schema: {
      type: 'object',
      properties: {
        labels: {
          type: 'object',
          description: 'Required label keys, each with an optional value `format` and/or `pattern` (a regular expression).',
          additionalProperties: {
            type: 'object',
            properties: {
              format: { enum: [...LABEL_FORMATS], description: 'Format the value must have.' },
              pattern: { type: 'string', description: 'Regular expression the value must match (unanchored).' },
            },
            additionalProperties: false,
          },
        },
      },
      additionalProperties: false,
    },
    defaults: {
      labels: {
        'org.opencontainers.image.source': { format: 'url' },
        'org.opencontainers.image.version': { format: 'semver' },
        'org.opencontainers.image.revision': { format: 'sha' },
      },
    },
    messages: {
      missing: 'The final image has no "{{key}}" label; add `LABEL {{key}}=…` or pass it from the build (`--label`).',
      imageMissing: 'The image has no "{{key}}" label; rebuild it with `LABEL {{key}}=…` or `--label {{key}}=…`.',
      badFormat: 'Label "{{key}}" is "{{value}}", not {{expected}}.',
      badPattern: 'Label "{{key}}" is "{{value}}", which does not match the required pattern /{{pattern}}/.',
    },
  },
  create(context, options) {
    const required = Object.entries(options.labels).map(([key, requirement]) => ({ key, check: compileRequirement(key, requirement) }));
    const judgeValue = (key: string, label: { value: string; valueRange: Range; unresolved: boolean }, check: (typeof required)[number]['check']) => {
      const problem = label.unresolved ? null : check(label.value);
      if (problem?.kind === 'format') {
        const data = { key, value: label.value, expected: FORMAT_EXAMPLES[problem.format] };
        context.report({ messageId: 'badFormat', data, range: label.valueRange });
      } else if (problem?.kind === 'pattern') {
        context.report({ messageId: 'badPattern', data: { key, value: label.value, pattern: problem.pattern }, range: label.valueRange });
      }
    };
    // Image configs: their `label` nodes come before the `imageConfig` node of the same image.
    const imageLabels = new Map<string, LabelNode>();
    return {
      label(label) {
        if (context.file.kind === 'image') imageLabels.set(label.key, label);
      },
      imageConfig(image) {
        for (const { key, check } of required) {
          const label = imageLabels.get(key);
          if (label) judgeValue(key, label, check);
          else context.report({ messageId: 'imageMissing', data: { key }, range: image.range });
        }
        imageLabels.clear();
      },
      dockerfile(df) {
        const final = finalStage(df);
        if (!final) return;
        const labels = inheritedLabels(df, final.index);
        const fromBuilds = new Set(context.builds.flatMap((build) => Object.keys(build.labels)));
        for (const { key, check } of required) {
          // `--label` overrides LABEL, so a key a build passes takes that build's value, not judged here.
          if (fromBuilds.has(key)) continue;
          const label = labels.get(key);
          if (!label) {
            context.report({ messageId: 'missing', data: { key }, range: final.fromRange });
            continue;
          }
          judgeValue(key, label, check);
        }
      },
    };
  },
});
