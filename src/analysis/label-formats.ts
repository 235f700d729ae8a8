// Value formats for label values (OCI annotation conventions). Each check is a
// small, linear-time test; none of them throws on any input.

export const LABEL_FORMATS = ['url', 'semver', 'rfc3339', 'sha', 'spdx', 'email', 'text'] as const;
export type LabelFormat = (typeof LABEL_FORMATS)[number];

/** Human wording for messages: what a value of the format looks like. */
export const FORMAT_EXAMPLES: Record<LabelFormat, string> = {
  url: 'an http(s) URL such as https://github.com/acme/app',
  semver: 'a semantic version such as 1.4.2 or v1.4.2-rc.1',
  rfc3339: 'an RFC 3339 date-time such as 2024-05-01T12:00:00Z',
  sha: 'a commit SHA of 7 to 64 hex digits',
  spdx: 'an SPDX license expression such as MIT or (Apache-2.0 OR MIT)',
  email: 'an e-mail address such as team@example.com',
  text: 'a non-empty text',
};

const CHECKS: Record<LabelFormat, (value: string) => boolean> = {
  url: isHttpUrl,
  semver: (value) => SEMVER.test(value),
  rfc3339: isRfc3339DateTime,
  sha: (value) => /^[0-9a-fA-F]{7,64}$/.test(value),
  spdx: isSpdxExpression,
  email: isEmail,
  text: (value) => value.trim() !== '',
};

export function matchesFormat(format: LabelFormat, value: string): boolean {
  return CHECKS[format](value);
}

/** An absolute http or https URL with a host, as WHATWG `URL` parses it, without surrounding spaces. */
function isHttpUrl(value: string): boolean {
  if (value !== value.trim() || !/^https?:\/\//i.test(value)) return false;
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
  }
}

/** semver.org 2.0.0, with an optional leading `v` (the common git tag spelling). */
const SEMVER =
  /^v?(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*)?(?:\+[0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*)?$/;

/** RFC 3339 §5.6 `date-time` (`T` or `t` separator, `Z` or a numeric offset), with calendar checks. */
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(?:[Zz]|[+-](\d{2}):(\d{2}))$/;

function isRfc3339DateTime(value: string): boolean {
  const match = DATE_TIME.exec(value);
  if (!match) return false;
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  const offsetHour = match[7] === undefined ? 0 : Number(match[7]);
  const offsetMinute = match[8] === undefined ? 0 : Number(match[8]);
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
  return (
    days !== undefined && day >= 1 && day <= days &&
    hour <= 23 && minute <= 59 && second <= 60 && offsetHour <= 23 && offsetMinute <= 59
  );
}

/** `local@domain.tld`, or `Name <local@domain.tld>` as authors/maintainers are often written. */
function isEmail(value: string): boolean {
  const address = /^[^<>]*<([^<>]+)>$/.exec(value.trim())?.[1] ?? value;
  return /^[^\s@<>()",;]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$/.test(address);
}

// ---- SPDX license expressions (SPDX spec annex D), without the license list ----------

const LICENSE_ID = /^(?:(?:DocumentRef-[A-Za-z0-9.-]+:)?LicenseRef-[A-Za-z0-9.-]+|[A-Za-z0-9][A-Za-z0-9.-]*\+?)$/;
const EXCEPTION_ID = /^[A-Za-z0-9][A-Za-z0-9.-]*$/;
const OPERATORS = new Set(['AND', 'OR', 'WITH']);
const MAX_NESTING = 64;

/**
 * `compound := and (OR and)*`, `and := term (AND term)*`,
 * `term := '(' compound ')' | license-id [WITH exception-id]`.
 * Operators are upper or lower case; identifiers are checked by shape, not against the list.
 */
function isSpdxExpression(value: string): boolean {
  const tokens = value.match(/\(|\)|[^\s()]+/g);
  if (!tokens || /[^\sA-Za-z0-9.+:()-]/.test(value)) return false;
  let position = 0;
  const peekOperator = (name: string): boolean => {
    const token = tokens[position];
    return token === name || token === name.toLowerCase();
  };
  const term = (depth: number): boolean => {
    const token = tokens[position++];
    if (token === undefined) return false;
    if (token === '(') {
      if (depth >= MAX_NESTING || !compound(depth + 1)) return false;
      return tokens[position++] === ')';
    }
    if (OPERATORS.has(token.toUpperCase()) || !LICENSE_ID.test(token)) return false;
    if (!peekOperator('WITH')) return true;
    position++;
    const exception = tokens[position++];
    return exception !== undefined && !OPERATORS.has(exception.toUpperCase()) && EXCEPTION_ID.test(exception);
  };
  const sequence = (operator: string, next: (depth: number) => boolean, depth: number): boolean => {
    if (!next(depth)) return false;
    while (peekOperator(operator)) {
      position++;
      if (!next(depth)) return false;
    }
    return true;
  };
  const and = (depth: number): boolean => sequence('AND', term, depth);
  const compound = (depth: number): boolean => sequence('OR', and, depth);
  return compound(0) && position === tokens.length;
}

// ---- Per-key requirements (the `require-labels` option) --------------------------------

export interface LabelRequirement {
  format?: LabelFormat;
  /** Regular expression source, unanchored like JSON Schema `pattern`; write `^…$` to anchor. */
  pattern?: string;
}

export type ValueProblem = { kind: 'format'; format: LabelFormat } | { kind: 'pattern'; pattern: string } | null;

/** Compiles a requirement once; an invalid pattern is a configuration error naming the key. */
export function compileRequirement(key: string, requirement: LabelRequirement): (value: string) => ValueProblem {
  let pattern: RegExp | null = null;
  try {
    if (requirement.pattern !== undefined) pattern = new RegExp(requirement.pattern, 'u');
  } catch (error) {
    throw new Error(`labels["${key}"].pattern is not a valid regular expression: ${(error as Error).message}`);
  }
  const { format } = requirement;
  return (value) => {
    if (format && !matchesFormat(format, value)) return { kind: 'format', format };
    if (pattern && !pattern.test(value)) return { kind: 'pattern', pattern: pattern.source };
    return null;
  };
}
