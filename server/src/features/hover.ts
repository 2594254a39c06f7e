/**
 * Hover docs on every field of a role-mapping document (key and value), from the schema's
 * markdownDescription with a link to its AWS reference page; on an enum value, what that value does.
 */
import { MarkupKind, type Hover, type Position } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import {
  parseText,
  fieldDocs,
  keySchemaAt,
  schemaAt,
  type SchemaNode,
  nodeAtOffset,
  nodeRange,
  keyRange,
  pathOf,
  propertyKeyAtOffset,
  type ParsedText,
  terraformHoverTargetAt,
} from '../../../core/index';
import { isTerraformDocument } from '../terraform';
import { terraformSchemaLocation } from '../terraformSchema';
import { documentKind, enumOf, schemaLocation, type Path } from '../schemaContext';
import { inlineCode } from '../utils/markdown';
import type { Workspace } from '../workspace';
import { ruleReachabilityMarkdown } from './ruleHover';

export function fieldHover(workspace: Workspace, document: TextDocument, position: Position): Hover | null {
  if (isTerraformDocument(document)) return terraformHover(workspace, document, position);
  const entry = workspace.cache.get(document);
  if (!entry.format) return null;
  const kind = documentKind(entry.model, document.uri);
  if (kind === 'unknown') return null;
  const parsed: ParsedText = entry.model?.parsed ?? parseText(document.getText(), entry.format);
  const root = parsed.root;
  if (!root) return null;
  const offset = document.offsetAt(position);

  const property = propertyKeyAtOffset(root, offset);
  if (property) {
    const objectPath = pathOf(property.parent);
    const location = schemaLocation(kind, root, [...objectPath, property.key]);
    if (!location) return null;
    const parentPath = location.path.slice(0, -1);
    const parentSchema = schemaAt(location.schemaId, parentPath);
    const isNamedProperty = parentSchema?.properties !== undefined && Object.prototype.hasOwnProperty.call(parentSchema.properties, property.key);
    let markdown: string | undefined;
    if (isNamedProperty) {
      markdown = docsMarkdown(location.schemaId, location.path);
    } else {
      // A map key (a RoleMappings provider, a Roles key): the key's own docs, then what its value is.
      const keySchema = keySchemaAt(location.schemaId, parentPath);
      const keyDocs = keySchema ? describe(inlineCode(property.key), keySchema) : undefined;
      const valueDocs = docsMarkdown(location.schemaId, location.path);
      markdown = [keyDocs, valueDocs].filter(Boolean).join('\n\n---\n\n') || undefined;
    }
    const reachability = ruleReachabilityMarkdown(entry.model, position);
    if (reachability) markdown = markdown ? `${reachability}\n\n---\n\n${markdown}` : reachability;
    return markdown ? { contents: { kind: MarkupKind.Markdown, value: markdown }, range: keyRange(parsed.lines, property) } : null;
  }

  const node = nodeAtOffset(root, offset);
  if (!node || node.kind === 'object' || node.kind === 'array' || !node.parent) return null;
  const location = schemaLocation(kind, root, pathOf(node));
  if (!location) return null;
  const schema = schemaAt(location.schemaId, location.path);
  if (!schema) return null;
  const parts: string[] = [];
  const valueDocs = enumValueDocs(schema, node.value);
  if (valueDocs) parts.push(valueDocs);
  const docs = docsMarkdown(location.schemaId, location.path);
  if (docs) parts.push(docs);
  if (parts.length === 0) return null;
  return { contents: { kind: MarkupKind.Markdown, value: parts.join('\n\n---\n\n') }, range: nodeRange(parsed.lines, node) };
}

function docsMarkdown(schemaId: string, path: Path): string | undefined {
  const docs = fieldDocs(schemaId, path);
  if (!docs) return undefined;
  const title = typeof path[path.length - 1] === 'string' ? inlineCode(String(path[path.length - 1])) : `**${docs.title}**`;
  return withLink(`${title}\n\n${docs.markdown}`, docs.docsUrl);
}

function describe(title: string, schema: SchemaNode): string | undefined {
  const text = schema.markdownDescription ?? schema.description;
  if (!text) return undefined;
  return withLink(`${title}\n\n${text}`, schema['x-docs']);
}

function withLink(markdown: string, url: string | undefined): string {
  return url && /^https:\/\//.test(url) ? `${markdown}\n\n[AWS reference](${url})` : markdown;
}

/** What an enum value means, or which values are allowed when it is not one of them. */
function enumValueDocs(schema: SchemaNode, value: unknown): string | undefined {
  const allowed = enumOf(schema);
  if (!allowed) return undefined;
  const index = allowed.values.indexOf(value);
  if (index >= 0) {
    const description = allowed.descriptions?.[index];
    return description ? `${inlineCode(String(value))}: ${description}` : undefined;
  }
  return `${inlineCode(String(value))} is not an allowed value. Allowed: ${allowed.values.map((v) => inlineCode(String(v))).join(', ')}.`;
}

/**
 * Hover in a `.tf` file: on an attribute of a resource the Terraform reader reads, the docs of the
 * CloudFormation property it maps to (titled with the Terraform name); on an enum value, what it does; on a
 * mapping rule, its reachability (from the module's model).
 */
function terraformHover(workspace: Workspace, document: TextDocument, position: Position): Hover | null {
  const text = document.getText();
  const offset = document.offsetAt(position);
  const target = terraformHoverTargetAt(text, offset);
  if (!target) return null;
  const location = terraformSchemaLocation(target.resourceType, [...target.blocks, target.attribute.name]);
  if (!location) return null;
  const parts: string[] = [];
  if (target.value) {
    const valueDocs = location.schema && enumValueDocs(location.schema, target.value.text);
    if (valueDocs) parts.push(valueDocs);
  } else {
    const module = workspace.terraformModuleOf(document.uri);
    const at = workspace.modulePosition(document.uri, position);
    const reachability = module && at.uri === module.uri ? ruleReachabilityMarkdown(module.document, at.position) : undefined;
    if (reachability && target.blocks[target.blocks.length - 1] === 'mapping_rule') parts.push(reachability);
  }
  const docs = fieldDocs(location.schemaId, location.path);
  if (docs) {
    const property = location.field.property;
    parts.push(withLink(`${inlineCode(target.attribute.name)} (CloudFormation ${inlineCode(property)})\n\n${docs.markdown}`, docs.docsUrl));
  }
  if (parts.length === 0) return null;
  const span = target.value ?? target.attribute;
  return {
    contents: { kind: MarkupKind.Markdown, value: parts.join('\n\n---\n\n') },
    range: { start: document.positionAt(span.offset), end: document.positionAt(span.offset + span.length) },
  };
}
