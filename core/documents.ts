/**
 * Entry point for turning a text into the model: parse (JSON or YAML), detect what the document is by
 * its content, and build pools. Pure and synchronous; the language server caches the result per version.
 */
import { SET_IDENTITY_POOL_ROLES_RE } from './cloudformation/deployTime';
import { looksLikeTemplate, readTemplate } from './cloudformation/template';
import { isRoleMappingType, POOL_FIELDS, ROLE_MAPPING_FIELDS, ROLE_MAPPING_TYPES, ROLES_REQUEST_FIELDS } from './api/model';
import { makeDiagnostic, type CoreDiagnostic } from './diagnostics';
import type { DocumentKind, IdentityPoolModel, ModelDocument } from './model';
import { readPoolDefinition } from './parse/identityPool';
import { readRoleConfig, readRoleMappingsOnly } from './parse/setIdentityPoolRoles';
import { ValueReader } from './parse/values';
import type { CheckDeclaration } from './validate/checks/types';
import { looksLikeProviderName } from './providers';
import { getProperty, parseJsonText, reparseJsonAfterEdit, type ObjectNode, type ParsedText, type SyntaxNode } from './syntax';
import { parseYamlText } from './yaml';
import { parseTerraformFiles, parseTerraformText, readTerraformShowJson, type TerraformFile } from './terraform/index';

export type TextFormat = 'json' | 'yaml' | 'terraform';

export const DOCUMENT_PROBLEMS = { id: 'documents', emits: ['syntax-error', 'file-too-large', 'encoding'] } as const satisfies CheckDeclaration;

/** Files above this size are not checked: no real role-mapping file comes close, and it bounds the work. */
export const MAX_DOCUMENT_LENGTH = 5 * 1024 * 1024;

/** Guesses JSON or YAML from a file name or language id; content decides when neither says. */
export function formatFor(uriOrLanguageId: string, text: string): TextFormat {
  const lower = uriOrLanguageId.toLowerCase();
  if (/(^|\.)tf$/.test(lower) || lower === 'terraform') return 'terraform';
  if (/(^|\.)(ya?ml)$/.test(lower) || lower === 'yaml') return 'yaml';
  if (/(^|\.)jsonc?$/.test(lower) || lower === 'json' || lower === 'jsonc') return 'json';
  const first = text.trimStart()[0];
  return first === '{' || first === '[' ? 'json' : 'yaml';
}

export function parseText(text: string, format: TextFormat): ParsedText {
  if (format === 'terraform') return parseTerraformText(text);
  return format === 'json' ? parseJsonText(text) : parseYamlText(text);
}

/** What a parsed text is, by content only. */
export function detectKind(parsed: ParsedText): DocumentKind {
  const root = parsed.root;
  if (root?.kind !== 'object') return 'unknown';
  if (looksLikeTemplate(parsed)) return 'template';
  if (parsed.format === 'terraform') return 'unknown';
  if (ROLES_REQUEST_FIELDS.some((k) => getProperty(root, k))) return 'roles';
  if (POOL_FIELDS.some((k) => getProperty(root, k))) return 'identity-pool';
  if (looksLikeRoleMappings(root)) return 'role-mappings';
  return 'unknown';
}

/** The fields of a RoleMapping besides `Type` (AmbiguousRoleResolution, RulesConfiguration). */
const ROLE_MAPPING_FIELDS_BUT_TYPE = ROLE_MAPPING_FIELDS.filter((k) => k !== 'Type');

/**
 * A RoleMappings map on its own (the AWS CLI's `--role-mappings` value): every key has the shape of a
 * provider name, every value is an object (or not typed yet), and at least one value is clearly a role
 * mapping (`Type: Token|Rules`, `AmbiguousRoleResolution` or `RulesConfiguration`). A DNS-record map
 * (`"www.example.com": {"Type": "CNAME"}`) is not one.
 */
function looksLikeRoleMappings(root: ObjectNode): boolean {
  let roleMapping = false;
  for (const property of root.properties) {
    if (!looksLikeProviderName(property.key)) return false;
    const value = property.value;
    if (value === undefined) continue;
    if (value.kind !== 'object') return false;
    const type = getProperty(value, 'Type')?.value;
    if ((type?.kind === 'string' && isRoleMappingType(type.value as string)) || ROLE_MAPPING_FIELDS_BUT_TYPE.some((k) => getProperty(value, k)))
      roleMapping = true;
  }
  return roleMapping;
}

/**
 * Words at least one of which every role-mapping document holds, built from the schema's field lists: any
 * field name of a roles or pool document (or inside the CloudFormation resource type
 * `AWS::Cognito::IdentityPool…`); `identityPool` and `set_identity_pool_roles` find SDK spellings (Amplify's
 * custom resources, Python Lambdas); the RoleMapping fields find a RoleMappings map on its own, which names
 * none of the top-level fields. Plain ASCII, so that the workspace index can look for them in raw file bytes
 * before decoding or parsing anything; a text holding none of them is certainly not a role-mapping document.
 */
export const ROLE_MAPPING_MARKERS: readonly string[] = [
  'IdentityPool',
  'identityPool',
  'set_identity_pool_roles',
  // Terraform (`.tf`, and `terraform show -json` output).
  'aws_cognito_identity_pool',
  ...ROLES_REQUEST_FIELDS.filter((k) => !k.startsWith('IdentityPool')),
  ...POOL_FIELDS.filter((k) => !k.startsWith('IdentityPool')),
  ...ROLE_MAPPING_FIELDS_BUT_TYPE,
];

/**
 * The markers as the full-text filter looks for them: `Roles` only as a key (quoted, or before a colon; the
 * word is common), plus `Type: Token|Rules`, a RoleMapping's type.
 */
const ROLE_MAPPING_HINT_RE = new RegExp(
  [
    ...ROLE_MAPPING_MARKERS.map((marker) => (marker === 'Roles' ? '"Roles"|Roles\\s*:' : marker)),
    `Type["']?\\s*:\\s*["']?(${ROLE_MAPPING_TYPES.join('|')})\\b`,
  ].join('|'),
);
const TEMPLATE_HINT_RE = /AWSTemplateFormatVersion|["']?Resources["']?\s*:/;

/**
 * Cheap pre-filter for documents that cannot be role-mapping documents (most JSON and YAML files, and
 * templates without an identity pool, whose `Roles:` belong to IAM policies). A false answer is certain.
 */
export function mightBeRoleMappingText(text: string): boolean {
  if (!ROLE_MAPPING_HINT_RE.test(text)) return false;
  if (text.includes('AWS::Cognito::IdentityPool') || text.includes('aws_cognito_identity_pool')) return true;
  if (!TEMPLATE_HINT_RE.test(text)) return true;
  // Templates that configure a pool defined elsewhere at deploy time (Amplify's userPoolGroups stack).
  return SET_IDENTITY_POOL_ROLES_RE.test(text) || (CUSTOM_RESOURCE_HINT_RE.test(text) && /identitypoolid|rolemappings/i.test(text));
}

export interface ParseOptions {
  /**
   * Values for CloudFormation template parameters, by name (what a deployment passes). They replace the
   * parameters' defaults in every template that declares them; other templates ignore them.
   */
  templateParameters?: Readonly<Record<string, string>>;
}

const CUSTOM_RESOURCE_HINT_RE = /Custom::|AWS::CloudFormation::CustomResource/;

/**
 * Parses a document into the model. `previous` is the same document's previous parse, if at hand: an
 * edit inside one JSON string then re-uses it instead of scanning the whole text again.
 */
export function parseDocument(
  uri: string,
  text: string,
  format: TextFormat = formatFor(uri, text),
  previous?: ParsedText,
  options: ParseOptions = {},
): ModelDocument {
  if (text.length > MAX_DOCUMENT_LENGTH) {
    // Not read at all: only a file that might be ours is told that it was skipped.
    const document: ModelDocument = {
      uri,
      kind: 'unknown',
      screened: 'too-large',
      parsed: parseText('', format),
      pools: [],
      iamRoles: [],
      parseDiagnostics: [],
    };
    if (mightBeRoleMappingText(text)) {
      document.parseDiagnostics.push(
        makeDiagnostic(
          'file-too-large',
          uri,
          { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
          `This file is ${Math.round(text.length / 1024 / 1024)} MB; files over ${MAX_DOCUMENT_LENGTH / 1024 / 1024} MB are not checked.`,
        ),
      );
    }
    return document;
  }
  // Not a candidate: left alone without parsing (no diagnostics, almost no cost). Its text is parsed only
  // if someone reads `parsed` (the CLI does, to report a file that is not even valid JSON or YAML).
  if (!mightBeRoleMappingText(text)) {
    const document: Omit<ModelDocument, 'parsed'> = { uri, kind: 'unknown', screened: 'not-a-candidate', pools: [], iamRoles: [], parseDiagnostics: [] };
    return parseOnFirstRead(document, text, format);
  }
  let parsed =
    format === 'terraform'
      ? parseTerraformFiles([{ uri, text }])
      : (previous && format === 'json' && reparseJsonAfterEdit(previous, text)) || parseText(text, format);
  // `terraform show -json` output (plan or state): read through the Terraform table, ranges in the JSON.
  if (format === 'json') parsed = readTerraformShowJson(parsed) ?? parsed;
  return documentOf(uri, parsed, options);
}

/**
 * Parses the `.tf` files of one folder (a Terraform module) as one configuration: one document, `moduleUri`,
 * whose ranges are in the files' joined text. `terraformDiagnosticsByFile` / `terraformLocation` shift its
 * diagnostics and model ranges back into each file.
 */
export function parseTerraformModule(moduleUri: string, files: readonly TerraformFile[], options: ParseOptions = {}): ModelDocument {
  return documentOf(moduleUri, parseTerraformFiles(files), options);
}

function documentOf(uri: string, parsed: ParsedText, options: ParseOptions): ModelDocument {
  const document: ModelDocument = { uri, kind: detectKind(parsed), parsed, pools: [], iamRoles: [], parseDiagnostics: [] };
  if (document.kind === 'template' && options.templateParameters && Object.keys(options.templateParameters).length > 0) {
    document.templateParameters = options.templateParameters;
  }
  // A text that may be a role-mapping document but that the parser refused whole (nested thousands of
  // levels deep) says why it is not checked, in the editor as in the CLI, rather than nothing.
  if (document.kind !== 'unknown' || parsed.errors.some((error) => error.refusedWhole)) {
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
    case 'role-mappings':
      document.pools.push(poolFrom(uri, undefined, { roleConfig: readRoleMappingsOnly(reader, root!, uri) }));
      break;
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

/** A file whose bytes are not text (`decodeText`'s problem): not parsed, one `encoding` diagnostic. */
export function undecodableDocument(uri: string, problem: string): ModelDocument {
  return uncheckedDocument(uri, formatFor(uri, ''), 'encoding', problem);
}

/** A document that is not parsed, with one diagnostic at its start saying why. */
function uncheckedDocument(uri: string, format: TextFormat, code: 'encoding', message: string): ModelDocument {
  const start = { line: 0, character: 0 };
  return {
    uri,
    kind: 'unknown',
    parsed: parseText('', format),
    pools: [],
    iamRoles: [],
    parseDiagnostics: [makeDiagnostic(code, uri, { start, end: start }, message)],
  };
}

/**
 * Drops the syntax tree of a document whose model does not refer into it (everything but templates) and
 * rebuilds it from the same text on the next read of `document.parsed`, calling `onRebuild` then. The
 * tree is several times the size of the model, so a server with many open documents keeps trees only
 * for those in use. Returns false (and keeps the tree) for templates.
 */
export function releaseSyntaxTree(document: ModelDocument, onRebuild?: () => void): boolean {
  if (document.kind === 'template' || document.parsed.format === 'terraform') return false;
  const { text, format } = document.parsed;
  parseOnFirstRead(document, text, format, onRebuild);
  return true;
}

/** Makes `document.parsed` parse `text` on its first read (and keep that parse); assigning it replaces it. */
function parseOnFirstRead<T extends object>(document: T, text: string, format: TextFormat, onParse?: () => void): T & { parsed: ParsedText } {
  let parsed: ParsedText | undefined;
  Object.defineProperty(document, 'parsed', {
    configurable: true,
    enumerable: true,
    get(): ParsedText {
      if (!parsed) {
        parsed = parseText(text, format);
        onParse?.();
      }
      return parsed;
    },
    set(value: ParsedText) {
      Object.defineProperty(document, 'parsed', { configurable: true, enumerable: true, writable: true, value });
    },
  });
  return document as T & { parsed: ParsedText };
}

/**
 * The syntax errors of a document that was not recognised (the CLI reports them, so a broken file is not
 * passed silently). A recognised document has them in `parseDiagnostics`; a file too large to read has none,
 * and so has an empty file (it holds no document, which is not the same as a broken one).
 */
export function unrecognisedSyntaxDiagnostics(document: ModelDocument): CoreDiagnostic[] {
  if (document.kind !== 'unknown' || document.screened === 'too-large' || document.parseDiagnostics.length > 0) return [];
  const parsed = document.parsed;
  if (parsed.text.trim() === '') return [];
  // One error per place: the JSON parser may explain one bad token twice ("a property name", "a value").
  const seen = new Set<number>();
  const errors = parsed.errors.filter((error) => !error.readLimit && !seen.has(error.offset) && seen.add(error.offset));
  return errors.map((error) => makeDiagnostic('syntax-error', document.uri, parsed.lines.rangeAt(error.offset, Math.max(error.length, 1)), error.message));
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

// Pool linking moved to ./pools (with grouping and pool choice); re-exported for existing importers.
export { linkPools } from './pools';

export type { SyntaxNode };
