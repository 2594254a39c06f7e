/**
 * Reads IAM policy documents (identity policies, permissions boundaries, session policies) from syntax
 * nodes, keeping each statement's file and first line. Template values go through the template's
 * intrinsic resolver: what is known only at deploy time stays symbolic.
 */
import type { IntrinsicResolver, Resolved } from '../cloudformation/resolver';
import { intrinsicOf } from '../cloudformation/intrinsics';
import type { LineIndex } from '../positions';
import { getValue, keyRange, nodeRange, parseJsonText, type SyntaxNode } from '../syntax';
import type { PolicyCondition, PolicyDocument, PolicyStatement, PolicyValue } from './types';

export interface ReadOptions {
  name: string;
  file?: string;
  lines?: LineIndex;
  /** Resolves intrinsic functions (CloudFormation templates). */
  resolver?: IntrinsicResolver;
}

function valueOf(resolved: Resolved): PolicyValue {
  const value: PolicyValue = { text: resolved.text ?? '<value>' };
  if (resolved.symbolic || resolved.text === undefined) value.symbolic = true;
  if (resolved.symbolic && resolved.target && !resolved.target.attribute) value.target = resolved.target.logicalId;
  if (resolved.symbolic && resolved.target?.attribute === 'Id') value.target = resolved.target.logicalId;
  if (resolved.parameters && resolved.parameters.length > 0) value.parameters = resolved.parameters;
  return value;
}

/** A policy element that holds one string or a list of strings. */
function readValues(node: SyntaxNode | undefined, options: ReadOptions): PolicyValue[] | undefined {
  if (!node) return undefined;
  if (options.resolver && (node.kind === 'object' || node.kind === 'array' || node.kind === 'string')) {
    const resolved = options.resolver.resolve(node);
    if (resolved.noValue) return [];
    if (resolved.list) return resolved.list.map(valueOf);
    if (node.kind === 'object' && !intrinsicOf(node)) return undefined;
    return [valueOf(resolved)];
  }
  if (node.kind === 'array') {
    const out: PolicyValue[] = [];
    for (const item of node.items) {
      if (item.kind === 'object' || item.kind === 'array' || item.kind === 'null') return undefined;
      out.push({ text: String(item.value) });
    }
    return out;
  }
  if (node.kind === 'object' || node.kind === 'null') return undefined;
  return [{ text: String(node.value) }];
}

function lineOf(node: SyntaxNode, options: ReadOptions): number | undefined {
  return options.lines ? options.lines.positionAt(node.offset).line + 1 : undefined;
}

function readStatement(node: SyntaxNode, options: ReadOptions): PolicyStatement {
  const statement: PolicyStatement = { effect: 'Allow', conditions: [], policy: options.name, file: options.file, line: lineOf(node, options) };
  const range = (n: SyntaxNode | undefined) => (n && options.lines ? nodeRange(options.lines, n) : undefined);
  statement.range = range(node);
  const problems: string[] = [];
  if (node.kind !== 'object') return { ...statement, unreadable: 'the statement is not an object', effectUnknown: true };
  const sid = getValue(node, 'Sid');
  if (sid?.kind === 'string') statement.sid = sid.value as string;
  const effect = readValues(getValue(node, 'Effect'), options);
  if (effect?.length === 1 && !effect[0].symbolic && (effect[0].text === 'Allow' || effect[0].text === 'Deny')) statement.effect = effect[0].text;
  else {
    problems.push('its Effect is not Allow or Deny');
    statement.effectUnknown = true;
  }
  const strings = (key: string): string[] | undefined => {
    const node2 = getValue(node, key);
    if (!node2) return undefined;
    const values = readValues(node2, options);
    if (!values || values.some((v) => v.symbolic)) {
      problems.push(`its ${key} is not a static list of strings`);
      return [];
    }
    return values.map((v) => v.text);
  };
  statement.actions = strings('Action');
  statement.notActions = strings('NotAction');
  statement.actionRange = range(getValue(node, 'Action') ?? getValue(node, 'NotAction'));
  statement.resourceRange = range(getValue(node, 'Resource') ?? getValue(node, 'NotResource'));
  const resources = getValue(node, 'Resource');
  const notResources = getValue(node, 'NotResource');
  if (resources) statement.resources = readValues(resources, options) ?? (problems.push('its Resource cannot be read'), []);
  if (notResources) statement.notResources = readValues(notResources, options) ?? (problems.push('its NotResource cannot be read'), []);
  if (!statement.actions === !statement.notActions) problems.push('it needs exactly one of Action and NotAction');
  if (!statement.resources === !statement.notResources) problems.push('it needs exactly one of Resource and NotResource');
  const condition = getValue(node, 'Condition');
  if (condition) {
    if (condition.kind !== 'object' || intrinsicOf(condition)) problems.push('its Condition is not an object');
    else {
      for (const operator of condition.properties) {
        const block = operator.value;
        if (!block || block.kind !== 'object' || intrinsicOf(block)) {
          problems.push(`its ${operator.key} condition is not an object`);
          continue;
        }
        for (const keyProperty of block.properties) {
          const values = readValues(keyProperty.value, options);
          if (!values) problems.push(`the values of ${keyProperty.key} cannot be read`);
          else
            statement.conditions.push({
              operator: operator.key,
              key: keyProperty.key,
              values,
              keyRange: options.lines ? keyRange(options.lines, keyProperty) : undefined,
            } satisfies PolicyCondition);
        }
      }
    }
  }
  if (problems.length > 0) statement.unreadable = problems.join('; ');
  return statement;
}

/** Reads a policy document node (`{ Version, Statement }`). */
export function readPolicyDocument(node: SyntaxNode | undefined, options: ReadOptions): PolicyDocument {
  const document: PolicyDocument = { name: options.name, file: options.file, statements: [] };
  if (!node) return { ...document, unreadable: 'it has no policy document' };
  if (node.kind === 'string') {
    // A policy document written as a JSON string (allowed by CloudFormation): no line numbers inside.
    const parsed = parseJsonText(node.value as string);
    if (parsed.errors.length > 0 || !parsed.root) return { ...document, unreadable: 'its policy document is a string that is not JSON' };
    return readPolicyDocument(parsed.root, { ...options, lines: undefined, resolver: undefined });
  }
  if (node.kind !== 'object' || intrinsicOf(node)) return { ...document, unreadable: 'its policy document is not a static object' };
  const statements = getValue(node, 'Statement');
  if (!statements) return { ...document, unreadable: 'its policy document has no Statement' };
  const list = statements.kind === 'array' ? statements.items : [statements];
  if (statements.kind === 'object' && intrinsicOf(statements)) return { ...document, unreadable: 'its Statement is not static' };
  for (const item of list) {
    if (item.kind === 'object' && intrinsicOf(item)) {
      document.statements.push({
        effect: 'Allow',
        conditions: [],
        policy: options.name,
        file: options.file,
        line: lineOf(item, options),
        unreadable: 'the statement is an intrinsic function',
        effectUnknown: true,
      });
      continue;
    }
    document.statements.push(readStatement(item, options));
  }
  return document;
}

/** Reads a policy document from JSON text. */
export function parsePolicyText(text: string, options: Omit<ReadOptions, 'lines' | 'resolver'>): PolicyDocument {
  const parsed = parseJsonText(text);
  if (parsed.errors.length > 0 || !parsed.root) return { name: options.name, file: options.file, statements: [], unreadable: 'it is not valid JSON' };
  return readPolicyDocument(parsed.root, { ...options, lines: parsed.lines });
}
