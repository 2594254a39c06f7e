/**
 * Fuzzing the core with a fixed seed: random and mutated JSON, YAML, templates and tokens never make
 * an exception escape, never hang, and simulation answers the same for the same input.
 * Hostile text (line breaks, fences, link, image and autolink syntax, HTML, controls) in claims, roles,
 * mapping keys and labels never makes the hover's pool lines or the client's reports live, and deeply
 * nested claims render bounded.
 * `npm run fuzz -- --runs N` runs the same properties with more cases, a random seed and the 100 ms goal.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, test } from 'node:test';
import fc from 'fast-check';
import { decodedTokenReport, simulationReport } from '../../client/src/reportMarkdown';
import { checkDocuments, decodeToken, evaluateRequest, findTokens, IAM_ROLE_ARN_RE, linkPools, parseDocument } from '../../core/index';
import { boundedJson, escapeMarkdown, inlineCode } from '../../protocol/markdown';
import type { PoolSimulationResult } from '../../protocol/protocol';
import { describeResult } from '../../server/src/features/jwtHover';
import { liveMarkdown, renderMarkdown } from './renderedMarkdown';

const root = path.resolve(__dirname, '../../..');
const runs = Number(process.env.FUZZ_RUNS ?? 0) || undefined;
const seed = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : 20261126;
/**
 * Inside `npm test` this only catches hangs and exponential blow-ups: a steady-state check takes a few ms,
 * but a busy machine can stretch one past any tight bound. `npm run fuzz` sets FUZZ_MAX_MS to the 100 ms
 * goal and reports the slowest input of each kind against it (FUZZ_REPORT).
 */
const MAX_MS = Number(process.env.FUZZ_MAX_MS) || 2000;

/** The slowest run (fastest of its attempts) of each kind of work, for `npm run fuzz`'s report. */
const slowest = new Map<string, { ms: number; input: string }>();

after(() => {
  if (process.env.FUZZ_REPORT) writeFileSync(process.env.FUZZ_REPORT, JSON.stringify(Object.fromEntries(slowest), null, 2));
});

function seedFiles(): Array<{ name: string; text: string }> {
  const files: Array<{ name: string; text: string }> = [];
  const walk = (dir: string): void => {
    let entries: string[];
    try {
      entries = readdirSync(dir);
    } catch {
      return;
    }
    for (const entry of entries) {
      const full = path.join(dir, entry);
      if (statSync(full).isDirectory()) walk(full);
      else if (/\.(json|ya?ml)$/.test(entry) && statSync(full).size < 200_000) files.push({ name: entry, text: readFileSync(full, 'utf8') });
    }
  };
  walk(path.join(root, 'examples'));
  walk(path.join(root, 'test', 'fixtures'));
  if (files.length === 0) {
    files.push({
      name: 'seed.json',
      text: JSON.stringify({
        IdentityPoolId: 'us-east-1:11111111-2222-3333-4444-555555555555',
        Roles: { authenticated: 'arn:aws:iam::123456789012:role/Auth' },
        RoleMappings: {
          'accounts.google.com': {
            Type: 'Rules',
            AmbiguousRoleResolution: 'Deny',
            RulesConfiguration: { Rules: [{ Claim: 'hd', MatchType: 'Equals', Value: 'example.com', RoleARN: 'arn:aws:iam::123456789012:role/Staff' }] },
          },
        },
      }),
    });
  }
  return files;
}

const seeds = seedFiles();

/** Text mutations that keep some structure: delete, duplicate, insert garbage, swap characters. */
const mutatedText = fc
  .tuple(
    fc.constantFrom(...seeds),
    fc.array(
      fc.tuple(
        fc.nat(),
        fc.nat({ max: 40 }),
        fc.constantFrom(
          '',
          '{',
          '}',
          '[',
          ']',
          ',',
          ':',
          '"',
          '\n',
          '  ',
          '!Ref',
          '- ',
          'null',
          '1e999',
          '\u0000',
          '"Type": "Rules"',
          '&a',
          '*a',
          '<<: *a',
          '#',
          '\t',
        ),
      ),
      { maxLength: 6 },
    ),
  )
  .map(([file, edits]) => {
    let text = file.text;
    for (const [at, len, insert] of edits) {
      const offset = text.length ? at % text.length : 0;
      text = text.slice(0, offset) + insert + text.slice(offset + len);
    }
    return { name: file.name, text };
  });

const jsonValue = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.string(),
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 5 }),
    fc.dictionary(
      fc.constantFrom(
        'IdentityPoolId',
        'Roles',
        'RoleMappings',
        'Type',
        'Rules',
        'RulesConfiguration',
        'Claim',
        'MatchType',
        'Value',
        'RoleARN',
        'authenticated',
        'AmbiguousRoleResolution',
        'Resources',
        'Properties',
        'x',
      ),
      tie('value'),
      { maxKeys: 6 },
    ),
  ),
})).value;

/**
 * Runs `fn` and asserts it took under MAX_MS. An over-limit run is repeated twice and the fastest counts:
 * slowness that comes from the input repeats, a GC pause or a busy machine does not. `kind` groups the
 * runs for the slowest-run report; `input` names the input there.
 */
function timed<T>(what: string, fn: () => T, kind = what, input = what): T {
  let best = Infinity;
  let result!: T;
  for (let attempt = 0; attempt < 3 && best >= MAX_MS; attempt++) {
    const start = process.hrtime.bigint();
    result = fn();
    best = Math.min(best, Number(process.hrtime.bigint() - start) / 1e6);
  }
  const record = slowest.get(kind);
  if (!record || best > record.ms) slowest.set(kind, { ms: Math.round(best * 10) / 10, input });
  assert.ok(best < MAX_MS, `${what} took ${best.toFixed(1)} ms (limit ${MAX_MS} ms, fastest of 3 runs)`);
  return result;
}

function checkText(name: string, text: string): void {
  const input = `${name}, ${text.length} characters: ${JSON.stringify(text.slice(0, 80))}${text.length > 80 ? '…' : ''}`;
  timed(
    `check of ${name}`,
    () => {
      const document = parseDocument(`file:///fuzz/${name}`, text);
      const diagnostics = checkDocuments([document]);
      for (const list of diagnostics.values()) {
        for (const d of list) {
          assert.equal(typeof d.message, 'string');
          assert.ok(d.range.start.line >= 0 && d.range.end.line >= d.range.start.line, `bad range on ${d.code}`);
        }
      }
    },
    'check',
    input,
  );
}

// One check of every seed first: the one-time costs (compiling the schemas, loading modules) are start-up
// work, not the per-input cost this limit is about.
for (const file of seeds) checkDocuments([parseDocument(`file:///warmup/${file.name}`, file.text)]);

test('mutated example and fixture files never throw and never hang', () => {
  fc.assert(
    fc.property(mutatedText, ({ name, text }) => checkText(name, text)),
    { seed, numRuns: runs ?? 1500, includeErrorInReport: true },
  );
});

test('random JSON documents never throw and never hang', () => {
  fc.assert(
    fc.property(jsonValue, fc.boolean(), (value, pretty) => checkText('random.json', JSON.stringify(value, null, pretty ? 2 : 0) ?? 'null')),
    { seed, numRuns: runs ?? 800, includeErrorInReport: true },
  );
});

test('deeply nested JSON and YAML are handled without a stack overflow', () => {
  for (const depth of [1_000, 20_000]) {
    checkText('deep.json', `${'['.repeat(depth)}${']'.repeat(depth)}`);
    checkText('deep.json', `{"RoleMappings":${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}}`);
  }
  checkText('deep.yaml', `Roles:\n${Array.from({ length: 500 }, (_, i) => `${' '.repeat(i + 1)}- a`).join('\n')}\n`);
});

const base64url = fc.string({ unit: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'.split('')), maxLength: 200 });
const claimsValue = fc.dictionary(
  fc.constantFrom(
    'iss',
    'aud',
    'exp',
    'nbf',
    'iat',
    'sub',
    'token_use',
    'cognito:groups',
    'cognito:roles',
    'cognito:preferred_role',
    'custom:dept',
    'azp',
    'amr',
  ),
  jsonValue,
  { maxKeys: 10 },
);
const encode = (value: unknown): string => Buffer.from(JSON.stringify(value) ?? 'null').toString('base64url');
const malformedToken = fc.oneof(
  fc.tuple(base64url, base64url, base64url).map(([a, b, c]) => `${a}.${b}.${c}`),
  fc.tuple(claimsValue, base64url).map(([claims, sig]) => `${encode({ alg: 'RS256', kid: 'k' })}.${encode(claims)}.${sig}`),
  fc.tuple(jsonValue, jsonValue).map(([header, payload]) => `${encode(header)}.${encode(payload)}.`),
  fc.string({ maxLength: 300 }),
  fc.constant(`eyJhbGciOiJub25lIn0.${'A'.repeat(60_000)}.`),
);

test('malformed tokens decode to a clear error or a value, never an exception, and never hang', () => {
  fc.assert(
    fc.property(malformedToken, (token) => {
      const input = `a token of ${token.length} characters`;
      const decoded = timed('decode', () => decodeToken(token), 'decode', input);
      if (!decoded.ok) assert.ok(decoded.error.length > 0);
      timed('findTokens', () => findTokens(`text ${token} more`), 'findTokens', input);
    }),
    { seed, numRuns: runs ?? 1500, includeErrorInReport: true },
  );
});

test('simulation never throws, never hangs and gives the same answer for the same input', () => {
  const documents = seeds.map((file) => parseDocument(`file:///fuzz/${file.name}`, file.text));
  const pools = linkPools(documents);
  if (pools.length === 0) return;
  fc.assert(
    fc.property(fc.nat(), malformedToken, claimsValue, fc.option(fc.string({ maxLength: 60 })), (poolIndex, token, claims, customRoleArn) => {
      const pool = pools[poolIndex % pools.length];
      for (const request of [
        { token, now: 1_767_225_600, customRoleArn: customRoleArn ?? undefined },
        { claims, loginKey: 'accounts.google.com', now: 1_767_225_600 },
        { now: 1_767_225_600 },
      ]) {
        const first = timed(
          'simulation',
          () => evaluateRequest(pool, request),
          'simulation',
          `pool ${pool.label}, request ${JSON.stringify(request).slice(0, 120)}`,
        );
        const second = evaluateRequest(pool, request);
        assert.deepEqual(second, first);
      }
    }),
    { seed, numRuns: runs ?? 600, includeErrorInReport: true },
  );
});

// Hostile tokens (issue 17): a header Cognito refuses, or a token role that is not a role ARN, never gets a role.
const refusedHeader = fc.oneof(
  fc.constantFrom('HS256', 'HS384', 'HS512', 'hs256', 'none', 'NONE', '', 'RSA-OAEP', 'x](https://attacker.example/p.png)').map((alg) => ({ alg, kid: 'k' })),
  fc.constant({ kid: 'k' }),
  fc.tuple(fc.constantFrom('RS256', 'ES256', 'RS512'), jsonValue).map(([alg, crit]) => ({ alg, kid: 'k', crit })),
);
const hostileRole = fc
  .oneof(
    fc.string({ maxLength: 80 }),
    fc.string({ maxLength: 40 }).map((tail) => `arn:aws:iam::123456789012:role/Admin${tail}\r- ![x](https://attacker.example/p.png)`),
  )
  .filter((value) => !IAM_ROLE_ARN_RE.test(value.trim()));
/** The user pools and app clients of the fixture workspace and of examples/user-pool-groups (a Token mapping). */
const userPoolClient = fc.constantFrom(
  { iss: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_AbCdEf123', aud: '1example23456789abcdefghij' },
  { iss: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_PhT0sHr42', aud: '7k3examplewebclient5q9xztr' },
);
const userPoolTokenClaims = (client: { iss: string; aud: string }, extra: Record<string, unknown>) => ({
  ...client,
  token_use: 'id',
  sub: 'u',
  exp: 1_767_225_600 + 600,
  ...extra,
});

test('hostile tokens: a refused header or a role that is not a role ARN never gets that role', () => {
  const pools = linkPools(seeds.map((file) => parseDocument(`file:///fuzz/${file.name}`, file.text)));
  if (pools.length === 0) return;
  fc.assert(
    fc.property(fc.nat(), userPoolClient, refusedHeader, claimsValue, hostileRole, (poolIndex, client, header, claims, role) => {
      const pool = pools[poolIndex % pools.length];
      const refused = `${encode(header)}.${encode(userPoolTokenClaims(client, claims))}.c2ln`;
      assert.notEqual(timed('simulation', () => evaluateRequest(pool, { token: refused, now: 1_767_225_600 })).outcome, 'role');
      const roles = { 'cognito:preferred_role': role, 'cognito:roles': [role] };
      for (const request of [
        { token: `${encode({ alg: 'RS256', kid: 'k' })}.${encode(userPoolTokenClaims(client, { ...claims, ...roles }))}.c2ln`, now: 1_767_225_600 },
        {
          token: `${encode({ alg: 'RS256', kid: 'k' })}.${encode(userPoolTokenClaims(client, { ...claims, ...roles }))}.c2ln`,
          now: 1_767_225_600,
          customRoleArn: role,
        },
      ]) {
        const result = timed('simulation', () => evaluateRequest(pool, request));
        assert.ok(result.outcome !== 'role' || result.roleArn !== role, `${JSON.stringify(role)} was given`);
      }
    }),
    { seed, numRuns: runs ?? 600, includeErrorInReport: true },
  );
});

// ---- Hostile text in what hovers and reports render ---------------------------------------------------

/** Fragments that break Markdown or make links: line breaks, fences, link and image syntax, autolinks, HTML, controls. */
const hostileText = fc
  .array(
    fc.oneof(
      fc.constantFrom('\r', '\n', '\r\n', '\u2028', '\u2029', '\u0085', '\u001b[31m', '\u202e', '\u200b', '\ud800', '\t', '\\'),
      fc.constantFrom(
        '`',
        '```',
        '~~~',
        '![x](',
        '](',
        '[',
        ']',
        '(',
        ')',
        '<img src=x>',
        '<',
        '>',
        '&lt;',
        '&#60;',
        '*',
        '_',
        '#',
        '- ',
        '1. ',
        '|',
        '$',
        '=',
        '> ',
      ),
      fc.constantFrom('https://', 'http://', 'www.', 'mailto:', 'command:', '@', '.com', 'attacker.example', 'a@b.example', 'arn:aws:iam::123456789012:role/'),
      fc.string({ maxLength: 4 }),
    ),
    { maxLength: 12 },
  )
  .map((parts) => parts.join(''));

const hostileRuns = runs ? Math.max(50, Math.floor(runs / 10)) : 150;
const hostilePool = parseDocument(
  'file:///fuzz/hostile.roles.json',
  JSON.stringify({
    IdentityPoolId: 'us-east-1:11111111-2222-3333-4444-555555555555',
    Roles: { authenticated: 'arn:aws:iam::123456789012:role/Auth' },
    RoleMappings: { 'accounts.google.com': { Type: 'Token', AmbiguousRoleResolution: 'AuthenticatedRole' } },
  }),
).pools[0];

test('hostile claims, roles and labels never make a live link, image, HTML or line break in hovers and reports', () => {
  fc.assert(
    fc.property(hostileText, hostileText, hostileText, hostileText, fc.boolean(), (preferred, other, label, key, withCustomRole) => {
      const claims = {
        iss: 'https://accounts.google.com',
        aud: 'x',
        sub: '1',
        exp: 1_767_225_660,
        'cognito:preferred_role': preferred,
        'cognito:roles': [preferred, other],
        [key]: other,
      };
      const result = evaluateRequest(hostilePool, {
        claims,
        loginKey: 'accounts.google.com',
        now: 1_767_225_600,
        customRoleArn: withCustomRole ? other : undefined,
      });
      const poolResult: PoolSimulationResult = { ...result, poolKey: 'pool', poolLabel: label, mappingKey: key };
      const line = describeResult(poolResult);
      assert.deepEqual(liveMarkdown(line), [], line);
      assert.equal(renderMarkdown(line).match(/<li>/g)?.length, 1, line);
      const report = simulationReport('Claims simulation', { results: [poolResult], now: 1_767_225_600, nowIso: '2026-01-01T00:00:00Z' });
      assert.deepEqual(liveMarkdown(report), [], report);
      const decoded = decodedTokenReport({ ok: true, header: { alg: 'RS256', kid: label }, claims, dates: [], warnings: [key], now: 0 });
      assert.deepEqual(liveMarkdown(decoded), [], decoded);
      for (const markdown of [`- ${inlineCode(preferred)}`, `- ${escapeMarkdown(preferred)}`]) {
        assert.deepEqual(liveMarkdown(markdown), [], markdown);
        assert.equal(renderMarkdown(markdown).match(/<li>/g)?.length, 1, markdown);
      }
    }),
    { seed, numRuns: hostileRuns, includeErrorInReport: true },
  );
});

/** A claim value nested `depth` levels (arrays and objects mixed), built without recursion. */
function nestedValue(depth: number, objects: boolean): unknown {
  let value: unknown = 'leaf';
  for (let i = 0; i < depth; i++) value = objects && i % 2 ? { k: value } : [value];
  return value;
}

test('deeply nested claims render bounded and never overflow, in simulation and in the rendered claims', () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 12_000 }), fc.boolean(), (depth, objects) => {
      const claims = {
        iss: 'https://accounts.google.com',
        aud: 'x',
        exp: 1_767_225_660,
        'cognito:preferred_role': nestedValue(depth, objects),
        deep: nestedValue(depth, objects),
      };
      const shown = timed('bounded rendering', () => boundedJson(claims, 20, 16_000));
      assert.ok(shown.text.length <= 16_002);
      assert.equal(shown.truncated, depth >= 19, `depth ${depth}`);
      timed('simulation', () => evaluateRequest(hostilePool, { claims, loginKey: 'accounts.google.com', now: 1_767_225_600 }));
    }),
    { seed, numRuns: runs ? Math.max(20, Math.floor(runs / 100)) : 25, includeErrorInReport: true },
  );
});
