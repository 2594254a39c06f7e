/**
 * Completion in JSON and YAML role-mapping documents: property names valid at the position (from the
 * schema), enum values, role ARNs known in the workspace, RoleMappings keys built from the pool's
 * registered providers, and claim names the mapping's provider is known to send.
 */
import {
  CompletionItemKind,
  InsertTextFormat,
  MarkupKind,
  type ClientCapabilities,
  type CompletionItem,
  type CompletionList,
  type CompletionParams,
  type ServerCapabilities,
} from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import {
  parseText,
  PROVIDER_KIND_LABELS,
  propertiesAt,
  roleConfigsOf,
  ROLE_TYPES,
  schemaAt,
  type SchemaNode,
  terraformCursorAt,
  userPoolSchemaClaims,
} from '../../../core/index';
import { isTerraformDocument } from '../terraform';
import { terraformFieldsAt, terraformSchemaLocation } from '../terraformSchema';
import { yamlScalar } from '../utils/yaml';
import { cursorContext, type CursorContext } from '../cursorContext';
import { documentKind, enumOf, pathInRoleMappings, schemaLocation, typeOf, type SchemaLocation } from '../schemaContext';
import type { Workspace } from '../workspace';
import { claimCandidates, claimsUsedInRules, knownRoleArns, mappingKeysOf, mappingProviderKind, type SeenClaims } from '../workspaceFacts';

export class CompletionFeature {
  private snippets = false;

  constructor(
    private readonly workspace: Workspace,
    private readonly seenClaims: SeenClaims,
  ) {}

  initialize(capabilities: ClientCapabilities, serverCapabilities: ServerCapabilities): void {
    this.snippets = capabilities.textDocument?.completion?.completionItem?.snippetSupport === true;
    serverCapabilities.completionProvider = { triggerCharacters: ['"', ':'], resolveProvider: false };
  }

  provide(document: TextDocument, params: CompletionParams): CompletionList | null {
    if (isTerraformDocument(document)) return this.terraformItems(document, params);
    const entry = this.workspace.cache.get(document);
    if (!entry.format) return null;
    const kind = documentKind(entry.model, document.uri);
    if (kind === 'unknown') return null;
    const text = document.getText();
    const offset = document.offsetAt(params.position);
    const root = entry.model?.parsed.root ?? parseText(text, entry.format).root;
    const context = cursorContext(text, offset, entry.format, root);
    if (!context) return null;
    const location = schemaLocation(kind, root, context.path);
    if (!location) return null;
    const items = context.kind === 'key' ? this.keyItems(document, context, location, params) : this.valueItems(document, context, location, params);
    return { isIncomplete: false, items };
  }

  /**
   * Completion in a `.tf` file, inside a resource block the Terraform reader reads: the block's attribute and
   * nested block names (the mapping table), and after `name =` the attribute's enum values (its schema) or,
   * for a role ARN, the module's `aws_iam_role` resources and the literal role ARNs known in the workspace.
   */
  private terraformItems(document: TextDocument, params: CompletionParams): CompletionList | null {
    const text = document.getText();
    const offset = document.offsetAt(params.position);
    const cursor = terraformCursorAt(text, offset);
    if (!cursor) return null;
    const fields = terraformFieldsAt(cursor.resourceType, cursor.blocks);
    if (!fields) return null;
    const items: CompletionItem[] = [];
    if (cursor.value && cursor.attribute) {
      const name = cursor.attribute.name;
      const location = terraformSchemaLocation(cursor.resourceType, [...cursor.blocks, name]);
      // A role: `role_arn` of a rule or user group, or a key of the attachment's `roles` map (not a schema field).
      const wantsRole =
        /role_arn$/.test(name) ||
        (!location && cursor.resourceType === 'aws_cognito_identity_pool_roles_attachment' && /^(authenticated|unauthenticated)$/.test(name));
      if (!location && !wantsRole) return null;
      const { quoted, prefixOffset } = cursor.value;
      // Inside an existing string the rest of it is replaced; an open string gets its closing quote.
      const lineEnd = text.indexOf('\n', offset);
      const closingQuote = quoted ? text.slice(offset, lineEnd < 0 ? text.length : lineEnd).indexOf('"') : -1;
      const range = { start: document.positionAt(prefixOffset), end: closingQuote >= 0 ? document.positionAt(offset + closingQuote) : params.position };
      const closes = quoted && closingQuote < 0;
      const valueItem = (value: string, kind: CompletionItemKind, detail?: string, documentation?: string): CompletionItem => {
        const newText = quoted ? `${value}${closes ? '"' : ''}` : JSON.stringify(value);
        const item: CompletionItem = { label: value, kind, textEdit: { range, newText }, filterText: quoted ? value : JSON.stringify(value) };
        if (detail) item.detail = detail;
        if (documentation) item.documentation = { kind: MarkupKind.Markdown, value: documentation };
        return item;
      };
      const allowed = enumOf(location?.schema);
      if (allowed) {
        for (const [i, value] of allowed.values.entries()) {
          if (typeof value === 'string') items.push(valueItem(value, CompletionItemKind.EnumMember, undefined, allowed.descriptions?.[i]));
        }
      } else if (wantsRole) {
        if (!quoted) {
          // Found in the module's text, not its parse: the line being typed may leave this file unparsable.
          const moduleText = this.workspace.terraformModuleOf(document.uri)?.document.parsed.text ?? text;
          const names = new Set([...moduleText.matchAll(/^\s*resource\s+"aws_iam_role"\s+"([A-Za-z_][\w-]*)"/gm)].map((match) => match[1]));
          for (const roleName of names) {
            const reference = `aws_iam_role.${roleName}.arn`;
            items.push({ label: reference, kind: CompletionItemKind.Reference, detail: 'role of this module', textEdit: { range, newText: reference } });
          }
        }
        for (const role of knownRoleArns(this.workspace.documents())) items.push(valueItem(role.arn, CompletionItemKind.Value, role.where));
      }
      return { isIncomplete: false, items };
    }
    // A name being typed (or an empty line): the attribute and nested block names of this block.
    const typed = cursor.attribute;
    const range = { start: document.positionAt(typed ? typed.offset : offset), end: params.position };
    for (const [name, field] of Object.entries(fields)) {
      const location = terraformSchemaLocation(cursor.resourceType, [...cursor.blocks, name]);
      const docs = location?.schema?.markdownDescription ?? location?.schema?.description;
      const isBlock = field.kind === 'blocks';
      const item: CompletionItem = {
        label: name,
        kind: isBlock ? CompletionItemKind.Module : CompletionItemKind.Property,
        detail: `${isBlock ? 'block' : 'attribute'} (CloudFormation ${field.property})`,
      };
      if (docs) item.documentation = { kind: MarkupKind.Markdown, value: docs };
      if (this.snippets) {
        item.insertTextFormat = InsertTextFormat.Snippet;
        item.textEdit = { range, newText: isBlock ? `${name} {\n\t$0\n}` : `${name} = $0` };
      } else {
        item.textEdit = { range, newText: isBlock ? `${name} {}` : `${name} = ` };
      }
      items.push(item);
    }
    return { isIncomplete: false, items };
  }

  private range(document: TextDocument, context: CursorContext) {
    return { start: document.positionAt(context.replaceStart), end: document.positionAt(context.replaceEnd) };
  }

  // ---- property names and mapping keys ------------------------------------------------------------

  private keyItems(document: TextDocument, context: CursorContext, location: SchemaLocation, params: CompletionParams): CompletionItem[] {
    const items: CompletionItem[] = [];
    const path = location.path;
    if (pathInRoleMappings(location)?.length === 0) {
      const pool = this.workspace.poolAt(document.uri, params.position);
      for (const { key, kind } of mappingKeysOf(pool)) {
        if (context.existingKeys.includes(key)) continue;
        items.push(
          this.keyItem(
            document,
            context,
            key,
            { type: 'object' },
            CompletionItemKind.Module,
            `RoleMappings key for the ${PROVIDER_KIND_LABELS[kind]} provider registered on ${pool?.label ?? 'the pool'}`,
          ),
        );
      }
      if (items.length > 0) return items;
    }
    for (const property of propertiesAt(location.schemaId, path)) {
      if (context.existingKeys.includes(property.name) || property.name === '$schema') continue;
      const item = this.keyItem(document, context, property.name, property.schema, CompletionItemKind.Property, property.required ? 'required' : 'optional');
      const docs = property.schema.markdownDescription ?? property.schema.description;
      if (docs) item.documentation = { kind: MarkupKind.Markdown, value: docs };
      // Required properties first, then schema order.
      item.sortText = `${property.required ? 0 : 1}${String(items.length).padStart(3, '0')}`;
      items.push(item);
    }
    return items;
  }

  private keyItem(document: TextDocument, context: CursorContext, name: string, schema: SchemaNode, kind: CompletionItemKind, detail: string): CompletionItem {
    const item: CompletionItem = { label: name, kind, detail };
    const range = this.range(document, context);
    if (context.format === 'json') {
      const key = JSON.stringify(name);
      item.filterText = context.quote ? key : name;
      if (context.keyHasValue) {
        item.textEdit = { range, newText: key };
        return item;
      }
      const comma = context.needsComma ? ',' : '';
      if (this.snippets) {
        item.insertTextFormat = InsertTextFormat.Snippet;
        item.textEdit = { range, newText: `${escapeSnippet(key)}: ${jsonValueSnippet(schema)}${comma}` };
      } else {
        item.textEdit = { range, newText: `${key}: ${jsonDefaultValue(schema)}${comma}` };
      }
      return item;
    }
    const key = yamlScalar(name);
    item.filterText = name;
    if (context.keyHasValue) {
      item.textEdit = { range, newText: key };
      return item;
    }
    const indent = ' '.repeat(context.column + 2);
    const type = schemaType(schema);
    if (this.snippets) {
      item.insertTextFormat = InsertTextFormat.Snippet;
      const body = type === 'object' ? `\n${indent}$1` : type === 'array' ? `\n${indent}- $1` : ` ${yamlValueSnippet(schema)}`;
      item.textEdit = { range, newText: `${escapeSnippet(key)}:${body}` };
    } else {
      item.textEdit = { range, newText: type === 'object' || type === 'array' ? `${key}:` : `${key}: ` };
    }
    return item;
  }

  // ---- values ----------------------------------------------------------------------------------------

  private valueItems(document: TextDocument, context: CursorContext, location: SchemaLocation, params: CompletionParams): CompletionItem[] {
    const items: CompletionItem[] = [];
    const path = location.path;
    const last = path[path.length - 1];
    const parent = path[path.length - 2];
    const schema = schemaAt(location.schemaId, path);
    const values = new Set<string>();
    const add = (value: string, kind: CompletionItemKind, detail?: string, documentation?: string, sortPrefix = '1') => {
      if (values.has(value)) return;
      values.add(value);
      const item: CompletionItem = {
        label: value,
        kind,
        detail,
        textEdit: { range: this.range(document, context), newText: this.valueText(document, context, value) },
      };
      item.filterText = context.format === 'json' && context.quote ? JSON.stringify(value) : value;
      if (documentation) item.documentation = { kind: MarkupKind.Markdown, value: documentation };
      item.sortText = `${sortPrefix}${String(items.length).padStart(4, '0')}`;
      items.push(item);
    };

    const allowed = enumOf(schema);
    allowed?.values.forEach((value, i) => {
      if (typeof value === 'string') add(value, CompletionItemKind.EnumMember, undefined, allowed.descriptions?.[i], '0');
    });

    const documents = this.workspace.documents();
    if (last === 'RoleARN' || (typeof last === 'string' && (ROLE_TYPES as readonly string[]).includes(last) && parent === 'Roles')) {
      // In a template, the roles defined next to the pool, referenced the CloudFormation way.
      const model = this.workspace.cache.get(document).model;
      if (location.prefix.length > 0 && model) {
        for (const role of model.iamRoles) {
          const reference = context.format === 'json' ? `{ "Fn::GetAtt": [${JSON.stringify(role.logicalId)}, "Arn"] }` : `!GetAtt ${role.logicalId}.Arn`;
          if (values.has(reference)) continue;
          values.add(reference);
          const before = document.getText().charAt(context.replaceStart - 1);
          items.push({
            label: reference,
            kind: CompletionItemKind.Reference,
            detail: `IAM role ${role.logicalId} in this template`,
            filterText: reference,
            sortText: `0${String(items.length).padStart(4, '0')}`,
            textEdit: { range: this.range(document, context), newText: context.format === 'yaml' && before === ':' ? ` ${reference}` : reference },
          });
        }
      }
      for (const fact of knownRoleArns(documents)) add(fact.arn, CompletionItemKind.Reference, fact.where);
    }

    if (last === 'Claim') {
      const mappingKey = pathInRoleMappings(location)?.[0];
      const pool = this.workspace.poolAt(document.uri, params.position);
      const mapping = roleConfigsOf(pool)
        .flatMap((config) => config.mappings)
        .find((m) => m.key.value === mappingKey);
      const kind = mappingProviderKind(mapping);
      const extra = [...userPoolSchemaClaims(documents), ...claimsUsedInRules(documents), ...this.seenClaims.all()];
      for (const claim of claimCandidates(kind, extra)) {
        add(
          claim.name,
          CompletionItemKind.Field,
          claim.known ? `sent by ${kind ? PROVIDER_KIND_LABELS[kind] : 'identity providers'}` : 'seen in this workspace',
          undefined,
          claim.known ? '1' : '2',
        );
      }
    }

    if (last === 'IdentityProvider') {
      const pool = this.workspace.poolAt(document.uri, params.position);
      for (const { key, kind } of mappingKeysOf(pool))
        add(key, CompletionItemKind.Module, `${PROVIDER_KIND_LABELS[kind]} provider registered on ${pool?.label ?? 'the pool'}`);
    }

    if (last === 'IdentityPoolId') {
      for (const pool of this.workspace.pools()) {
        const id = pool.identityPoolId;
        if (id && !id.symbolic) add(id.value, CompletionItemKind.Value, pool.label);
      }
    }
    return items;
  }

  private valueText(document: TextDocument, context: CursorContext, value: string): string {
    if (context.format === 'json') return JSON.stringify(value);
    const text = context.quote === "'" ? `'${value.replace(/'/g, "''")}'` : context.quote === '"' ? JSON.stringify(value) : yamlScalar(value);
    // `Type:Rules` would be one plain scalar: keep a space after the colon.
    const before = document.getText().charAt(context.replaceStart - 1);
    return before === ':' ? ` ${text}` : text;
  }
}

function schemaType(schema: SchemaNode): string | undefined {
  return typeOf(schema);
}

function escapeSnippet(text: string): string {
  return text.replace(/[\\$}]/g, (ch) => `\\${ch}`);
}

function enumChoices(schema: SchemaNode): string[] | undefined {
  const values = enumOf(schema)?.values.filter((v): v is string => typeof v === 'string');
  return values && values.length > 0 ? values : undefined;
}

function choiceSnippet(values: string[], quote: (v: string) => string): string {
  return `\${1|${values.map((v) => quote(v).replace(/[\\$}|,]/g, (ch) => `\\${ch}`)).join(',')}|}`;
}

function jsonValueSnippet(schema: SchemaNode): string {
  const choices = enumChoices(schema);
  // Enum values are identifiers: the quotes go around the choice.
  if (choices) return `"${choiceSnippet(choices, (v) => JSON.stringify(v).slice(1, -1))}"`;
  switch (schemaType(schema)) {
    case 'object':
      return '{$1}';
    case 'array':
      return '[$1]';
    case 'boolean':
      return '${1|true,false|}';
    case 'number':
    case 'integer':
      return '${1:0}';
    default:
      return '"$1"';
  }
}

function jsonDefaultValue(schema: SchemaNode): string {
  switch (schemaType(schema)) {
    case 'object':
      return '{}';
    case 'array':
      return '[]';
    case 'boolean':
      return 'false';
    case 'number':
    case 'integer':
      return '0';
    default:
      return '""';
  }
}

function yamlValueSnippet(schema: SchemaNode): string {
  const choices = enumChoices(schema);
  if (choices) return choiceSnippet(choices, yamlScalar);
  return schemaType(schema) === 'boolean' ? '${1|true,false|}' : '$1';
}
