/** Shared helpers for the validation tests: build documents from small JSON texts and find exact ranges. */
import assert from 'node:assert/strict';
import type { CoreDiagnostic } from '../../core/diagnostics';
import { parseDocument } from '../../core/documents';
import type { Range } from '../../core/positions';
import { checkDocuments } from '../../core/validate/index';

export const ROLES_URI = 'file:///work/roles.json';
export const POOL_URI = 'file:///work/pool.json';
export const POOL_ID = 'us-east-1:11111111-2222-3333-4444-555555555555';
export const USER_POOL = 'cognito-idp.us-east-1.amazonaws.com/us-east-1_AbCdEf123';
export const CLIENT_ID = '1example23456789abcdefghij';
export const USER_POOL_KEY = `${USER_POOL}:${CLIENT_ID}`;
export const AUTH_ROLE = 'arn:aws:iam::123456789012:role/Auth';
export const UNAUTH_ROLE = 'arn:aws:iam::123456789012:role/Unauth';
export const ADMIN_ROLE = 'arn:aws:iam::123456789012:role/Admin';
export const SALES_ROLE = 'arn:aws:iam::123456789012:role/Sales';

export interface Rule {
  Claim?: unknown;
  MatchType?: unknown;
  Value?: unknown;
  RoleARN?: unknown;
  [key: string]: unknown;
}

export function rule(claim: string, matchType: string, value: string, roleArn = ADMIN_ROLE): Rule {
  return { Claim: claim, MatchType: matchType, Value: value, RoleARN: roleArn };
}

/** A Rules mapping with AuthenticatedRole resolution. */
export function rulesMapping(rules: Rule[], extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { Type: 'Rules', AmbiguousRoleResolution: 'AuthenticatedRole', RulesConfiguration: { Rules: rules }, ...extra };
}

/** A valid roles file (pretty-printed, one field per line) with the given mappings and overrides. */
export function rolesText(mappings: Record<string, unknown> = {}, overrides: Record<string, unknown> = {}): string {
  return JSON.stringify(
    { IdentityPoolId: POOL_ID, Roles: { authenticated: AUTH_ROLE, unauthenticated: UNAUTH_ROLE }, RoleMappings: mappings, ...overrides },
    null,
    2,
  );
}

/** A valid identity-pool file registering the user pool client and Google, with overrides. */
export function poolText(overrides: Record<string, unknown> = {}): string {
  return JSON.stringify(
    {
      IdentityPoolId: POOL_ID,
      IdentityPoolName: 'My pool',
      AllowUnauthenticatedIdentities: true,
      CognitoIdentityProviders: [{ ProviderName: USER_POOL, ClientId: CLIENT_ID, ServerSideTokenCheck: false }],
      SupportedLoginProviders: { 'accounts.google.com': '123-abc.apps.googleusercontent.com' },
      ...overrides,
    },
    null,
    2,
  );
}

/** Checks the texts together; returns the diagnostics of the first (or of `uri`). */
export function check(text: string, others: Array<{ uri: string; text: string }> = [], uri = ROLES_URI): CoreDiagnostic[] {
  const documents = [parseDocument(uri, text), ...others.map((o) => parseDocument(o.uri, o.text))];
  const result = checkDocuments(documents);
  return result.get(uri) ?? [];
}

export function checkAll(files: Array<{ uri: string; text: string }>): Map<string, CoreDiagnostic[]> {
  return checkDocuments(files.map((f) => parseDocument(f.uri, f.text)));
}

/** The range of the `nth` occurrence of `needle` in `text` (0-based lines and UTF-16 characters). */
export function rangeOf(text: string, needle: string, nth = 0): Range {
  let offset = -1;
  for (let i = 0; i <= nth; i++) {
    offset = text.indexOf(needle, offset + 1);
    assert.notEqual(offset, -1, `${JSON.stringify(needle)} (occurrence ${nth}) not in the text`);
  }
  return { start: positionAt(text, offset), end: positionAt(text, offset + needle.length) };
}

function positionAt(text: string, offset: number): { line: number; character: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length - 1;
  return { line, character: offset - (before.lastIndexOf('\n') + 1) };
}

/** The only diagnostic with this code (fails when there are none or several). */
export function only(diagnostics: CoreDiagnostic[], code: string): CoreDiagnostic {
  const found = diagnostics.filter((d) => d.code === code);
  assert.equal(
    found.length,
    1,
    `expected one ${code}, got: ${JSON.stringify(
      diagnostics.map((d) => [d.code, d.message]),
      null,
      1,
    )}`,
  );
  return found[0];
}

export function codes(diagnostics: CoreDiagnostic[]): string[] {
  return diagnostics.map((d) => d.code);
}

export function none(diagnostics: CoreDiagnostic[], code: string): void {
  assert.deepEqual(
    diagnostics.filter((d) => d.code === code).map((d) => d.message),
    [],
    `expected no ${code}`,
  );
}
