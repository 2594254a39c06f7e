/** YAML to the format-neutral tree: CloudFormation short-form tags, ranges, aliases, merge keys, errors. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseDocument } from '../../core/documents';
import { findNode, getProperty, toValue, type ObjectNode, type SyntaxNode } from '../../core/syntax';
import { CFN_SHORT_TAGS, MAX_ALIAS_EXPANSION, parseYamlText, relaxFlowIndentation } from '../../core/yaml';
import { plainRange } from '../../core/positions';

function slice(text: string, node: { offset: number; length: number } | undefined): string {
  assert.ok(node, 'node exists');
  return text.slice(node.offset, node.offset + node.length);
}

describe('CloudFormation short-form tags', () => {
  it('turns a tagged scalar into the long form, spanning the tag and its value, and keeps the short tag for display', () => {
    const text = 'Role: !Ref AuthRole\n';
    const parsed = parseYamlText(text);
    assert.deepEqual(parsed.errors, []);
    assert.deepEqual(toValue(parsed.root), { Role: { Ref: 'AuthRole' } });
    const role = getProperty(parsed.root, 'Role')!;
    assert.equal(role.tag, '!Ref');
    assert.equal(slice(text, role.value), '!Ref AuthRole');
    const inner = (role.value as ObjectNode).properties[0];
    assert.equal(inner.key, 'Ref');
    assert.equal(inner.tag, '!Ref');
    assert.equal(text.slice(inner.keyOffset, inner.keyOffset + inner.keyLength), '!Ref');
    assert.equal(slice(text, inner.value), 'AuthRole');
  });

  it('reads every short-form tag, in scalar, sequence and mapping form, as its long form', () => {
    const text = [
      'a: !Ref X',
      'b: !Sub "${X}-y"',
      'c: !GetAtt X.Arn',
      'd: !Join [":", [a, b]]',
      'e: !If [Cond, 1, 2]',
      'f: !Select [0, !GetAZs ""]',
      'g: !Split [",", "a,b"]',
      'h: !FindInMap [M, K, V]',
      'i: !ImportValue Shared-Value',
      'j: !Base64 hello',
      'k: !Cidr [10.0.0.0/16, 2, 8]',
      'l: !GetAZs us-east-1',
      'm: !Condition IsProd',
      'n: !And [!Condition A, !Condition B]',
      'o: !Or [!Condition A, !Condition B]',
      'p: !Not [!Condition A]',
      'q: !Equals [!Ref Env, prod]',
      'r: !Sub',
      '  - "${A}"',
      '  - { A: !Ref B }',
      's: !Base64',
      '  Fn::Sub: "x"',
    ].join('\n');
    const parsed = parseYamlText(text);
    assert.deepEqual(parsed.errors, []);
    assert.deepEqual(toValue(parsed.root), {
      a: { Ref: 'X' },
      b: { 'Fn::Sub': '${X}-y' },
      c: { 'Fn::GetAtt': ['X', 'Arn'] },
      d: { 'Fn::Join': [':', ['a', 'b']] },
      e: { 'Fn::If': ['Cond', 1, 2] },
      f: { 'Fn::Select': [0, { 'Fn::GetAZs': '' }] },
      g: { 'Fn::Split': [',', 'a,b'] },
      h: { 'Fn::FindInMap': ['M', 'K', 'V'] },
      i: { 'Fn::ImportValue': 'Shared-Value' },
      j: { 'Fn::Base64': 'hello' },
      k: { 'Fn::Cidr': ['10.0.0.0/16', 2, 8] },
      l: { 'Fn::GetAZs': 'us-east-1' },
      m: { Condition: 'IsProd' },
      n: { 'Fn::And': [{ Condition: 'A' }, { Condition: 'B' }] },
      o: { 'Fn::Or': [{ Condition: 'A' }, { Condition: 'B' }] },
      p: { 'Fn::Not': [{ Condition: 'A' }] },
      q: { 'Fn::Equals': [{ Ref: 'Env' }, 'prod'] },
      r: { 'Fn::Sub': ['${A}', { A: { Ref: 'B' } }] },
      s: { 'Fn::Base64': { 'Fn::Sub': 'x' } },
    });
    for (const tag of [
      '!Ref',
      '!Sub',
      '!GetAtt',
      '!Join',
      '!If',
      '!Select',
      '!Split',
      '!FindInMap',
      '!ImportValue',
      '!Base64',
      '!Cidr',
      '!GetAZs',
      '!Condition',
      '!And',
      '!Or',
      '!Not',
      '!Equals',
    ]) {
      assert.ok(CFN_SHORT_TAGS.includes(tag as (typeof CFN_SHORT_TAGS)[number]), `${tag} is registered`);
    }
  });

  it('splits `!GetAtt Resource.Attribute` at the first dot only, with a range for each part', () => {
    const text = 'x: !GetAtt Stack.Outputs.RoleArn\ny: !GetAtt "Quoted.Arn"\n';
    const parsed = parseYamlText(text);
    const x = findNode(parsed.root, ['x', 'Fn::GetAtt']);
    assert.deepEqual(toValue(x), ['Stack', 'Outputs.RoleArn']);
    assert.equal(x?.kind, 'array');
    const [resource, attribute] = (x as { items: SyntaxNode[] }).items;
    assert.equal(slice(text, resource), 'Stack');
    assert.equal(slice(text, attribute), 'Outputs.RoleArn');
    const y = findNode(parsed.root, ['y', 'Fn::GetAtt']) as { items: SyntaxNode[] };
    assert.equal(slice(text, y.items[0]), 'Quoted');
    assert.equal(slice(text, y.items[1]), 'Arn');
  });

  it('a block sequence under a tag spans from the tag to the last item, not onto the next line', () => {
    const text = 'Name: !Join\n  - ""\n  - - a\n    - b\nNext: 1\n';
    const parsed = parseYamlText(text);
    assert.equal(slice(text, getProperty(parsed.root, 'Name')!.value), '!Join\n  - ""\n  - - a\n    - b');
  });

  it('a tag written on a mapping key is kept in the key range (the template checks point at it)', () => {
    const text = 'RoleMappings:\n  !Sub "${Pool}:${Client}":\n    Type: Token\n';
    const parsed = parseYamlText(text);
    const key = (findNode(parsed.root, ['RoleMappings']) as ObjectNode).properties[0];
    assert.equal(key.key, '${Pool}:${Client}');
    assert.equal(text.slice(key.keyOffset, key.keyOffset + key.keyLength), '!Sub "${Pool}:${Client}"');
  });

  it('an unknown tag gives a clear message and the value is read as if untagged', () => {
    const text = 'RoleARN: !GetAttr Admin.Arn\n';
    const parsed = parseYamlText(text);
    assert.deepEqual(toValue(parsed.root), { RoleARN: 'Admin.Arn' });
    assert.equal(parsed.errors.length, 1);
    assert.match(parsed.errors[0].message, /!GetAttr.*not a CloudFormation intrinsic function/);
    assert.equal(text.slice(parsed.errors[0].offset, parsed.errors[0].offset + parsed.errors[0].length), '!GetAttr');
  });
});

describe('plain YAML', () => {
  it('gives scalar kinds, key ranges and whole-pair ranges like the JSON tree does', () => {
    const text = 'Name: pool\nCount: 3\nGuests: true\nNothing: null\nList:\n  - a\n';
    const parsed = parseYamlText(text);
    const kinds = (parsed.root as ObjectNode).properties.map((p) => p.value?.kind);
    assert.deepEqual(kinds, ['string', 'number', 'boolean', 'null', 'array']);
    const count = getProperty(parsed.root, 'Count')!;
    assert.equal(text.slice(count.keyOffset, count.keyOffset + count.keyLength), 'Count');
    assert.equal(text.slice(count.offset, count.offset + count.length), 'Count: 3');
    assert.equal(count.value?.parent, parsed.root);
    assert.equal(count.value?.property, count);
  });

  it('keeps both occurrences of a duplicate key, so the shared duplicate-key check reports it as for JSON', () => {
    const parsed = parseYamlText('Type: Token\nType: Rules\n');
    assert.deepEqual(parsed.errors, []);
    assert.deepEqual(
      (parsed.root as ObjectNode).properties.map((p) => p.key),
      ['Type', 'Type'],
    );
    assert.deepEqual(toValue(parsed.root), { Type: 'Rules' });
  });

  it('an empty file has no tree and no error', () => {
    const parsed = parseYamlText('');
    assert.equal(parsed.root, undefined);
    assert.deepEqual(parsed.errors, []);
    assert.equal(parseYamlText('# only a comment\n').root, undefined);
  });

  it('reports syntax errors with their offsets and still returns what it could read', () => {
    const text = 'Roles:\n  authenticated: [arn:aws:iam::123456789012:role/Auth\nRoleMappings: {}\n';
    const parsed = parseYamlText(text);
    assert.ok(parsed.errors.length > 0);
    for (const error of parsed.errors) assert.ok(error.offset >= 0 && error.offset + error.length <= text.length);
    assert.equal(parsed.root?.kind, 'object');
  });

  it('reads only the first of several documents and says so at the second one', () => {
    const text = 'IdentityPoolId: us-east-1:1\n---\nOther: 2\n';
    const parsed = parseYamlText(text);
    assert.deepEqual(toValue(parsed.root), { IdentityPoolId: 'us-east-1:1' });
    assert.equal(parsed.errors.length, 1);
    assert.match(parsed.errors[0].message, /2 YAML documents; only the first one is read/);
    assert.equal(parsed.errors[0].offset, text.indexOf('---'));
  });

  it('a YAML roles file (aws cognito-identity set-identity-pool-roles --cli-input-yaml) becomes a roles document', () => {
    const text = [
      'IdentityPoolId: us-east-1:11111111-2222-3333-4444-555555555555',
      'Roles:',
      '  authenticated: arn:aws:iam::123456789012:role/Auth',
      'RoleMappings:',
      '  accounts.google.com:',
      '    Type: Rules',
      '    AmbiguousRoleResolution: Deny',
      '    RulesConfiguration:',
      '      Rules:',
      '        - {Claim: hd, MatchType: Equals, Value: example.com, RoleARN: "arn:aws:iam::123456789012:role/Staff"}',
    ].join('\n');
    const document = parseDocument('file:///work/roles.yaml', text);
    assert.equal(document.kind, 'roles');
    const config = document.pools[0].roleConfig!;
    assert.equal(config.authenticated?.value, 'arn:aws:iam::123456789012:role/Auth');
    assert.equal(config.mappings[0].rules[0].roleArn?.value, 'arn:aws:iam::123456789012:role/Staff');
    const line9 = text.split('\n')[9];
    const column = line9.indexOf('example.com');
    assert.deepEqual(plainRange(config.mappings[0].rules[0].value!.range), {
      start: { line: 9, character: column },
      end: { line: 9, character: column + 'example.com'.length },
    });
  });
});

describe('anchors, aliases and merge keys', () => {
  it("an alias expands to the anchored value, with the alias's range so it stays inside its parent", () => {
    const text = 'Auth: &auth arn:aws:iam::123456789012:role/Auth\nRoles:\n  authenticated: *auth\n';
    const parsed = parseYamlText(text);
    assert.deepEqual(toValue(parsed.root), { Auth: 'arn:aws:iam::123456789012:role/Auth', Roles: { authenticated: 'arn:aws:iam::123456789012:role/Auth' } });
    assert.equal(slice(text, findNode(parsed.root, ['Roles', 'authenticated'])), '*auth');
  });

  it('merge keys copy the keys that are not written explicitly, and explicit keys win wherever they are', () => {
    const text = 'base: &base {Type: Token, AmbiguousRoleResolution: Deny}\nmapping:\n  AmbiguousRoleResolution: AuthenticatedRole\n  <<: *base\n';
    const parsed = parseYamlText(text);
    assert.deepEqual(toValue(findNode(parsed.root, ['mapping'])), { AmbiguousRoleResolution: 'AuthenticatedRole', Type: 'Token' });
    assert.equal(getProperty(findNode(parsed.root, ['mapping']), '<<'), undefined);
  });

  it('expanding aliases is bounded ("billion laughs" gives an error, not a hang)', () => {
    const lines = ['a: &a ["x","x","x","x","x","x","x","x","x","x"]'];
    for (const [name, previous] of [
      ['b', 'a'],
      ['c', 'b'],
      ['d', 'c'],
      ['e', 'd'],
      ['f', 'e'],
      ['g', 'f'],
      ['h', 'g'],
    ]) {
      lines.push(`${name}: &${name} [${Array(10).fill(`*${previous}`).join(',')}]`);
    }
    const started = Date.now();
    const parsed = parseYamlText(lines.join('\n'));
    assert.ok(Date.now() - started < 2000);
    assert.ok(parsed.errors.some((e) => e.message.includes(`more than ${MAX_ALIAS_EXPANSION} values`)));
  });

  it('an alias to an unknown anchor is an error, not a crash', () => {
    const parsed = parseYamlText('a: *missing\n');
    assert.ok(parsed.errors.length > 0);
  });
});

describe('lenient flow indentation (as CloudFormation reads YAML)', () => {
  it("a flow sequence closed at the key's column is read without errors, with offsets in the original text", () => {
    const text = ['Props:', '  Message: !Join ["", [', '    "a",', '    !Ref B', '  ]]', '  Next: !Ref C', ''].join('\n');
    const parsed = parseYamlText(text);
    assert.deepEqual(parsed.errors, []);
    assert.deepEqual(toValue(parsed.root), { Props: { Message: { 'Fn::Join': ['', ['a', { Ref: 'B' }]] }, Next: { Ref: 'C' } } });
    assert.equal(slice(text, findNode(parsed.root, ['Props', 'Next'])), '!Ref C');
    assert.equal(slice(text, findNode(parsed.root, ['Props', 'Message', 'Fn::Join', 1, 1])), '!Ref B');
  });

  it("a multi-line single-quoted string closed at the key's column is read too", () => {
    const text = ['Code:', "  ZipFile: '", '    exports.handler = 1;', "  '", '  Handler: index.handler', ''].join('\n');
    const parsed = parseYamlText(text);
    assert.deepEqual(parsed.errors, []);
    assert.equal(slice(text, findNode(parsed.root, ['Code', 'Handler'])), 'index.handler');
  });

  it('leaves correctly indented YAML alone', () => {
    assert.equal(relaxFlowIndentation('a: [1,\n  2]\nb: |\n  [not flow\n'), undefined);
  });
});

describe('absurd nesting', () => {
  it('nesting deeper than the tree allows is cut off with one error, as for JSON', () => {
    const parsed = parseYamlText(`${'['.repeat(300)}${']'.repeat(300)}`);
    assert.equal(parsed.errors.length, 1);
    assert.match(parsed.errors[0].message, /nests deeper than 200 levels; the deeper part is ignored/);
    assert.equal(parsed.root?.kind, 'array');
  });

  it('thousands of levels are refused before the YAML parser recurses through them', () => {
    const started = Date.now();
    for (const text of ['['.repeat(20_000), Array.from({ length: 3000 }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n'), '- '.repeat(5000) + 'x']) {
      const parsed = parseYamlText(text);
      assert.equal(parsed.root, undefined);
      assert.match(parsed.errors[0].message, /nests more than 500 levels deep; the file is not read/);
    }
    assert.ok(Date.now() - started < 1000);
  });
});
