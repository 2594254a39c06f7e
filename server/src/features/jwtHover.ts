/**
 * JWT hover in any document. The answer leads: for each identity pool in the workspace the role this token
 * would get (linked to the rule that gives it), then what that role lets this identity do. Then warnings,
 * the signature status against the configured JWKS files, the decoded header and claims as untrusted text
 * in code blocks, and the time claims as dates relative to the configured clock. The token is decoded in
 * memory only: never logged, never sent anywhere.
 */
import { MarkupKind, type CancellationToken, type Hover, type Position } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { findTokens, isoDate, MAX_LOGIN_TOKEN_LENGTH } from '../../../core/index';
import type { PoolSimulationResult } from '../../../protocol/protocol';
import { VIA_DESCRIPTIONS } from '../../../protocol/vocabulary';
import type { RuntimeEnvironment } from '../runtime';
import { simulatablePools, simulatePools, simulationRequest } from '../simulation';
import { moveModuleLocations } from '../terraform';
import { permissionsText } from './permissionsHover';
import type { PolicyStore } from '../../../core/index';
import { inspectToken, type LoadedJwks } from '../tokens';
import { throwIfCancelled } from '../utils/errors';
import { boundedJson, codeBlock, escapeMarkdown, inlineCode, locationLink } from '../utils/markdown';
import type { Workspace } from '../workspace';
import type { SeenClaims } from '../workspaceFacts';

/** More pools than this make the hover unreadable; the simulate command covers the rest. */
const MAX_POOLS_IN_HOVER = 8;
/** How far the hover looks for the ends of the token-character run under the cursor, each way. */
const MAX_RUN_SCAN = 1024 * 1024;
/** Bounds of the decoded header and claims shown: real claims nest a few levels and fill a screen or two. */
const MAX_JSON_DEPTH = 20;
const MAX_JSON_LENGTH = 16_000;

export interface JwtHoverContext {
  runtime: RuntimeEnvironment;
  workspace: Workspace;
  seenClaims: SeenClaims;
  now: number;
  loadJwks(): Promise<LoadedJwks>;
  /** Policies from the `identityPoolRoles.policyFiles` setting (issue 19). */
  loadPolicies?(): Promise<PolicyStore>;
  /** Resolves when the workspace index is built (the simulation needs every pool). */
  ready: Promise<void>;
}

export interface TokenAtCursor {
  token: string;
  start: number;
  end: number;
  /** The token runs on past the scan: it is longer than `token`. */
  cut?: boolean;
}

/**
 * The JWT under the cursor, if any: the run of token characters (base64url and dots) around the cursor,
 * scanned at most MAX_RUN_SCAN characters each way. A token longer than Cognito accepts is still found
 * whole (the hover says it is too long), however long its line.
 */
export function tokenAt(document: TextDocument, position: Position): TokenAtCursor | undefined {
  const text = document.getText();
  const offset = document.offsetAt(position);
  let runStart = offset;
  while (runStart > 0 && offset - runStart < MAX_RUN_SCAN && isTokenCharacter(text.charCodeAt(runStart - 1))) runStart--;
  // A run longer than the scan to the left: its start, and so whether it is a JWT, is out of sight.
  if (runStart > 0 && isTokenCharacter(text.charCodeAt(runStart - 1))) return undefined;
  let runEnd = offset;
  while (runEnd < text.length && runEnd - offset < MAX_RUN_SCAN && isTokenCharacter(text.charCodeAt(runEnd))) runEnd++;
  if (runEnd === runStart) return undefined;
  const found = findTokens(text.slice(runStart, runEnd)).find((t) => offset >= runStart + t.offset && offset <= runStart + t.offset + t.length);
  if (!found) return undefined;
  const end = runStart + found.offset + found.length;
  const cut = end === runEnd && runEnd < text.length && isTokenCharacter(text.charCodeAt(runEnd));
  return { token: found.token, start: runStart + found.offset, end, ...(cut ? { cut } : {}) };
}

/** `A-Z a-z 0-9 - _ .`: the characters of a compact JWS. */
function isTokenCharacter(code: number): boolean {
  return (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || (code >= 48 && code <= 57) || code === 45 || code === 95 || code === 46;
}

export async function jwtHover(context: JwtHoverContext, document: TextDocument, position: Position, cancel?: CancellationToken): Promise<Hover | null> {
  const found = tokenAt(document, position);
  if (!found) return null;
  const range = { start: document.positionAt(found.start), end: document.positionAt(found.end) };
  if (found.token.length > MAX_LOGIN_TOKEN_LENGTH) {
    const value =
      `**JWT** · token too long: ${found.cut ? 'more than ' : ''}${found.token.length.toLocaleString('en-US')} characters. GetCredentialsForIdentity accepts Logins ` +
      `tokens of at most ${MAX_LOGIN_TOKEN_LENGTH.toLocaleString('en-US')} characters, so Cognito refuses it; it is not decoded.`;
    return { contents: { kind: MarkupKind.Markdown, value }, range };
  }
  await context.ready;
  throwIfCancelled(cancel);
  const jwks = await context.loadJwks();
  throwIfCancelled(cancel);
  const inspected = await inspectToken(found.token, context.now, jwks);
  if (!inspected.ok) {
    const value = `**JWT** (decoded locally)\n\nThis looks like a JWT but cannot be decoded: ${escapeMarkdown(inspected.error)}`;
    return { contents: { kind: MarkupKind.Markdown, value }, range };
  }
  context.seenClaims.add(inspected.claims);

  // The answer first (per pool: the role, then what it lets this identity do), then the decoded token.
  const sections: string[] = ['**JWT** · decoded locally; the token is never sent anywhere. Its content is shown as untrusted text.'];
  const pools = simulatablePools(context.workspace);
  if (pools.length > 0) {
    const request = simulationRequest({ token: found.token }, context.now, jwks.jwks);
    const simulated = await simulatePools(context.runtime, context.workspace, pools.slice(0, MAX_POOLS_IN_HOVER), request, cancel);
    // Links of Terraform pools point into the `.tf` file of the rule, not into the module's joined text.
    const results = moveModuleLocations(simulated, context.workspace.core, (uri) => context.workspace.terraformModuleOf(uri));
    const policies = await context.loadPolicies?.();
    const lines = await Promise.all(
      results.map(async (result, i) => describeResult(result, await permissionsText(context.workspace, pools[i], request, result, policies))),
    );
    if (pools.length > MAX_POOLS_IN_HOVER) lines.push(`- … and ${pools.length - MAX_POOLS_IN_HOVER} more pools (use the Simulate token command).`);
    sections.push(`**Role from each identity pool** (at \`${isoDate(context.now)}\`)\n\n${lines.join('\n')}`);
  }
  for (const warning of inspected.warnings) sections.push(`⚠️ ${escapeMarkdown(warning)}`);
  if (inspected.signature) {
    const mark = inspected.signature.status === 'valid' ? '✅' : inspected.signature.status === 'invalid' ? '❌' : 'ℹ️';
    sections.push(`${mark} Signature: ${escapeMarkdown(inspected.signature.message)}`);
  } else {
    sections.push('Signature not checked: set `identityPoolRoles.jwksFiles` to a saved JWKS to verify it.');
  }
  if (pools.length > 0) sections.push('---');
  sections.push(jsonSection('Header', inspected.header));
  sections.push(jsonSection('Claims', inspected.claims));
  if (inspected.dates.length > 0) {
    sections.push(inspected.dates.map((d) => `- \`${d.claim}\` ${d.iso}: **${d.relative}**`).join('\n'));
  }
  return { contents: { kind: MarkupKind.Markdown, value: sections.join('\n\n') }, range };
}

/** A decoded part of the token as a JSON block, bounded in depth and size (a token can nest thousands of levels). */
function jsonSection(title: string, value: unknown): string {
  const json = boundedJson(value, MAX_JSON_DEPTH, MAX_JSON_LENGTH);
  const note = json.truncated ? ` (truncated: shown to ${MAX_JSON_DEPTH} levels and ${MAX_JSON_LENGTH.toLocaleString('en-US')} characters)` : '';
  return `${title}${note}\n\n${codeBlock(json.text, 'json')}`;
}

/**
 * One list item per pool: the role (or deny, unknown, or the AWS error, and why) on one line, linked to
 * where it is written, then what the role lets this identity do on the next.
 */
export function describeResult(result: PoolSimulationResult, permissions?: string): string {
  const pool = `**${escapeMarkdown(result.poolLabel)}**`;
  // Link to the matched rule itself when there is one, else to where the role is written.
  const ruleStep = result.trace.find((step) => step.step === 'rule' && step.ruleIndex === result.matchedRuleIndex && step.location);
  const target = ruleStep?.location ?? result.roleLocation;
  const link = target
    ? ` ([${escapeMarkdown(target.uri.replace(/^.*\//, ''))}:${target.range.start.line + 1}](${locationLink(target.uri, target.range.start.line)}))`
    : '';
  switch (result.outcome) {
    case 'role': {
      const via =
        result.via === 'rules' && result.matchedRuleIndex !== null
          ? ` via rule ${result.matchedRuleIndex + 1}${result.mappingKey ? ` of ${inlineCode(result.mappingKey)}` : ''}`
          : ` (${viaText(result.via)})`;
      // What the role lets this identity do: a line of its own, nested under the role.
      return `- ${pool}: role ${inlineCode(result.roleArn ?? '')}${via}${link}${permissions ? `\n  - ${escapeMarkdown(permissions)}` : ''}`;
    }
    case 'deny':
      return `- ${pool}: **denied** (${viaText(result.via)}): ${escapeMarkdown(result.message)}${link}`;
    case 'unknown': {
      const parameters =
        result.dependsOn.length > 0 ? ` Set ${result.dependsOn.map(inlineCode).join(', ')} in \`identityPoolRoles.templateParameters\` to decide it.` : '';
      // "Until deployment" only when template parameters decide it; otherwise (a token the JWKS cannot verify,
      // default roles not in a RoleMappings file, a custom resource) the message says why.
      const label = result.dependsOn.length > 0 ? '**unknown until deployment**' : '**unknown**';
      return `- ${pool}: ${label}: ${escapeMarkdown(result.message)}${parameters}${link}`;
    }
    default:
      return `- ${pool}: **error**${result.errorCode ? ` ${inlineCode(result.errorCode)}` : ''}: ${escapeMarkdown(result.message)}${link}`;
  }
}

/** The shared wording of `via`; an id from a newer server is shown as it is. */
function viaText(via: PoolSimulationResult['via']): string {
  return escapeMarkdown(VIA_DESCRIPTIONS[via] ?? String(via));
}
