// Large images pull slowly, cost storage and bandwidth, and usually carry build
// tools and files the application never uses: more to scan, more to patch.

import { defineRule } from '../../src/engine/rule.js';

/** Bytes as a person reads them: 1.5 MiB, 230 KiB. */
export function humanBytes(bytes: number): string {
  const units = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${bytes} bytes` : `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

export default defineRule<{ maxBytes?: number }>({
  meta: {
    id: 'max-image-size',
    kinds: ['image'],
    description: 'Limit the image size to `maxBytes`.',
    rationale:
      'Every byte of an image is pulled by every node that runs it, stored in every registry that mirrors it and ' +
      'scanned by every scanner. Oversized images usually ship compilers, package caches and test data. ' +
      'The size is `docker image inspect` `Size`, or the sum of the layer sizes in the manifest (compressed, as pushed).',
    security: false,
    recommended: 'off',
    strict: 'off',
    schema: {
      type: 'object',
      properties: {
        maxBytes: { type: 'integer', minimum: 0, description: 'Largest allowed image size in bytes (required).' },
      },
      required: ['maxBytes'],
      additionalProperties: false,
    },
    defaults: {},
    messages: {
      tooLarge: 'The image is {{size}} ({{bytes}} bytes), over the limit of {{limit}} ({{maxBytes}} bytes); slim it: a multi-stage build, a smaller base, fewer files.',
      noLimit: 'max-image-size is on without `maxBytes`; set it, e.g. `max-image-size: [error, { maxBytes: 200000000 }]`.',
    },
  },
  create(context, options) {
    let toldNoLimit = false;
    return {
      imageConfig(image) {
        const limit = options.maxBytes;
        if (limit === undefined) {
          if (!toldNoLimit) context.report({ messageId: 'noLimit', range: image.range });
          toldNoLimit = true;
          return;
        }
        // A size the source does not tell (a bare config JSON) cannot be judged.
        if (image.size === null || image.size <= limit) return;
        const data = { size: humanBytes(image.size), bytes: image.size, limit: humanBytes(limit), maxBytes: limit };
        context.report({ messageId: 'tooLarge', data, range: image.range });
      },
    };
  },
});
