// Validates a policy object with the precompiled ajv validator (generated/, built by
// scripts/build.mjs) and turns ajv's errors into one clear line per problem:
//   .pushgaterc.yaml: rules.no-latest-tags: unknown rule "no-latest-tags"; did you mean "no-latest-tag"?
// Never throws anything but a ConfigError.

// Named imports only: the CLI bundle requires this module from a CommonJS bundle of its own (scripts/build.mjs, VENDOR).
import { validate as generatedValidate, ruleIds as generatedRuleIds } from '../../generated/policy-validator.js';
import type { PolicyValidateFunction, PolicyValidationError } from '../../generated/policy-validator.js';
import { rules as registryRules } from '../engine/registry.js';
import { didYouMean } from './did-you-mean.js';
import { ConfigError, type ConfigProblem } from './errors.js';
import { SEVERITY_WORDS } from './policy-schema.js';

/** An ajv error object as the validator reports it (ajv `verbose: true`); declared once, by the build. */
export type ValidationError = PolicyValidationError;
export type PolicyValidator = PolicyValidateFunction;

export interface ValidateOptions {
  /** Validator to use (tests compile their own); defaults to the generated one. */
  validate?: PolicyValidator;
}

/** Lists the problems of `data` as a policy read from `file` (display path); empty when valid. */
export function policyProblems(data: unknown, file: string, options: ValidateOptions = {}): ConfigProblem[] {
  const validate = options.validate ?? defaultValidator();
  let errors: ValidationError[];
  try {
    if (validate(data)) return [];
    errors = validate.errors ?? [];
  } catch (error) {
    return [{ file, path: '', detail: `cannot validate the policy: ${error instanceof Error ? error.message : String(error)}` }];
  }
  const seen = new Set<string>();
  const problems: ConfigProblem[] = [];
  for (const error of mostSpecific(errors)) {
    const problem = describe(error, data, file);
    const key = `${problem.path}\u0000${problem.detail}`;
    if (seen.has(key)) continue;
    seen.add(key);
    problems.push(problem);
  }
  if (problems.length === 0) problems.push({ file, path: '', detail: 'invalid policy' });
  return problems;
}

/** Throws a ConfigError listing every problem of `data`, or returns when it is a valid policy. */
export function validatePolicy(data: unknown, file: string, options: ValidateOptions = {}): void {
  const problems = policyProblems(data, file, options);
  if (problems.length > 0) throw new ConfigError(problems);
}

// ---- the generated validator -------------------------------------------------------

let checked = false;

function defaultValidator(): PolicyValidator {
  if (!checked) {
    // In a bundle both come from the same build; in a checkout the generated file can
    // lag behind the rules (a rule added since the last build).
    const expected = registryRules.map((rule) => rule.meta.id);
    const missing = expected.filter((id) => !generatedRuleIds.includes(id));
    const extra = generatedRuleIds.filter((id) => !expected.includes(id));
    if (missing.length > 0 || extra.length > 0) {
      const what = [
        missing.length > 0 ? `missing ${missing.map(quote).join(', ')}` : '',
        extra.length > 0 ? `no longer registered ${extra.map(quote).join(', ')}` : '',
      ].filter(Boolean).join('; ');
      throw new ConfigError({
        file: 'generated/policy-validator.js',
        path: '',
        detail: `out of date with the rule registry (${what}); run "npm run build"`,
      });
    }
    checked = true;
  }
  return generatedValidate as PolicyValidator;
}

// ---- choosing the most specific error ----------------------------------------------

function segments(pointer: string): string[] {
  if (pointer === '') return [];
  return pointer.slice(1).split('/').map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function within(pointer: string, ancestor: string): boolean {
  return pointer === ancestor || pointer.startsWith(`${ancestor}/`);
}

const COMPOSITE = new Set(['anyOf', 'oneOf']);

/**
 * ajv reports every failing branch of an anyOf/oneOf plus the anyOf itself. Keep the
 * branch that got furthest: one whose type matched, then the one whose errors lie
 * deepest. When every branch fails on the type alone, report one type error listing
 * all accepted types. Outer composites are resolved before inner ones.
 */
function mostSpecific(errors: readonly ValidationError[]): ValidationError[] {
  let list = [...errors];
  const composites = list
    .filter((error) => COMPOSITE.has(error.keyword))
    .sort(
      (a, b) =>
        segments(a.instancePath).length - segments(b.instancePath).length || a.schemaPath.length - b.schemaPath.length,
    );
  for (const composite of composites) {
    if (!list.includes(composite)) continue;
    const prefix = `${composite.schemaPath}/`;
    const members = list.filter(
      (error) => error !== composite && error.schemaPath.startsWith(prefix) && within(error.instancePath, composite.instancePath),
    );
    if (members.length === 0) continue; // oneOf matched twice, or branches behind a $ref: keep the composite itself
    const branches = new Map<string, ValidationError[]>();
    for (const error of members) {
      const branch = error.schemaPath.slice(prefix.length).split('/')[0] ?? '';
      const group = branches.get(branch);
      if (group) group.push(error);
      else branches.set(branch, [error]);
    }
    const typeFails = (group: ValidationError[]) =>
      group.some((error) => error.keyword === 'type' && error.instancePath === composite.instancePath);
    const depth = (group: ValidationError[]) => Math.max(...group.map((error) => segments(error.instancePath).length));
    const groups = [...branches.values()];
    let keep: ValidationError[];
    if (groups.every(typeFails)) {
      const types = new Set<string>();
      for (const group of groups) {
        for (const error of group) {
          if (error.keyword === 'type' && error.instancePath === composite.instancePath) {
            for (const type of String(error.params.type).split(',')) types.add(type);
          }
        }
      }
      keep = [{
        instancePath: composite.instancePath,
        schemaPath: composite.schemaPath,
        keyword: 'type',
        params: { type: [...types].join(',') },
        ...(composite.parentSchema !== undefined ? { parentSchema: composite.parentSchema } : {}),
        data: composite.data,
      }];
    } else {
      const ranked = groups
        .map((group, index) => ({ group, index }))
        .sort(
          (a, b) =>
            Number(typeFails(a.group)) - Number(typeFails(b.group)) ||
            depth(b.group) - depth(a.group) ||
            a.group.length - b.group.length ||
            a.index - b.index,
        );
      keep = ranked[0]!.group;
    }
    const drop = new Set<ValidationError>([composite, ...members]);
    const at = list.indexOf(composite);
    list = [
      ...list.slice(0, at).filter((error) => !drop.has(error)),
      ...keep,
      ...list.slice(at + 1).filter((error) => !drop.has(error)),
    ];
  }
  // `if` only says "then failed"; the errors of `then` say why. A type error next to
  // an enum/const error on the same value says less than they do.
  const listed = new Set(
    list.filter((error) => error.keyword === 'enum' || error.keyword === 'const').map((error) => error.instancePath),
  );
  return list.filter(
    (error) => error.keyword !== 'if' && !(error.keyword === 'type' && listed.has(error.instancePath)),
  );
}

// ---- messages ----------------------------------------------------------------------

function quote(value: string): string {
  return JSON.stringify(value);
}

/** A value as shown in a message: scalars literally (long strings cut), containers by kind. */
function show(value: unknown): string {
  if (typeof value === 'string') return quote(value.length > 60 ? `${value.slice(0, 57)}...` : value);
  if (value === undefined) return 'nothing';
  if (value === null || typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return '(a list)';
  if (typeof value === 'object') return '(an object)';
  return `(${typeof value})`;
}

const TYPE_NAMES: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  integer: 'an integer',
  boolean: 'true or false',
  array: 'a list',
  object: 'an object',
  null: 'null',
};

function typeList(types: string): string {
  const names = types.split(',').map((type) => TYPE_NAMES[type] ?? type);
  return names.length <= 1 ? (names[0] ?? 'another type') : `${names.slice(0, -1).join(', ')} or ${names.at(-1)}`;
}

function oneOfList(values: readonly unknown[]): string {
  return values.map((value) => (typeof value === 'string' ? quote(value) : show(value))).join(', ');
}

/** `expected one of …`, or a did-you-mean when the list is long and a close match exists. */
function expectedOneOf(actual: unknown, allowed: readonly unknown[]): string {
  if (allowed.length === 0) return 'expected nothing here';
  const strings = allowed.filter((value): value is string => typeof value === 'string');
  if (allowed.length > 6 && typeof actual === 'string') {
    const suggestion = didYouMean(actual, strings);
    if (suggestion !== undefined) return `did you mean ${quote(suggestion)}?`;
  }
  return `expected one of ${oneOfList(allowed)}`;
}

/** Dotted path with [i] for array items and ["…"] for keys that are not plain words. */
function displayPath(parts: readonly string[], root: unknown): string {
  let out = '';
  let node: unknown = root;
  for (const part of parts) {
    if (Array.isArray(node) && /^\d+$/.test(part)) {
      out += `[${part}]`;
    } else if (/^[A-Za-z_$][\w$-]*$/.test(part)) {
      out += out === '' ? part : `.${part}`;
    } else {
      out += `[${quote(part)}]`;
    }
    node = node !== null && typeof node === 'object' && Object.hasOwn(node, part)
      ? (node as Record<string, unknown>)[part]
      : undefined;
  }
  return out;
}

function valueAt(parts: readonly string[], root: unknown): unknown {
  let node: unknown = root;
  for (const part of parts) {
    if (node === null || typeof node !== 'object' || !Object.hasOwn(node, part)) return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return node;
}

/** `rules` or `overrides[i].rules`: the object whose keys are rule ids. */
function isRulesObject(parts: readonly string[]): boolean {
  return (parts.length === 1 && parts[0] === 'rules') ||
    (parts.length === 3 && parts[0] === 'overrides' && parts[2] === 'rules');
}

/** `rules.<id>` or `overrides[i].rules.<id>`: one rule's setting. */
function isRuleEntry(parts: readonly string[]): boolean {
  return parts.length > 0 && isRulesObject(parts.slice(0, -1));
}

function isExtends(parts: readonly string[]): boolean {
  return parts[0] === 'extends' && parts.length <= 2;
}

const SEVERITY_LIST = oneOfList(SEVERITY_WORDS);
const RULE_SETTING = `a severity (${SEVERITY_LIST}) or [severity, options]`;

function describe(error: ValidationError, data: unknown, file: string): ConfigProblem {
  const parts = segments(error.instancePath);
  const path = displayPath(parts, data);
  const value = error.data !== undefined ? error.data : valueAt(parts, data);
  const parent = error.parentSchema ?? {};
  const problem = (detail: string, at: string = path): ConfigProblem => ({ file, path: at, detail });
  const params = error.params;

  switch (error.keyword) {
    case 'additionalProperties': {
      const key = String(params.additionalProperty);
      const properties = parent.properties !== null && typeof parent.properties === 'object'
        ? Object.keys(parent.properties)
        : [];
      if (isRulesObject(parts)) {
        const suggestion = didYouMean(key, properties);
        return problem(
          `unknown rule ${quote(key)}; ` +
            (suggestion !== undefined ? `did you mean ${quote(suggestion)}?` : 'expected a rule id listed by "pushgate rules"'),
          displayPath([...parts, key], data),
        );
      }
      if (properties.length === 0) return problem(`unexpected property ${quote(key)}; expected no properties`);
      return problem(`unexpected property ${quote(key)}; ${expectedOneOf(key, properties)}`);
    }
    case 'required':
      return problem(`missing required property ${quote(String(params.missingProperty))}`);
    case 'type': {
      if (isRuleEntry(parts)) return problem(`invalid value ${show(value)}; expected ${RULE_SETTING}`);
      if (isExtends(parts) && parts.length === 1) {
        return problem(`invalid value ${show(value)}; expected a preset name or a relative path, or a list of them`);
      }
      return problem(`invalid value ${show(value)}; expected ${typeList(String(params.type))}`);
    }
    case 'enum': {
      const allowed = Array.isArray(params.allowedValues) ? params.allowedValues : [];
      const severity = isRuleEntry(parts) || (parts.at(-1) === '0' && isRuleEntry(parts.slice(0, -1)));
      if (severity && allowed.length === SEVERITY_WORDS.length) {
        return problem(`invalid severity ${show(value)}; expected one of ${SEVERITY_LIST}`);
      }
      return problem(`invalid value ${show(value)}; ${expectedOneOf(value, allowed)}`);
    }
    case 'const':
      return problem(`invalid value ${show(value)}; expected ${show(params.allowedValue)}`);
    case 'minItems':
      if (isRuleEntry(parts)) return problem(`empty list; expected [severity] or [severity, options]`);
      return problem(`too few items (${Array.isArray(value) ? value.length : 0}); expected at least ${String(params.limit)}`);
    case 'maxItems':
      return problem(`too many items (${Array.isArray(value) ? value.length : 0}); expected at most ${String(params.limit)}`);
    case 'additionalItems':
      if (isRuleEntry(parts)) return problem(`too many items; expected [severity] or [severity, options]`);
      return problem(`too many items; expected at most ${String(params.limit)}`);
    case 'minLength':
      if (params.limit === 1) return problem('empty string; expected a non-empty string');
      return problem(`invalid value ${show(value)}; expected at least ${String(params.limit)} characters`);
    case 'maxLength':
      return problem(`invalid value ${show(value)}; expected at most ${String(params.limit)} characters`);
    case 'pattern':
      return problem(`invalid value ${show(value)}; expected a string matching /${String(params.pattern)}/`);
    case 'format':
      return problem(`invalid value ${show(value)}; expected ${String(params.format)} format`);
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return problem(`invalid value ${show(value)}; expected a number ${String(params.comparison)} ${String(params.limit)}`);
    case 'multipleOf':
      return problem(`invalid value ${show(value)}; expected a multiple of ${String(params.multipleOf)}`);
    case 'uniqueItems':
    {
      const [first, second] = [Number(params.i), Number(params.j)].sort((a, b) => a - b);
      return problem(`items [${first}] and [${second}] are the same; expected unique items`);
    }
    case 'minProperties':
      return problem(`too few properties; expected at least ${String(params.limit)}`);
    case 'maxProperties':
      return problem(`too many properties; expected at most ${String(params.limit)}`);
    case 'propertyNames':
      return problem(`invalid property name ${show(params.propertyName)}`);
    case 'dependencies':
    case 'dependentRequired':
      return problem(
        `property ${quote(String(params.property))} needs property ${quote(String(params.missingProperty))}`,
      );
    case 'not':
      return problem(`invalid value ${show(value)}; this value is not allowed here`);
    case 'false schema':
      return problem(`unexpected value ${show(value)}; nothing is allowed here`);
    case 'oneOf':
      if (params.passingSchemas !== null && params.passingSchemas !== undefined) {
        return problem(`ambiguous value ${show(value)}; it matches more than one allowed form`);
      }
      return problem(`invalid value ${show(value)}; expected one of the allowed forms`);
    case 'anyOf':
      if (isRuleEntry(parts)) return problem(`invalid value ${show(value)}; expected ${RULE_SETTING}`);
      return problem(`invalid value ${show(value)}; expected one of the allowed forms`);
    default:
      return problem(error.message ?? `invalid value ${show(value)}`);
  }
}
