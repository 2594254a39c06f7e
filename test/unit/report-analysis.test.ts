/**
 * The analysis and diff reports (client/src/reportMarkdown.ts): their layout, and that what a file wrote
 * (pool labels, mapping keys, role ARNs, conditions, witnesses, file names) stays inert once rendered.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { analysisReport, diffReport, rolePathLabel } from '../../client/src/reportMarkdown';
import type { AnalyzeResult, DiffResult } from '../../protocol/protocol';
import { HOSTILE_TEXTS } from './markdown.test';
import { liveMarkdown, renderMarkdown } from './renderedMarkdown';

function analysisOf(text: string): AnalyzeResult {
  return {
    now: 0,
    nowIso: '1970-01-01T00:00:00Z',
    message: text,
    pools: [
      {
        poolKey: 'k',
        poolLabel: text,
        analysis: {
          mappings: [
            {
              mappingKey: text,
              type: 'Rules',
              rules: [
                { index: 0, reachable: true, witness: { [text]: [text] }, coveredBy: [], roleArn: text, reason: text },
                { index: 1, reachable: false, witness: null, coveredBy: [0], roleArn: text, reason: text },
              ],
              noRuleMatches: { reachable: null, witness: null, outcome: text, roleArn: null, reason: text },
            },
          ],
          roles: [
            {
              roleArn: text,
              paths: [
                { mappingKey: text, via: 'rules', ruleIndex: 0, condition: text, witness: { claim: text } },
                { mappingKey: null, via: 'guest', ruleIndex: null, condition: text, witness: null },
              ],
            },
          ],
          assumptions: [text],
        },
      },
    ],
  };
}

function diffOf(text: string, equivalent = false): DiffResult {
  return {
    uri: `file:///w/${encodeURIComponent(text)}`,
    otherName: text,
    poolLabel: text,
    now: 0,
    nowIso: '1970-01-01T00:00:00Z',
    message: text,
    diff: {
      equivalent,
      changes: equivalent
        ? []
        : [
            {
              mappingKey: text,
              witness: { [text]: text },
              login: text,
              before: { outcome: 'role', roleArn: text },
              after: { outcome: text, roleArn: null },
            },
          ],
      unknown: [{ mappingKey: text, reason: text }],
      assumptions: [text],
    },
  };
}

describe('analysis and diff reports', () => {
  test('the analysis report: a heading per pool and role, a list item per path, each mapping with its rules', () => {
    const report = analysisReport('Who gets which role', analysisOf('editors'));
    const html = renderMarkdown(report);
    assert.equal(html.match(/<h2>/g)?.length, 1);
    assert.match(report, /#### `editors`/);
    assert.match(report, /\*\*editors\\: rule 1 \\\(index 0\\\)\*\*: editors/);
    assert.match(report, /\*\*guest \\\(unauthenticated\\\)\*\*/);
    assert.match(report, /`Rules\[0\]` ✓ reachable/);
    assert.match(report, /`Rules\[1\]` ✗ never used: covered by `Rules\[0\]`/);
    assert.match(report, /No rule matches: \? unknown/);
    assert.match(html, /<pre><code class="language-json">\{\n {2}&quot;claim&quot;: &quot;editors&quot;\n\}/);
  });

  test('the diff report: equivalent, or each change with before, after and the witness', () => {
    assert.match(diffReport('Role mapping diff', diffOf('x', true)), /\*\*Equivalent\*\*: no identity gets a different outcome\./);
    const report = diffReport('Role mapping diff', diffOf('x'));
    assert.match(report, /\*\*Not equivalent\*\*: 1 change\(s\), 1 unknown\./);
    assert.match(report, /- Before: role `x`\n- After: x/);
    assert.match(report, /With the Logins key `x`:/);
    assert.equal(diffReport('t', { uri: 'file:///a.json', otherName: 'b', now: 0, nowIso: '', message: 'nothing' }).includes('> nothing'), true);
  });

  test('the diff report names the pool compared, and the cursor when it chose it', () => {
    const base = { uri: 'file:///apps.yaml', otherName: 'HEAD', now: 0, nowIso: '' };
    assert.match(
      diffReport('t', { ...base, poolLabel: 'Backoffice_Pool', poolChosen: 'position' }),
      /\nPool compared: Backoffice\\_Pool \(the pool at the cursor\)\n/,
    );
    assert.match(diffReport('t', { ...base, poolLabel: 'StudioPool', poolChosen: 'key' }), /\nPool compared: StudioPool \(the pool asked for\)\n/);
    assert.match(diffReport('t', { ...base, poolLabel: 'StudioPool', poolChosen: 'only' }), /\nPool compared: StudioPool\n/);
  });

  test('path labels name the mapping, how, and the rule', () => {
    assert.equal(
      rolePathLabel({ mappingKey: 'm', via: 'ambiguous-resolution', ruleIndex: null, condition: '', witness: null }),
      'm: no rule matches (AmbiguousRoleResolution)',
    );
    assert.equal(
      rolePathLabel({ mappingKey: null, via: 'default-authenticated', ruleIndex: null, condition: '', witness: null }),
      'default authenticated role',
    );
  });

  for (const text of HOSTILE_TEXTS) {
    test(`inert: ${JSON.stringify(text)}`, () => {
      const analysis = analysisReport('Who gets which role', analysisOf(text));
      assert.deepEqual(liveMarkdown(analysis), [], analysis);
      assert.equal(renderMarkdown(analysis).match(/<h2>/g)?.length, 1, `one pool heading: ${analysis}`);
      const diff = diffReport('Role mapping diff', diffOf(text));
      assert.deepEqual(liveMarkdown(diff), [], diff);
      assert.equal(renderMarkdown(diff).match(/<h2>/g)?.length, 3, `the change, the unknown and the assumptions headings: ${diff}`);
    });
  }
});
