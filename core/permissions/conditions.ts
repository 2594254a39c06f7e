/**
 * Condition operators (AWS "IAM JSON policy elements: Condition operators"): String, Numeric, Date, Bool,
 * Binary, IP address, ARN, `…IfExists`, `Null`, and the set operators `ForAnyValue:` / `ForAllValues:`.
 * Every result is three-valued: a key whose value is unknown, or a deploy-time value, makes it undefined.
 */
import type { ContextString, PolicyCondition, PolicyValue, RequestContext, Tri } from './types';
import { arnMatches, globMatch, plainText } from './wildcard';
import { joinPieces, substitute } from './variables';

/** Collects what a result depends on (context keys, deploy-time values). */
export type Unknowns = Set<string>;

type Family = 'string' | 'numeric' | 'date' | 'bool' | 'binary' | 'ip' | 'arn' | 'null';

interface BaseOperator {
  family: Family;
  negated: boolean;
  compare: (context: string, policy: string) => boolean;
  /** Policy variables are substituted in values (String and ARN operators). */
  variables: boolean;
}

const exact = (a: string, b: string) => a === plainText(b);
const OPERATORS: Record<string, BaseOperator> = {
  stringequals: { family: 'string', negated: false, compare: exact, variables: true },
  stringnotequals: { family: 'string', negated: true, compare: exact, variables: true },
  stringequalsignorecase: { family: 'string', negated: false, compare: (a, b) => a.toLowerCase() === plainText(b).toLowerCase(), variables: true },
  stringnotequalsignorecase: { family: 'string', negated: true, compare: (a, b) => a.toLowerCase() === plainText(b).toLowerCase(), variables: true },
  stringlike: { family: 'string', negated: false, compare: (a, b) => globMatch(b, a), variables: true },
  stringnotlike: { family: 'string', negated: true, compare: (a, b) => globMatch(b, a), variables: true },
  numericequals: { family: 'numeric', negated: false, compare: numeric((a, b) => a === b), variables: false },
  numericnotequals: { family: 'numeric', negated: true, compare: numeric((a, b) => a === b), variables: false },
  numericlessthan: { family: 'numeric', negated: false, compare: numeric((a, b) => a < b), variables: false },
  numericlessthanequals: { family: 'numeric', negated: false, compare: numeric((a, b) => a <= b), variables: false },
  numericgreaterthan: { family: 'numeric', negated: false, compare: numeric((a, b) => a > b), variables: false },
  numericgreaterthanequals: { family: 'numeric', negated: false, compare: numeric((a, b) => a >= b), variables: false },
  dateequals: { family: 'date', negated: false, compare: date((a, b) => a === b), variables: false },
  datenotequals: { family: 'date', negated: true, compare: date((a, b) => a === b), variables: false },
  datelessthan: { family: 'date', negated: false, compare: date((a, b) => a < b), variables: false },
  datelessthanequals: { family: 'date', negated: false, compare: date((a, b) => a <= b), variables: false },
  dategreaterthan: { family: 'date', negated: false, compare: date((a, b) => a > b), variables: false },
  dategreaterthanequals: { family: 'date', negated: false, compare: date((a, b) => a >= b), variables: false },
  bool: { family: 'bool', negated: false, compare: (a, b) => a.toLowerCase() === b.toLowerCase(), variables: true },
  binaryequals: { family: 'binary', negated: false, compare: (a, b) => a === b, variables: false },
  ipaddress: { family: 'ip', negated: false, compare: (a, b) => ipInCidr(a, b), variables: false },
  notipaddress: { family: 'ip', negated: true, compare: (a, b) => ipInCidr(a, b), variables: false },
  arnequals: { family: 'arn', negated: false, compare: (a, b) => arnMatches(b, a), variables: true },
  arnlike: { family: 'arn', negated: false, compare: (a, b) => arnMatches(b, a), variables: true },
  arnnotequals: { family: 'arn', negated: true, compare: (a, b) => arnMatches(b, a), variables: true },
  arnnotlike: { family: 'arn', negated: true, compare: (a, b) => arnMatches(b, a), variables: true },
};

function numeric(op: (a: number, b: number) => boolean) {
  return (a: string, b: string) => {
    const x = Number(a.trim());
    const y = Number(b.trim());
    return a.trim() !== '' && b.trim() !== '' && Number.isFinite(x) && Number.isFinite(y) && op(x, y);
  };
}

/** ISO 8601 dates and times, or Unix epoch seconds. */
export function parseDate(text: string): number | undefined {
  const t = text.trim();
  if (/^-?\d+(\.\d+)?$/.test(t)) return Number(t) * 1000;
  if (!/^\d{4}-\d{2}-\d{2}/.test(t)) return undefined;
  const ms = Date.parse(t);
  return Number.isNaN(ms) ? undefined : ms;
}

function date(op: (a: number, b: number) => boolean) {
  return (a: string, b: string) => {
    const x = parseDate(a);
    const y = parseDate(b);
    return x !== undefined && y !== undefined && op(x, y);
  };
}

function ipv4(text: string): bigint | undefined {
  const parts = text.split('.');
  if (parts.length !== 4 || parts.some((p) => !/^\d{1,3}$/.test(p) || Number(p) > 255)) return undefined;
  return parts.reduce((acc, p) => (acc << 8n) | BigInt(Number(p)), 0n);
}

function ipv6(text: string): bigint | undefined {
  let t = text.toLowerCase();
  let tail: bigint[] = [];
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(t);
  if (v4) {
    const n = ipv4(v4[1]);
    if (n === undefined) return undefined;
    tail = [(n >> 16n) & 0xffffn, n & 0xffffn];
    t = t.slice(0, -v4[1].length) + (t.endsWith('::' + v4[1]) ? '' : '0');
    if (!t.endsWith(':') && !t.endsWith('::')) t = t.slice(0, -1);
    if (t.endsWith(':') && !t.endsWith('::')) t = t.slice(0, -1);
  }
  const halves = t.split('::');
  if (halves.length > 2) return undefined;
  const parse = (s: string) => (s === '' ? [] : s.split(':').map((g) => (/^[0-9a-f]{1,4}$/.test(g) ? BigInt(parseInt(g, 16)) : -1n)));
  const head = parse(halves[0]);
  const rest = halves.length === 2 ? parse(halves[1]) : [];
  const groups = halves.length === 2 ? [...head, ...Array(8 - head.length - rest.length - tail.length).fill(0n), ...rest, ...tail] : [...head, ...tail];
  if (groups.length !== 8 || groups.some((g) => g < 0n)) return undefined;
  return groups.reduce((acc, g) => (acc << 16n) | g, 0n);
}

/** `IpAddress`: is `ip` inside the CIDR block (or equal to the address) `cidr`? */
export function ipInCidr(ip: string, cidr: string): boolean {
  const [base, bitsText] = cidr.trim().split('/');
  const v4 = base.includes(':') ? undefined : ipv4(base);
  const width = v4 !== undefined ? 32 : 128;
  const net = v4 ?? ipv6(base);
  const addr = v4 !== undefined ? ipv4(ip.trim()) : ipv6(ip.trim());
  if (net === undefined || addr === undefined) return false;
  const bits = bitsText === undefined ? width : Number(bitsText);
  if (!Number.isInteger(bits) || bits < 0 || bits > width) return false;
  const shift = BigInt(width - bits);
  return net >> shift === addr >> shift;
}

export interface ParsedOperator {
  set?: 'any' | 'all';
  base: BaseOperator | undefined;
  baseName: string;
  ifExists: boolean;
}

export function parseOperator(operator: string): ParsedOperator {
  let name = operator.trim();
  let set: ParsedOperator['set'];
  const lower = name.toLowerCase();
  if (lower.startsWith('foranyvalue:')) {
    set = 'any';
    name = name.slice('foranyvalue:'.length);
  } else if (lower.startsWith('forallvalues:')) {
    set = 'all';
    name = name.slice('forallvalues:'.length);
  }
  let ifExists = false;
  if (name.toLowerCase().endsWith('ifexists')) {
    ifExists = true;
    name = name.slice(0, -'ifexists'.length);
  }
  const key = name.toLowerCase();
  if (key === 'null') return { set, base: { family: 'null', negated: false, compare: () => false, variables: false }, baseName: 'Null', ifExists };
  return { set, base: OPERATORS[key], baseName: name, ifExists };
}

export function isKnownOperator(operator: string): boolean {
  const parsed = parseOperator(operator);
  return parsed.base !== undefined && !(parsed.base.family === 'null' && (parsed.ifExists || parsed.set !== undefined));
}

const and3 = (a: Tri, b: Tri): Tri => (a === false || b === false ? false : a === true && b === true ? true : undefined);
const or3 = (a: Tri, b: Tri): Tri => (a === true || b === true ? true : a === false && b === false ? false : undefined);
export const not3 = (a: Tri): Tri => (a === undefined ? undefined : !a);
export { and3, or3 };

/** Does one policy value match one context value (the positive form of the operator)? */
function valueMatches(
  base: BaseOperator,
  contextValue: ContextString,
  policyValue: PolicyValue,
  context: RequestContext,
  unknowns: Unknowns,
  key: string,
): Tri {
  let policyText = policyValue.text;
  if (policyValue.symbolic) {
    // A deploy-time value: equal only to the same resource's id; otherwise unknown.
    if (policyValue.target !== undefined && contextValue.ref === policyValue.target && base.family !== 'numeric' && base.family !== 'date') return true;
    unknowns.add(deployTimeName(policyValue));
    return undefined;
  }
  if (contextValue.ref !== undefined) {
    unknowns.add(key);
    return undefined;
  }
  if (base.variables && policyText.includes('${')) {
    const substituted = substitute(policyText, context);
    if (substituted.kind === 'unknown') {
      unknowns.add(substituted.key);
      return undefined;
    }
    // An unresolvable variable: this value does not match (AWS docs, "Policy variables with no value").
    if (substituted.kind === 'absent') return base.negated ? markUnknown(unknowns, substituted.key) : false;
    policyText = joinPieces(substituted.pieces);
  } else if (base.family === 'string' && base.compare !== OPERATORS.stringlike.compare && base.compare !== OPERATORS.stringnotlike.compare) {
    policyText = policyText.replace(/\*/g, '\u0001').replace(/\?/g, '\u0002');
  }
  return base.compare(contextValue.text, policyText);
}

function markUnknown(unknowns: Unknowns, key: string): undefined {
  unknowns.add(`${key} (absent, used as a variable without a default in a negated condition)`);
  return undefined;
}

export function deployTimeName(value: PolicyValue): string {
  if (value.parameters && value.parameters.length > 0) return `deploy-time value ${value.text} (parameters ${value.parameters.join(', ')})`;
  return `deploy-time value ${value.text}`;
}

/** One context value against all policy values of a condition: OR for positive operators, NOR for negated ones. */
function singleValue(base: BaseOperator, contextValue: ContextString, values: PolicyValue[], context: RequestContext, unknowns: Unknowns, key: string): Tri {
  let any: Tri = false;
  for (const value of values) {
    any = or3(any, valueMatches(base, contextValue, value, context, unknowns, key));
    if (any === true) break;
  }
  return base.negated ? not3(any) : any;
}

/** Evaluates one `operator: { key: values }` pair. */
export function evaluateCondition(condition: PolicyCondition, context: RequestContext, unknowns: Unknowns): Tri {
  const parsed = parseOperator(condition.operator);
  const base = parsed.base;
  if (!base) {
    unknowns.add(`condition operator ${condition.operator}`);
    return undefined;
  }
  const entry = context.get(condition.key);
  if (base.family === 'null') {
    // `Null: true` holds when the key is absent; `false` when it is present.
    if (entry.state === 'unknown') {
      unknowns.add(condition.key);
      return undefined;
    }
    const isNull = entry.state === 'absent' || entry.values.length === 0;
    return condition.values.some((v) => v.text.trim().toLowerCase() === String(isNull));
  }
  if (entry.state === 'unknown') {
    unknowns.add(condition.key);
    return undefined;
  }
  if (entry.state === 'absent') {
    if (parsed.ifExists) return true;
    if (parsed.set === 'all') return true;
    if (parsed.set === 'any') return false;
    return base.negated;
  }
  const values = entry.values;
  if (parsed.set === undefined) {
    if (values.length !== 1) {
      // A single-valued operator on a multi-valued key: AWS advises against it; do not guess.
      unknowns.add(`${condition.key} (multi-valued, compared with ${condition.operator} without ForAnyValue:/ForAllValues:)`);
      return undefined;
    }
    return singleValue(base, values[0], condition.values, context, unknowns, condition.key);
  }
  let result: Tri = parsed.set === 'all';
  for (const value of values) {
    const one = singleValue(base, value, condition.values, context, unknowns, condition.key);
    result = parsed.set === 'all' ? and3(result, one) : or3(result, one);
    if (result === (parsed.set === 'any')) break;
  }
  return result;
}

/** All conditions of a statement (AND). */
export function evaluateConditions(conditions: PolicyCondition[], context: RequestContext, unknowns: Unknowns): Tri {
  let result: Tri = true;
  for (const condition of conditions) {
    result = and3(result, evaluateCondition(condition, context, unknowns));
    if (result === false) return false;
  }
  return result;
}
