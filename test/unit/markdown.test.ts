/**
 * Markdown that hovers and reports build from attacker-written text stays inert: no link, image or HTML,
 * no line break that ends a code span or starts a list item, no hidden character, whatever the text holds.
 * Checked on the shared helpers (protocol/markdown.ts), the hover's pool lines and the client's reports.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { decodedTokenReport, simulationReport } from '../../client/src/reportMarkdown';
import { boundedJson, codeBlock, escapeMarkdown, inlineCode, showHiddenCharacters } from '../../protocol/markdown';
import type { PoolSimulationResult, SimulateResult } from '../../protocol/protocol';
import { describeResult } from '../../server/src/features/jwtHover';
import { liveMarkdown, renderMarkdown } from './renderedMarkdown';

const IMAGE_BEACON = '![x](https://attacker.example/p.png)';
/** Each hostile shape the issue names, and then some. */
export const HOSTILE_TEXTS = [
  `arn:aws:iam::123456789012:role/x\r- ${IMAGE_BEACON}`,
  `arn:aws:iam::123456789012:role/x\n- ${IMAGE_BEACON}`,
  `arn:aws:iam::123456789012:role/x\r\n\r\n${IMAGE_BEACON}`,
  `x\u2028- ${IMAGE_BEACON}`,
  `x\u2029- ${IMAGE_BEACON}`,
  `x\u0085- ${IMAGE_BEACON}`,
  'https://attacker.example/k',
  'see www.attacker.example or mailto:someone@attacker.example or someone@attacker.example',
  'http://localhost:8080/x attacker.example/path',
  '[click](command:workbench.action.terminal.new) [a]: https://attacker.example',
  '<img src=x onerror=alert(1)> <script>alert(1)</script> <https://attacker.example>',
  '```\n# heading\n```',
  '`` ` ``` ````',
  '\u001b[2J\u001b]8;;https://attacker.example\u0007link\u001b]8;;\u0007',
  'admin\u202e\u2066nimda\u200b\ufeff',
  '&lt;img src=x&gt; &#x3C;b&#x3E; $\\href{https://attacker.example}{x}$',
  '  - starts like a list item',
  '1. starts like an ordered list',
  '| a | b |\n|---|---|',
  '\\',
  '',
];

function poolResult(text: string, outcome: PoolSimulationResult['outcome']): PoolSimulationResult {
  const location = { uri: 'file:///work/roles.json', range: { start: { line: 3, character: 0 }, end: { line: 3, character: 5 } } };
  return {
    poolKey: 'pool',
    poolLabel: text,
    outcome,
    roleArn: outcome === 'role' ? text : null,
    via: outcome === 'role' ? 'rules' : 'ambiguous-resolution',
    matchedRuleIndex: outcome === 'role' ? 0 : null,
    mappingKey: text,
    errorCode: outcome === 'role' ? null : 'NotAuthorizedException',
    dependsOn: outcome === 'unknown' ? [text] : [],
    message: `The token's cognito:preferred_role ${text} is used.`,
    trace: [{ step: 'rule', status: 'pass', message: `Rule 1 compares ${text}.`, ruleIndex: 0, location }],
    assumptions: [`An assumption about ${text}.`],
    roleLocation: location,
  };
}

describe('escaping helpers', () => {
  for (const text of HOSTILE_TEXTS) {
    test(`inert: ${JSON.stringify(text)}`, () => {
      for (const markdown of [`- a ${inlineCode(text)} b`, `- a ${escapeMarkdown(text)} b`, `Claims\n\n${codeBlock(text, 'json')}`]) {
        assert.deepEqual(liveMarkdown(markdown), [], markdown);
        assert.equal(renderMarkdown(markdown).match(/<li>/g)?.length ?? 0, markdown.startsWith('- ') ? 1 : 0, `one list item: ${markdown}`);
      }
    });
  }

  test('every line break and invisible character is shown as its JSON escape', () => {
    assert.equal(
      showHiddenCharacters('a\rb\nc\td\u2028e\u2029f\u0085g\u001bh\u202ei\u200dj\ud800k'),
      'a\\rb\\nc\\td\\u2028e\\u2029f\\u0085g\\u001bh\\u202ei\\u200dj\\ud800k',
    );
    assert.equal(inlineCode('role/x\r- y'), '`"role/x\\r- y"`', 'a value holding a break is shown as a JSON string');
    assert.equal(inlineCode('arn:aws:iam::123456789012:role/Admins'), '`arn:aws:iam::123456789012:role/Admins`', 'an ordinary value as it is');
    assert.equal(inlineCode('  '), '`"  "`', 'an all-space value quoted, or it would not show');
    assert.equal(renderMarkdown(inlineCode('`a` ')), '<p><code>`a` </code></p>\n', 'backticks and spaces at the ends kept');
    assert.match(codeBlock('{\n  "a": "x\u2028y"\n}'), /"x\\u2028y"/, 'JSON stays valid JSON');
  });

  test('escaped prose renders as the text itself', () => {
    const text = 'Rules[0] of https://x.example *a* _b_ `c` <d> #e |f| ~g~ a@b.example $h$ & 1.';
    const html = renderMarkdown(escapeMarkdown(text));
    assert.equal(
      html
        .replace(/<\/?p>|\n/g, '')
        .replace(/&lt;/g, '<')
        .replace(/&gt;/g, '>')
        .replace(/&amp;/g, '&'),
      text,
    );
  });
});

describe('bounded JSON', () => {
  test('equals JSON.stringify with an indent of 2 for ordinary claims', () => {
    const claims = { sub: 'x', 'cognito:groups': ['a', 'b'], nested: { deep: [1, { e: null, f: true }], empty: [], none: {} }, n: 1.5 };
    assert.deepEqual(boundedJson(claims, 20, 10_000), { text: JSON.stringify(claims, null, 2), truncated: false });
  });

  test('6,000 nested arrays are cut at the depth bound without a stack overflow; 10,000 claims at the length bound', () => {
    const deep = JSON.parse(`{"a":${'['.repeat(6000)}${']'.repeat(6000)}}`) as unknown;
    const shown = boundedJson(deep, 20, 16_000);
    assert.equal(shown.truncated, true);
    assert.ok(shown.text.includes('[…]') && shown.text.length < 2_000, `${shown.text.length} characters`);
    const many = Object.fromEntries(Array.from({ length: 10_000 }, (_, i) => [`claim${i}`, i]));
    const long = boundedJson(many, 20, 16_000);
    assert.equal(long.truncated, true);
    assert.ok(long.text.length <= 16_002 && long.text.endsWith('\n…'));
  });
});

describe('hover pool lines and client reports', () => {
  for (const text of HOSTILE_TEXTS) {
    test(`inert: ${JSON.stringify(text)}`, () => {
      for (const outcome of ['role', 'deny', 'error'] as const) {
        const line = describeResult(poolResult(text, outcome));
        assert.deepEqual(liveMarkdown(line), [], line);
        assert.equal(renderMarkdown(line).match(/<li>/g)?.length, 1, `one list item per pool: ${line}`);
        const simulation: SimulateResult = { results: [poolResult(text, outcome)], now: 0, nowIso: '1970-01-01T00:00:00Z', message: text };
        const report = simulationReport('Token simulation', simulation);
        assert.deepEqual(liveMarkdown(report), [], report);
        assert.equal(renderMarkdown(report).match(/<h2>/g)?.length, 1, `one pool heading: ${report}`);
      }
      const decoded = decodedTokenReport({
        ok: true,
        header: { alg: 'RS256', kid: text },
        claims: { note: text },
        dates: [],
        warnings: [text],
        now: 0,
        signature: { status: 'no-matching-key', message: `The JWKS has no RS256 key with kid "${text}".` },
      });
      assert.deepEqual(liveMarkdown(decoded), [], decoded);
      assert.deepEqual(liveMarkdown(decodedTokenReport({ ok: false, error: text })), []);
    });
  }

  test('a decoded-token report of 6,000 nested arrays is bounded and says so', () => {
    const claims = JSON.parse(`{"a":${'['.repeat(6000)}${']'.repeat(6000)}}`) as Record<string, unknown>;
    const report = decodedTokenReport({ ok: true, header: { alg: 'RS256' }, claims, dates: [], warnings: [], now: 0 });
    assert.match(report, /## Claims, truncated/);
    assert.ok(report.length < 10_000);
  });
});
