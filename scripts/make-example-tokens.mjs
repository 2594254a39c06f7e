// Makes the sample ID tokens in examples/tokens/: a fresh RS256 key signs Cognito-user-pool-style ID tokens
// with fixed claims and a fixed issue time, so simulations are deterministic with the --now below.
// Writes jwks.json (public key only), one .jwt per token and README.md. The private key lives only in
// memory and is never written: re-running the script replaces every token and the JWKS together.
import { writeFileSync, mkdirSync, readdirSync, unlinkSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { base64url, exportJWK, generateKeyPair, SignJWT } from 'jose';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = join(root, 'examples', 'tokens');

/** 2026-01-01T00:00:00Z: every token is issued then and is valid for one hour. */
const ISSUED_AT = 1767225600;
/** The evaluation time to pass with --now: ten minutes after issue. */
const NOW = ISSUED_AT + 600;
const KID = 'example-2026-01';

const ACCOUNT = '111122223333';
const role = (name) => `arn:aws:iam::${ACCOUNT}:role/${name}`;

// The two user pools of examples/user-pool-groups and examples/google-and-user-pool-rules.
const PHOTO_SHARE = { issuer: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_PhT0sHr42', client: '7k3examplewebclient5q9xztr' };
const STAFF_PORTAL = { issuer: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_StAfF0rG1', client: '2b8examplestaffportal4c6de' };
/** An app client of the PhotoShare user pool that is not registered on the identity pool. */
const UNREGISTERED_CLIENT = '1mobileappclientexample9zq';

function idToken(pool, user, extra = {}, { issuedAt = ISSUED_AT, lifetime = 3600 } = {}) {
  return {
    sub: user.sub,
    ...extra,
    email_verified: true,
    iss: pool.issuer,
    'cognito:username': user.username,
    origin_jti: user.originJti,
    aud: pool.client,
    event_id: user.eventId,
    token_use: 'id',
    auth_time: issuedAt,
    exp: issuedAt + lifetime,
    iat: issuedAt,
    jti: user.jti,
    email: user.email,
  };
}

const users = {
  alice: {
    sub: '8c1e4f2a-6b3d-4e5f-9a7b-1c2d3e4f5a6b',
    username: 'alice',
    email: 'alice@example.com',
    originJti: 'a4f0c2e1-3b5d-4c6e-8f9a-0b1c2d3e4f50',
    eventId: 'e1d2c3b4-a596-4788-9a0b-1c2d3e4f5a61',
    jti: 'f0e1d2c3-b4a5-4968-8776-5a4b3c2d1e02',
  },
  bob: {
    sub: '2d3e4f5a-6b7c-4d8e-9f0a-1b2c3d4e5f6a',
    username: 'bob',
    email: 'bob@example.com',
    originJti: 'b5a1d3f2-4c6e-4d7f-9a0b-1c2d3e4f5a63',
    eventId: 'c2d3e4f5-a6b7-4c8d-9e0f-1a2b3c4d5e64',
    jti: 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c05',
  },
  carol: {
    sub: '5f6a7b8c-9d0e-4f1a-8b2c-3d4e5f6a7b8c',
    username: 'carol',
    email: 'carol@example.com',
    originJti: 'c6b2e4a3-5d7f-4e8a-9b1c-2d3e4f5a6b76',
    eventId: 'd3e4f5a6-b7c8-4d9e-8f0a-1b2c3d4e5f67',
    jti: 'b2c3d4e5-f6a7-4b8c-9d0e-1f2a3b4c5d08',
  },
  dmitri: {
    sub: '9a0b1c2d-3e4f-4a5b-8c6d-7e8f9a0b1c2d',
    username: 'dmitri',
    email: 'dmitri.volkov@example.com',
    originJti: 'd7c3f5b4-6e8a-4f9b-8c2d-3e4f5a6b7c89',
    eventId: 'e4f5a6b7-c8d9-4e0f-9a1b-2c3d4e5f6a7a',
    jti: 'c3d4e5f6-a7b8-4c9d-8e0f-2a3b4c5d6e0b',
  },
  priya: {
    sub: '1c2d3e4f-5a6b-4c7d-9e8f-0a1b2c3d4e5f',
    username: 'priya',
    email: 'priya.nair@example.com',
    originJti: 'e8d4a6c5-7f9b-4a0c-9d3e-4f5a6b7c8d9c',
    eventId: 'f5a6b7c8-d9e0-4f1a-8b2c-3d4e5f6a7b8d',
    jti: 'd4e5f6a7-b8c9-4d0e-9f1a-3b4c5d6e7f0e',
  },
  sam: {
    sub: '3e4f5a6b-7c8d-4e9f-8a0b-1c2d3e4f5a6b',
    username: 'sam',
    email: 'sam.okafor@agency.example.org',
    originJti: 'f9e5b7d6-8a0c-4b1d-8e4f-5a6b7c8d9e0f',
    eventId: 'a6b7c8d9-e0f1-4a2b-9c3d-4e5f6a7b8c9e',
    jti: 'e5f6a7b8-c9d0-4e1f-8a2b-4c5d6e7f8a01',
  },
};

/** name → [claims, one-line description for the README] */
/** @type {Record<string, [import('jose').JWTPayload, string]>} */
const tokens = {
  'photoshare-admin': [
    idToken(PHOTO_SHARE, users.alice, {
      'cognito:groups': ['admins', 'editors'],
      'cognito:preferred_role': role('PhotoShare-Admins'),
      'cognito:roles': [role('PhotoShare-Admins'), role('PhotoShare-Editors')],
      'custom:plan': 'family',
    }),
    'PhotoShare user in groups `admins` (precedence 1) and `editors`: two roles, preferred role Admins.',
  ],
  'photoshare-editor': [
    idToken(PHOTO_SHARE, users.bob, {
      'cognito:groups': ['editors'],
      'cognito:preferred_role': role('PhotoShare-Editors'),
      'cognito:roles': [role('PhotoShare-Editors')],
      'custom:plan': 'free',
    }),
    'PhotoShare user in group `editors` only.',
  ],
  'photoshare-no-groups': [idToken(PHOTO_SHARE, users.carol, { 'custom:plan': 'free' }), 'PhotoShare user in no group: the token has no `cognito:roles`.'],
  'photoshare-expired': [
    idToken(
      PHOTO_SHARE,
      users.bob,
      {
        'cognito:groups': ['editors'],
        'cognito:preferred_role': role('PhotoShare-Editors'),
        'cognito:roles': [role('PhotoShare-Editors')],
        'custom:plan': 'free',
      },
      { issuedAt: ISSUED_AT - 2 * 3600 },
    ),
    'Like photoshare-editor, but issued two hours earlier: expired 70 minutes before --now.',
  ],
  'photoshare-unregistered-client': [
    {
      ...idToken(PHOTO_SHARE, users.alice, {
        'cognito:groups': ['admins'],
        'cognito:preferred_role': role('PhotoShare-Admins'),
        'cognito:roles': [role('PhotoShare-Admins')],
      }),
      aud: UNREGISTERED_CLIENT,
    },
    'Issued to an app client (`aud`) that the identity pool does not register.',
  ],
  'photoshare-access-token': [
    (() => {
      const {
        aud,
        'cognito:username': username,
        email,
        email_verified,
        origin_jti,
        ...rest
      } = idToken(PHOTO_SHARE, users.bob, { 'cognito:groups': ['editors'] });
      void aud;
      void email;
      void email_verified;
      return { ...rest, origin_jti, token_use: 'access', scope: 'aws.cognito.signin.user.admin', client_id: PHOTO_SHARE.client, username };
    })(),
    'An access token (no `aud`) passed where the ID token belongs.',
  ],
  'staff-finance': [
    idToken(STAFF_PORTAL, users.dmitri, { 'custom:department': 'Finance', 'custom:contractor_agency': 'none' }),
    'Staff portal user with `custom:department` = `Finance`.',
  ],
  'staff-engineering': [
    idToken(STAFF_PORTAL, users.priya, { 'custom:department': 'Engineering-Platform', 'custom:contractor_agency': 'none', 'cognito:groups': ['oncall'] }),
    'Staff portal user with `custom:department` = `Engineering-Platform`.',
  ],
  'staff-contractor': [
    idToken(STAFF_PORTAL, users.sam, { 'custom:department': 'Facilities', 'custom:contractor_agency': 'BrightStaff Ltd' }),
    'Staff portal contractor: department `Facilities`, `custom:contractor_agency` set.',
  ],
};

const { publicKey, privateKey } = await generateKeyPair('RS256', { extractable: true });
const jwk = { ...(await exportJWK(publicKey)), kid: KID, alg: 'RS256', use: 'sig' };

mkdirSync(outDir, { recursive: true });
for (const file of readdirSync(outDir)) if (file.endsWith('.jwt')) unlinkSync(join(outDir, file));
writeFileSync(join(outDir, 'jwks.json'), JSON.stringify({ keys: [jwk] }, null, 2) + '\n');

/** @type {Record<string, string>} */
const written = {};
for (const [name, [claims]] of Object.entries(tokens)) {
  written[name] = await new SignJWT(claims).setProtectedHeader({ kid: KID, alg: 'RS256' }).sign(privateKey);
}
// A token whose payload was edited after signing (groups widened to `admins`): the signature no longer
// matches, which only a check against jwks.json reveals.
{
  const [header, , signature] = written['photoshare-editor'].split('.');
  const tampered = {
    ...tokens['photoshare-editor'][0],
    'cognito:groups': ['admins', 'editors'],
    'cognito:preferred_role': role('PhotoShare-Admins'),
    'cognito:roles': [role('PhotoShare-Admins'), role('PhotoShare-Editors')],
  };
  written['photoshare-tampered'] = `${header}.${base64url.encode(JSON.stringify(tampered))}.${signature}`;
  tokens['photoshare-tampered'] = [
    tampered,
    'photoshare-editor with its payload edited to claim the `admins` group; the signature no longer matches (use `--jwks`).',
  ];
}
for (const [name, token] of Object.entries(written)) writeFileSync(join(outDir, `${name}.jwt`), token + '\n');

const readme = `# Sample tokens

Made by \`npm run make-example-tokens\` (scripts/make-example-tokens.mjs); do not edit by hand. Each run makes a
new RS256 key, signs the tokens with it, writes its public key to \`jwks.json\` and forgets the private key.
These tokens are examples for this repository only and grant nothing anywhere.

All tokens are issued at ${ISSUED_AT} (${new Date(ISSUED_AT * 1000).toISOString()}) and valid for one hour.
Use \`--now ${NOW}\` (${new Date(NOW * 1000).toISOString()}) so that simulations give the same answer every day.

| File | What it is |
| --- | --- |
${Object.entries(tokens)
  .map(([name, [, description]]) => `| \`${name}.jwt\` | ${description} |`)
  .join('\n')}

PhotoShare tokens come from the user pool of \`examples/user-pool-groups\`, staff tokens from the user pool of
\`examples/google-and-user-pool-rules\`. Example:

\`\`\`sh
node dist/cli.js simulate --roles examples/user-pool-groups/roles.json --identity-pool examples/user-pool-groups/identity-pool.json \\
  --token-file examples/tokens/photoshare-admin.jwt --jwks examples/tokens/jwks.json --now ${NOW}
\`\`\`
`;
writeFileSync(join(outDir, 'README.md'), readme);
console.log(`Wrote ${Object.keys(written).length} tokens, jwks.json and README.md to examples/tokens (use --now ${NOW}).`);
