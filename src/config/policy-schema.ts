// The policy's JSON Schema, built from the rule metas. `scripts/build.mjs` writes it to
// `schemas/policy.schema.json` (published for editors) and compiles it with ajv into
// the standalone validator the loader uses. Pure: give it any list of rules.

import type { AnyRule, JsonSchema } from '../engine/rule.js';
import type { Kind } from '../models/nodes.js';
import { ALL_KINDS } from '../models/kinds.js';

export const POLICY_SCHEMA_ID = 'https://unpkg.com/pushgate/schemas/policy.schema.json';

/** Severity words a policy may use; `warn` is an alias of `warning`. */
export const SEVERITY_WORDS = ['off', 'warn', 'warning', 'error'] as const;
export type SeverityWord = (typeof SEVERITY_WORDS)[number];

export const PRESET_NAMES = ['recommended', 'strict'] as const;
export type PresetName = (typeof PRESET_NAMES)[number];

export const FAIL_ON_VALUES = ['error', 'warning', 'never'] as const;

/** Where the `rules` object is defined inside the policy schema. */
export const RULES_DEFINITION = 'rules';

// Default include globs (SPEC §1), shown in the editor descriptions only.
const DEFAULT_INCLUDE: Record<Kind, string> = {
  dockerfile:
    '**/Dockerfile, **/Dockerfile.*, **/*.Dockerfile, **/*.dockerfile, **/Containerfile, **/Containerfile.*',
  'github-workflow': '.github/workflows/*.{yml,yaml}, **/action.{yml,yaml}',
  'gitlab-ci': '.gitlab-ci.yml, **/*.gitlab-ci.yml',
  compose: '**/{docker-,}compose*.{yml,yaml}',
  shell: '**/*.sh, **/*.bash, **/Makefile',
  image: 'none: image configs are linted only when named on the command line',
};

const globList = (description: string): JsonSchema => ({
  type: 'array',
  description,
  items: { type: 'string', minLength: 1 },
});

function severitySchema(description: string): JsonSchema {
  return {
    type: 'string',
    enum: [...SEVERITY_WORDS],
    description,
  };
}

function resolvePointer(root: unknown, ref: string): unknown {
  let node = root;
  for (const raw of ref.slice(1).split('/').slice(1)) {
    const part = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
    if (node === null || typeof node !== 'object' || !Object.hasOwn(node, part)) return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return node;
}

/**
 * Copies a rule's options schema into the policy schema. Local `#/…` references are
 * inlined: ajv reports errors under a $ref relative to the referenced schema, and
 * validate.ts needs every error of a rule setting on one schema path to tell anyOf
 * branches apart. A recursive reference cannot be inlined; it is rewritten to point
 * at its new place (`pointer`) instead.
 */
function embed(root: unknown, pointer: string): { schema: unknown; kept: boolean } {
  let kept = false;
  const walk = (value: unknown, active: ReadonlySet<string>): unknown => {
    if (Array.isArray(value)) return value.map((item) => walk(item, active));
    if (value === null || typeof value !== 'object') return value;
    const record = value as Record<string, unknown>;
    const ref = record.$ref;
    if (typeof ref === 'string' && ref.startsWith('#')) {
      const target = resolvePointer(root, ref);
      const { $ref: _, ...siblings } = record;
      if (target !== undefined && !active.has(ref)) {
        const inlined = walk(target, new Set([...active, ref]));
        return { ...(inlined as Record<string, unknown>), ...(walk(siblings, active) as Record<string, unknown>) };
      }
      kept = true;
      return { ...(walk(siblings, active) as Record<string, unknown>), $ref: pointer + ref.slice(1) };
    }
    const out: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(record)) out[key] = walk(child, active);
    return out;
  };
  const schema = walk(root, new Set());
  return { schema, kept };
}

function escapePointer(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** The options schema of one rule, ready to sit at `pointer` in the policy schema. */
function optionsSchema(rule: AnyRule, pointer: string): JsonSchema {
  const source: JsonSchema = rule.meta.schema && Object.keys(rule.meta.schema).length > 0
    ? rule.meta.schema
    : { type: 'object', properties: {} };
  const embedded = embed(source, pointer);
  const schema = embedded.schema as JsonSchema;
  delete schema.$schema;
  delete schema.$id;
  if (!embedded.kept) {
    // Everything was inlined: the definitions are dead weight for editors and ajv.
    delete schema.definitions;
    delete schema.$defs;
  }
  // Unknown option keys are mistakes ("alow"): close the options object unless the
  // rule says otherwise.
  if (
    schema.properties !== undefined &&
    schema.additionalProperties === undefined &&
    schema.patternProperties === undefined
  ) {
    schema.additionalProperties = false;
  }
  if (schema.type === undefined && schema.properties !== undefined) schema.type = 'object';
  if (typeof schema.description !== 'string') schema.description = `Options of ${rule.meta.id}.`;
  return schema;
}

function ruleEntrySchema(rule: AnyRule): JsonSchema {
  const { id, description, recommended, strict } = rule.meta;
  const pointer = `#/definitions/${RULES_DEFINITION}/properties/${escapePointer(id)}/anyOf/1/items/1`;
  return {
    description: `${description} Presets: recommended ${recommended}, strict ${strict}. ` +
      'Either a severity or [severity, options].',
    // No $ref inside the branches: validate.ts picks the branch that matched best by
    // schema path, and ajv reports paths inside a $ref relative to the referenced schema.
    anyOf: [
      severitySchema('Severity; a severity alone keeps options configured by an extended policy.'),
      {
        type: 'array',
        description: '[severity, options]; the options replace those of an extended policy.',
        minItems: 1,
        items: [severitySchema('Severity.'), optionsSchema(rule, pointer)],
        additionalItems: false,
      },
    ],
  };
}

export function buildPolicySchema(rules: readonly AnyRule[]): JsonSchema {
  const ruleProperties: Record<string, JsonSchema> = {};
  for (const rule of rules) ruleProperties[rule.meta.id] = ruleEntrySchema(rule);

  const include: Record<string, JsonSchema> = {};
  for (const kind of ALL_KINDS) {
    include[kind] = globList(
      `Globs of ${kind} files to lint, relative to the directory of this file; replace the defaults (${DEFAULT_INCLUDE[kind]}). An empty list turns the kind off.`,
    );
  }

  const extendsEntry: JsonSchema = {
    type: 'string',
    minLength: 1,
    examples: [...PRESET_NAMES, './base.pushgaterc.yaml'],
  };

  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: POLICY_SCHEMA_ID,
    title: 'pushgate policy',
    description:
      'Policy for pushgate, the container-image policy linter and pre-push gate. ' +
      'A policy file without "extends" starts from the "recommended" preset; "extends: []" starts from no rules at all.',
    type: 'object',
    additionalProperties: false,
    properties: {
      $schema: {
        type: 'string',
        description: `JSON Schema of this file, for editor completion: ${POLICY_SCHEMA_ID}`,
      },
      extends: {
        description:
          'Policies this one builds on, applied in order, later ones winning: the presets "recommended" and "strict", ' +
          'or paths relative to this file ("./base.yaml"). Without "extends" a policy file starts from "recommended".',
        anyOf: [extendsEntry, { type: 'array', items: extendsEntry }],
      },
      failOn: {
        type: 'string',
        enum: [...FAIL_ON_VALUES],
        description: 'Lowest severity that fails the run (exit 1): "error" (default), "warning", or "never".',
      },
      include: {
        type: 'object',
        description: 'Per-kind globs of files to lint; each kind given replaces its defaults.',
        additionalProperties: false,
        properties: include,
      },
      ignore: globList('Globs of files never to lint, relative to the directory of this file (added to those of extended policies).'),
      rules: {
        description: 'Rule settings: a severity ("off", "warn"/"warning", "error") or [severity, options].',
        allOf: [{ $ref: `#/definitions/${RULES_DEFINITION}` }],
      },
      overrides: {
        type: 'array',
        description: 'Rule settings for some files only; later entries win over earlier ones and over "rules".',
        items: {
          type: 'object',
          description: 'Rule settings that apply to the files matching "files".',
          additionalProperties: false,
          required: ['files'],
          properties: {
            files: {
              type: 'array',
              description: 'Globs, relative to the directory of this file, of the files this override applies to.',
              minItems: 1,
              items: { type: 'string', minLength: 1 },
            },
            rules: {
              description: 'Rule settings for these files, as in the top-level "rules".',
              allOf: [{ $ref: `#/definitions/${RULES_DEFINITION}` }],
            },
          },
        },
      },
      suppressions: {
        type: 'object',
        description: 'How inline "# pushgate-ignore-…" comments are treated.',
        additionalProperties: false,
        properties: {
          requireReason: {
            type: 'boolean',
            description: 'Reject suppressions without a "-- reason" (default false).',
          },
        },
      },
      baseline: {
        type: 'string',
        minLength: 1,
        description:
          'Baseline file of accepted findings (written by "pushgate baseline"), relative to this file. Default: .pushgate-baseline.json.',
      },
    },
    definitions: {
      [RULES_DEFINITION]: {
        type: 'object',
        description: 'Rule id → severity or [severity, options].',
        additionalProperties: false,
        properties: ruleProperties,
      },
    },
  };
}

/** Rule option properties without a `description` (editors show them), for the build's warnings. */
export function undocumentedOptions(rules: readonly AnyRule[]): string[] {
  const missing: string[] = [];
  for (const rule of rules) {
    const properties = (rule.meta.schema?.properties ?? {}) as Record<string, JsonSchema>;
    for (const [name, schema] of Object.entries(properties)) {
      if (typeof schema?.description !== 'string') missing.push(`${rule.meta.id}.${name}`);
    }
  }
  return missing;
}
