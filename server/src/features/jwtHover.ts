/**
 * JWT hover in any document: the decoded header and claims as untrusted text in code blocks, the time
 * claims as dates relative to the configured clock, warnings, the signature status against the configured
 * JWKS files, and for each identity pool in the workspace the role this token would get, linked to the
 * rule that gives it. The token is decoded in memory only: never logged, never sent anywhere.
 */
import { MarkupKind, type CancellationToken, type Hover, type Position } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { findTokens } from '../../../core/jwt';
import type { PoolSimulationResult } from '../../../protocol/protocol';
import type { RuntimeEnvironment } from '../runtime';
import { simulatablePools, simulatePools, simulationRequest } from '../simulation';
import { inspectToken, type LoadedJwks } from '../tokens';
import { throwIfCancelled } from '../utils/errors';
import { codeBlock, escapeMarkdown, inlineCode, locationLink } from '../utils/markdown';
import { isoDate } from '../utils/time';
import type { Workspace } from '../workspace';
import type { SeenClaims } from '../workspaceFacts';

/** Tokens are at most 50,000 characters (GetCredentialsForIdentity); look no further than that around the cursor. */
const SEARCH_RADIUS = 50_000;
/** More pools than this make the hover unreadable; the simulate command covers the rest. */
const MAX_POOLS_IN_HOVER = 8;

export interface JwtHoverContext {
  runtime: RuntimeEnvironment;
  workspace: Workspace;
  seenClaims: SeenClaims;
  now: number;
  loadJwks(): Promise<LoadedJwks>;
  /** Resolves when the workspace index is built (the simulation needs every pool). */
  ready: Promise<void>;
}

/** The JWT under the cursor, if any: searched only on the cursor's line (bounded). */
export function tokenAt(document: TextDocument, position: Position): { token: string; start: number; end: number } | undefined {
  const text = document.getText();
  const offset = document.offsetAt(position);
  const lineStart = Math.max(text.lastIndexOf('\n', offset - 1) + 1, offset - SEARCH_RADIUS);
  const newline = text.indexOf('\n', offset);
  const lineEnd = Math.min(newline === -1 ? text.length : newline, offset + SEARCH_RADIUS);
  const found = findTokens(text.slice(lineStart, lineEnd)).find((t) => offset >= lineStart + t.offset && offset <= lineStart + t.offset + t.length);
  return found ? { token: found.token, start: lineStart + found.offset, end: lineStart + found.offset + found.length } : undefined;
}

export async function jwtHover(context: JwtHoverContext, document: TextDocument, position: Position, cancel?: CancellationToken): Promise<Hover | null> {
  const found = tokenAt(document, position);
  if (!found) return null;
  const range = { start: document.positionAt(found.start), end: document.positionAt(found.end) };
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

  const sections: string[] = ['**JWT** · decoded locally; the token is never sent anywhere. Its content is shown as untrusted text.'];
  for (const warning of inspected.warnings) sections.push(`⚠️ ${escapeMarkdown(warning)}`);
  sections.push(`Header\n\n${codeBlock(JSON.stringify(inspected.header, null, 2), 'json')}`);
  sections.push(`Claims\n\n${codeBlock(JSON.stringify(inspected.claims, null, 2), 'json')}`);
  if (inspected.dates.length > 0) {
    sections.push(inspected.dates.map((d) => `- \`${d.claim}\` ${d.iso}: **${d.relative}**`).join('\n'));
  }
  if (inspected.signature) {
    const mark = inspected.signature.status === 'valid' ? '✅' : inspected.signature.status === 'invalid' ? '❌' : 'ℹ️';
    sections.push(`${mark} Signature: ${escapeMarkdown(inspected.signature.message)}`);
  } else {
    sections.push('Signature not checked: set `identityPoolRoles.jwksFiles` to a saved JWKS to verify it.');
  }

  const pools = simulatablePools(context.workspace);
  if (pools.length > 0) {
    const request = simulationRequest({ token: found.token }, context.now, jwks.jwks);
    const results = await simulatePools(context.runtime, context.workspace, pools.slice(0, MAX_POOLS_IN_HOVER), request, cancel);
    const lines = results.map(describeResult);
    if (pools.length > MAX_POOLS_IN_HOVER) lines.push(`- … and ${pools.length - MAX_POOLS_IN_HOVER} more pools (use the Simulate token command).`);
    sections.push(`**Role from each identity pool** (at \`${isoDate(context.now)}\`)\n\n${lines.join('\n')}`);
  }
  return { contents: { kind: MarkupKind.Markdown, value: sections.join('\n\n') }, range };
}

/** One line per pool: the role (or deny, or the AWS error), via which rule, linked to where it is written. */
export function describeResult(result: PoolSimulationResult): string {
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
          ? `rule ${result.matchedRuleIndex + 1}${result.mappingKey ? ` of ${inlineCode(result.mappingKey)}` : ''}`
          : viaText(result.via);
      return `- ${pool}: role ${inlineCode(result.roleArn ?? '')} via ${via}${link}`;
    }
    case 'deny':
      return `- ${pool}: **denied** (${viaText(result.via)}): ${escapeMarkdown(result.message)}${link}`;
    case 'unknown': {
      const parameters = result.dependsOn.length > 0 ? ` Set ${result.dependsOn.map(inlineCode).join(', ')} in \`identityPoolRoles.templateParameters\` to decide it.` : '';
      return `- ${pool}: **unknown until deployment**: ${escapeMarkdown(result.message)}${parameters}${link}`;
    }
    default:
      return `- ${pool}: **error**${result.errorCode ? ` ${inlineCode(result.errorCode)}` : ''}: ${escapeMarkdown(result.message)}${link}`;
  }
}

function viaText(via: PoolSimulationResult['via']): string {
  switch (via) {
    case 'rules':
      return 'a rule';
    case 'token':
      return 'the token\'s `cognito:preferred_role` / `cognito:roles`';
    case 'custom-role-arn':
      return 'the CustomRoleArn';
    case 'ambiguous-resolution':
      return 'AmbiguousRoleResolution (no rule decided)';
    case 'default-authenticated':
      return 'the default authenticated role';
    case 'default-unauthenticated':
      return 'the default unauthenticated role';
    case 'token-validation':
      return 'token validation';
    case 'validation':
      return 'configuration validation';
    default:
      return String(via);
  }
}
