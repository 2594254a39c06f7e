/**
 * Entry point for turning a text into the model: parse (JSON or YAML), detect what the document is by
 * its content, and build pools. Pure and synchronous; the language server caches the result per version.
 */
import { looksLikeTemplate, readTemplate } from './cloudformation/template';
import { makeDiagnostic } from './diagnostics';
import type { DocumentKind, IdentityPoolModel, ModelDocument } from './model';
import { readPoolDefinition } from './parse/identityPool';
import { readRoleConfig } from './parse/setIdentityPoolRoles';
import { ValueReader } from './parse/values';
import { getProperty, parseJsonText, reparseJsonAfterEdit, type ParsedText, type SyntaxNode } from './syntax';
import { parseYamlText } from './yaml';

export type TextFormat = 'json' | 'yaml';

/** Files above this size are not checked: no real role-mapping file comes close, and it bounds the work. */
export const MAX_DOCUMENT_LENGTH = 5 * 1024 * 1024;

const ROLES_KEYS = ['Roles', 'RoleMappings'];
const POOL_KEYS = [
  'IdentityPoolName',
  'AllowUnauthenticatedIdentities',
  'AllowClassicFlow',
  'CognitoIdentityProviders',
  'SupportedLoginProviders',
  'OpenIdConnectProviderARNs',
  'SamlProviderARNs',
  'DeveloperProviderName',
];

/** Guesses JSON or YAML from a file name or language id; content decides when neither says. */
export function formatFor(uriOrLanguageId: string, text: string): TextFormat {
  const lower = uriOrLanguageId.toLowerCase();
  if (/(^|\.)(ya?ml)$/.test(lower) || lower === 'yaml') return 'yaml';
  if (/(^|\.)jsonc?$/.test(lower) || lower === 'json' || lower === 'jsonc') return 'json';
  const first = text.trimStart()[0];
  return first === '{' || first === '[' ? 'json' : 'yaml';
}

export function parseText(text: string, format: TextFormat): ParsedText {
  return format === 'json' ? parseJsonText(text) : parseYamlText(text);
}

/** What a parsed text is, by content only. */
export function detectKind(parsed: ParsedText): DocumentKind {
  const root = parsed.root;
  if (root?.kind !== 'object') return 'unknown';
  if (looksLikeTemplate(parsed)) return 'template';
  if (ROLES_KEYS.some((k) => getProperty(root, k))) return 'roles';
  if (POOL_KEYS.some((k) => getProperty(root, k))) return 'identity-pool';
  return 'unknown';
}

/**
 * Words at least one of which every role-mapping document holds (a key, or inside the CloudFormation
 * resource type `AWS::Cognito::IdentityPool…`). Plain ASCII, so that the workspace index can look for them
 * in raw file bytes before decoding or parsing anything; a text holding none of them is certainly not a
 * role-mapping document.
 */
export const ROLE_MAPPING_MARKERS: readonly string[] = [
  'IdentityPool',
  'RoleMappings',
  'Roles',
  'AllowUnauthenticatedIdentities',
  'CognitoIdentityProviders',
  'SupportedLoginProviders',
  'OpenIdConnectProviderARNs',
  'SamlProviderARNs',
  'DeveloperProviderName',
];

/** The markers as the full-text filter looks for them: `Roles` only as a key (quoted, or before a colon), not in prose. */
const ROLE_MAPPING_HINT_RE = new RegExp(ROLE_MAPPING_MARKERS.map((marker) => (marker === 'Roles' ? '"Roles"|Roles\\s*:' : marker)).join('|'));
const TEMPLATE_HINT_RE = /AWSTemplateFormatVersion|["']?Resources["']?\s*:/;

/**
 * Cheap pre-filter for documents that cannot be role-mapping documents (most JSON and YAML files, and
 * templates without an identity pool, whose `Roles:` belong to IAM policies). A false answer is certain.
 */
export function mightBeRoleMappingText(text: string): boolean {
  if (!ROLE_MAPPING_HINT_RE.test(text)) return false;
  if (text.includes('AWS::Cognito::IdentityPool')) return true;
  return !TEMPLATE_HINT_RE.test(text);
}

/**
 * Parses a document into the model. `previous` is the same document's previous parse, if at hand: an
 * edit inside one JSON string then re-uses it instead of scanning the whole text again.
 */
export function parseDocument(uri: string, text: string, format: TextFormat = formatFor(uri, text), previous?: ParsedText): ModelDocument {
  const emptyParsed = (): ParsedText => parseText('', format);
  if (text.length > MAX_DOCUMENT_LENGTH) {
    const parsed = emptyParsed();
    return {
      uri,
      kind: 'unknown',
      parsed,
      pools: [],
      iamRoles: [],
      parseDiagnostics: [
        makeDiagnostic('file-too-large', uri, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, `This file is ${Math.round(text.length / 1024 / 1024)} MB; files over ${MAX_DOCUMENT_LENGTH / 1024 / 1024} MB are not checked.`),
      ],
    };
  }
  // Not a candidate: leave it alone without parsing (no diagnostics, almost no cost).
  if (!mightBeRoleMappingText(text)) {
    return { uri, kind: 'unknown', parsed: emptyParsed(), pools: [], iamRoles: [], parseDiagnostics: [] };
  }
  const parsed = (previous && format === 'json' && reparseJsonAfterEdit(previous, text)) || parseText(text, format);
  const document: ModelDocument = { uri, kind: detectKind(parsed), parsed, pools: [], iamRoles: [], parseDiagnostics: [] };
  if (document.kind !== 'unknown') {
    for (const error of parsed.errors) {
      document.parseDiagnostics.push(makeDiagnostic('syntax-error', uri, parsed.lines.rangeAt(error.offset, Math.max(error.length, 1)), error.message));
    }
  }
  const reader = new ValueReader(parsed.lines);
  const root = parsed.root;
  switch (document.kind) {
    case 'roles': {
      const roleConfig = readRoleConfig(reader, root!, { uri, source: 'set-identity-pool-roles' });
      document.pools.push(poolFrom(uri, roleConfig.identityPoolId?.value, { roleConfig }));
      break;
    }
    case 'identity-pool': {
      const definition = readPoolDefinition(reader, root!, uri);
      const id = reader.stringProp(root, 'IdentityPoolId');
      const pool = poolFrom(uri, id?.value, { definition, identityPoolId: id });
      if (definition.name) pool.label = definition.name.value;
      document.pools.push(pool);
      break;
    }
    case 'template':
      readTemplate(document);
      break;
    default:
      break;
  }
  return document;
}

/**
 * Drops the syntax tree of a document whose model does not refer into it (everything but templates) and
 * rebuilds it from the same text on the next read of `document.parsed`, calling `onRebuild` then. The
 * tree is several times the size of the model, so a server with many open documents keeps trees only
 * for those in use. Returns false (and keeps the tree) for templates.
 */
export function releaseSyntaxTree(document: ModelDocument, onRebuild?: () => void): boolean {
  if (document.kind === 'template') return false;
  const { text, format } = document.parsed;
  let rebuilt: ParsedText | undefined;
  Object.defineProperty(document, 'parsed', {
    configurable: true,
    enumerable: true,
    get(): ParsedText {
      if (!rebuilt) {
        rebuilt = parseText(text, format);
        onRebuild?.();
      }
      return rebuilt;
    },
    set(value: ParsedText) {
      Object.defineProperty(document, 'parsed', { configurable: true, enumerable: true, writable: true, value });
    },
  });
  return true;
}

function poolFrom(uri: string, identityPoolId: string | undefined, parts: Partial<IdentityPoolModel>): IdentityPoolModel {
  const identityPoolIdValue = parts.identityPoolId ?? parts.roleConfig?.identityPoolId;
  return {
    key: identityPoolId ?? uri,
    label: identityPoolId ?? uri.replace(/^.*\//, ''),
    ...parts,
    identityPoolId: identityPoolIdValue,
  };
}

/**
 * Joins pools across documents: a roles file and an identity-pool file whose `IdentityPoolId`s match
 * describe one pool. Pools without a matching partner stay on their own.
 */
export function linkPools(documents: readonly ModelDocument[]): IdentityPoolModel[] {
  const byKey = new Map<string, IdentityPoolModel>();
  const result: IdentityPoolModel[] = [];
  for (const document of documents) {
    for (const pool of document.pools) {
      const id = pool.identityPoolId && !pool.identityPoolId.symbolic ? pool.identityPoolId.value : undefined;
      const existing = id ? byKey.get(id) : undefined;
      if (!existing) {
        const copy: IdentityPoolModel = { ...pool };
        if (id) byKey.set(id, copy);
        result.push(copy);
        continue;
      }
      if (!existing.definition && pool.definition) {
        existing.definition = pool.definition;
        existing.label = pool.label;
      }
      if (pool.roleConfig) {
        if (!existing.roleConfig) existing.roleConfig = pool.roleConfig;
        else (existing.extraRoleConfigs ??= []).push(pool.roleConfig);
      }
    }
  }
  return result;
}

export type { SyntaxNode };
