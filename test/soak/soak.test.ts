/**
 * LSP soak test: one server session with 10,000 random edits, requests at random positions (also out
 * of range), cancellations and unknown documents. The server answers all of them, stays up, and its
 * memory at the end is within 20% of its memory after the first 1,000 edits.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import fc from 'fast-check';
import { CancellationTokenSource } from 'vscode-jsonrpc/node';
import { LspClient } from '../lsp/lspClient';
import { SERVER_NODE_OPTIONS } from '../../protocol/protocol';

const EDITS = Number(process.env.SOAK_EDITS ?? 10_000);

const BASE_ROLES = JSON.stringify(
  {
    IdentityPoolId: 'us-east-1:11111111-2222-3333-4444-555555555555',
    Roles: { authenticated: 'arn:aws:iam::123456789012:role/Auth', unauthenticated: 'arn:aws:iam::123456789012:role/Guest' },
    RoleMappings: {
      'cognito-idp.us-east-1.amazonaws.com/us-east-1_AbCdEf123:1example23456789abcdefghij': {
        Type: 'Rules',
        AmbiguousRoleResolution: 'Deny',
        RulesConfiguration: {
          Rules: [
            { Claim: 'cognito:groups', MatchType: 'Contains', Value: 'admin', RoleARN: 'arn:aws:iam::123456789012:role/Admin' },
            { Claim: 'custom:dept', MatchType: 'Equals', Value: 'Sales', RoleARN: 'arn:aws:iam::123456789012:role/Sales' },
          ],
        },
      },
    },
  },
  null,
  2,
);
const BASE_YAML = `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Pool:
    Type: AWS::Cognito::IdentityPool
    Properties:
      AllowUnauthenticatedIdentities: false
  Attachment:
    Type: AWS::Cognito::IdentityPoolRoleAttachment
    Properties:
      IdentityPoolId: !Ref Pool
      Roles:
        authenticated: !GetAtt AuthRole.Arn
  AuthRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement:
          - Effect: Allow
            Principal: { Federated: cognito-identity.amazonaws.com }
            Action: sts:AssumeRoleWithWebIdentity
`;

/**
 * Resident memory once the server is idle: after the quiet period in which it collects the garbage of
 * recent parses (server/src/server.ts, 500 ms), the lowest of five readings 100 ms apart, so a reading
 * taken mid-collection (garbage not yet returned to the OS) does not count as growth.
 */
async function settledRssKb(pid: number): Promise<number> {
  await new Promise((resolve) => setTimeout(resolve, 1000));
  const readings: number[] = [];
  for (let i = 0; i < 5; i++) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    readings.push(rssKb(pid));
  }
  return Math.min(...readings);
}

function rssKb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
}

test(`the server survives ${EDITS} random edits, random requests, cancellations and unknown documents without growing`, { timeout: 600_000 }, async (t) => {
  const client = await LspClient.start({
    nodeArgs: SERVER_NODE_OPTIONS, // as the extension starts it
    capabilities: {
      textDocument: { diagnostic: {}, completion: { completionItem: { snippetSupport: true } }, documentSymbol: { hierarchicalDocumentSymbolSupport: true } },
      workspace: { configuration: true },
    },
  });
  try {
    const { connection } = client;
    const child = client.process;

    const documents = [
      { uri: 'file:///soak/roles.identity-pool-roles.json', languageId: 'json', text: BASE_ROLES, version: 1 },
      { uri: 'file:///soak/template.yaml', languageId: 'yaml', text: BASE_YAML, version: 1 },
    ];
    for (const d of documents)
      connection.sendNotification('textDocument/didOpen', { textDocument: { uri: d.uri, languageId: d.languageId, version: d.version, text: d.text } });

    const random = fc.sample(
      fc.record({
        doc: fc.nat({ max: 1 }),
        at: fc.nat(),
        remove: fc.nat({ max: 6 }),
        insert: fc.constantFrom('', 'a', '"', '{', '}', ',', ':', '\n', ' ', 'Equals', '!Ref X', '- ', '[', ']'),
        request: fc.constantFrom('diagnostic', 'completion', 'hover', 'symbols', 'codeAction', 'codeLens', 'none', 'none'),
        line: fc.integer({ min: -2, max: 120 }),
        character: fc.integer({ min: -2, max: 200 }),
        cancel: fc.boolean(),
        unknown: fc.nat({ max: 49 }),
      }),
      { numRuns: EDITS, seed: 4242 },
    );

    const positionAt = (text: string, offset: number) => {
      const before = text.slice(0, offset);
      return { line: before.split('\n').length - 1, character: offset - before.lastIndexOf('\n') - 1 };
    };
    let answered = 0;
    let rssAfterWarmup = 0;
    for (let i = 0; i < random.length; i++) {
      const step = random[i];
      const d = documents[step.doc];
      const offset = d.text.length ? step.at % d.text.length : 0;
      const end = Math.min(d.text.length, offset + step.remove);
      const range = { start: positionAt(d.text, offset), end: positionAt(d.text, end) };
      d.text = d.text.slice(0, offset) + step.insert + d.text.slice(end);
      d.version++;
      // Keep documents from drifting into huge or empty texts: reset now and then.
      if (d.text.length > 20_000 || i % 500 === 499) {
        d.text = step.doc === 0 ? BASE_ROLES : BASE_YAML;
        connection.sendNotification('textDocument/didChange', { textDocument: { uri: d.uri, version: d.version }, contentChanges: [{ text: d.text }] });
      } else {
        connection.sendNotification('textDocument/didChange', {
          textDocument: { uri: d.uri, version: d.version },
          contentChanges: [{ range, text: step.insert }],
        });
      }
      const uri = step.unknown === 0 ? `file:///soak/never-opened-${i}.json` : d.uri;
      const position = { line: step.line, character: step.character };
      const source = new CancellationTokenSource();
      let pending: Promise<unknown> | undefined;
      switch (step.request) {
        case 'diagnostic':
          pending = connection.sendRequest('textDocument/diagnostic', { textDocument: { uri } }, source.token);
          break;
        case 'completion':
          pending = connection.sendRequest('textDocument/completion', { textDocument: { uri }, position }, source.token);
          break;
        case 'hover':
          pending = connection.sendRequest('textDocument/hover', { textDocument: { uri }, position }, source.token);
          break;
        case 'symbols':
          pending = connection.sendRequest('textDocument/documentSymbol', { textDocument: { uri } }, source.token);
          break;
        case 'codeAction':
          pending = connection.sendRequest(
            'textDocument/codeAction',
            { textDocument: { uri }, range: { start: position, end: position }, context: { diagnostics: [] } },
            source.token,
          );
          break;
        case 'codeLens':
          pending = connection.sendRequest('textDocument/codeLens', { textDocument: { uri } }, source.token);
          break;
        default:
          break;
      }
      if (pending) {
        if (step.cancel) source.cancel();
        // A request the server never answers is a defect: fail with what it was instead of hanging.
        let timer: NodeJS.Timeout | undefined;
        const unanswered = new Promise<never>((_, reject) => {
          timer = setTimeout(
            () => reject(new Error(`no answer within 10 s to ${step.request} (edit ${i}, cancel ${step.cancel}, unknown document ${uri !== d.uri})`)),
            10_000,
          );
        });
        pending = Promise.race([pending, unanswered]).finally(() => clearTimeout(timer));
        // An answer or an error response (e.g. RequestCancelled) both count; a hang or a dead server does not.
        await pending.then(
          () => answered++,
          (error: { code?: number }) => {
            assert.ok(typeof error?.code === 'number', `request ${step.request} failed without a JSON-RPC error: ${String(error)}`);
            answered++;
          },
        );
      }
      if (i === Math.min(999, random.length - 1)) {
        await connection.sendRequest('textDocument/diagnostic', { textDocument: { uri: documents[0].uri } });
        rssAfterWarmup = await settledRssKb(child.pid!);
      }
    }
    // The server still answers a normal request after all of it.
    for (const d of documents) {
      d.text = d.languageId === 'json' ? BASE_ROLES : BASE_YAML;
      connection.sendNotification('textDocument/didChange', { textDocument: { uri: d.uri, version: ++d.version }, contentChanges: [{ text: d.text }] });
    }
    const report = (await connection.sendRequest('textDocument/diagnostic', { textDocument: { uri: documents[0].uri } })) as { kind: string };
    assert.equal(report.kind, 'full');
    const rssAtEnd = await settledRssKb(child.pid!);
    assert.equal(child.exitCode, null, 'the server exited');
    assert.ok(answered > EDITS / 2, `only ${answered} requests answered`);
    t.diagnostic(`resident memory: ${rssAfterWarmup} KB after 1,000 edits, ${rssAtEnd} KB after ${EDITS}`);
    assert.ok(rssAtEnd <= rssAfterWarmup * 1.2, `memory grew from ${rssAfterWarmup} KB after 1,000 edits to ${rssAtEnd} KB at the end`);
  } finally {
    await client.stop();
  }
});
