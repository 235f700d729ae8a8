// Label keys are an interface other tools read: reverse-DNS, lowercase, and inside
// the OCI namespace only the keys the image spec defines.

import { defineRule } from '../../src/engine/rule.js';
import { OCI_IMAGE_KEYS, OCI_IMAGE_PREFIX, closestOciKey, isOciImageKey } from '../../src/analysis/labels.js';
import { containsReference } from '../../src/analysis/variables.js';

const OCI_SUFFIXES = OCI_IMAGE_KEYS.map((key) => key.slice(OCI_IMAGE_PREFIX.length)).join(', ');

export default defineRule({
  meta: {
    id: 'valid-label-keys',
    kinds: ['dockerfile', 'github-workflow', 'gitlab-ci', 'compose', 'image'],
    description: 'Require lowercase reverse-DNS label keys and known keys in the `org.opencontainers.image.` namespace.',
    rationale:
      'Registries, scanners and deploy tools read labels by exact key. Docker recommends lowercase keys of letters, ' +
      'digits, "." and "-" in a reverse-DNS namespace; a misspelt OCI key such as "org.opencontainers.image.sorce" ' +
      'is silently ignored by everything that looks for the real one.',
    security: false,
    recommended: 'error',
    strict: 'error',
    schema: { type: 'object', properties: {}, additionalProperties: false },
    defaults: {},
    messages: {
      invalidCharacter:
        'Label key "{{key}}" contains "{{char}}"; label keys use only lowercase letters, digits, "." and "-" in reverse-DNS style ("com.example.my-key").',
      edgeSeparator: 'Label key "{{key}}" starts or ends with "." or "-"; begin and end it with a letter or digit.',
      consecutiveSeparators: 'Label key "{{key}}" has consecutive separators "{{run}}"; put a single "." or "-" between words.',
      uppercase: 'Label key "{{key}}" has uppercase letters; label keys are lowercase ("{{suggestion}}").',
      ociTypo: 'Label key "{{key}}" is not an OCI annotation key; did you mean "{{suggestion}}"?',
      unknownOciKey:
        'Label key "{{key}}" is not an OCI annotation key (the spec defines {{keys}}); use one of them or a namespace of your own.',
    },
  },
  create(context) {
    return {
      label(node) {
        const key = node.key;
        // `LABEL ${PREFIX}.version=…`: the real key is only known at build time.
        if (key === '' || containsReference(key)) return;
        const report = (messageId: string, data: Record<string, string> = {}) =>
          context.report({ messageId, data: { key, ...data }, range: node.keyRange });

        const bad = /[^A-Za-z0-9.-]/.exec(key);
        if (bad) return report('invalidCharacter', { char: bad[0] });
        if (/^[.-]|[.-]$/.test(key)) return report('edgeSeparator');
        const run = /[.-]{2,}/.exec(key);
        if (run) return report('consecutiveSeparators', { run: run[0] });
        const lower = key.toLowerCase();
        if (lower !== key) return report('uppercase', { suggestion: closestOciKey(lower) ?? lower });
        if (isOciImageKey(key)) return;
        const guess = closestOciKey(key);
        if (guess !== null) return report('ociTypo', { suggestion: guess });
        if (key.startsWith(OCI_IMAGE_PREFIX)) report('unknownOciKey', { keys: OCI_SUFFIXES });
      },
    };
  },
});
