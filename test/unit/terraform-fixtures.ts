/** Shared helpers for the Terraform tests: the parser loaded from node_modules, fixtures, modules and their checks. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { CoreDiagnostic } from '../../core/diagnostics';
import { parseDocument, parseTerraformModule } from '../../core/documents';
import type { ModelDocument } from '../../core/model';
import { loadTerraformParser, terraformDiagnosticsByFile } from '../../core/terraform/index';
import { checkDocuments } from '../../core/validate/index';
import { ROOT } from './cfn-fixtures';

export const TERRAFORM_FIXTURES = path.join(ROOT, 'test/fixtures/terraform');

const WASM_PATHS = {
  'tree-sitter.wasm': require.resolve('web-tree-sitter/tree-sitter.wasm'),
  'tree-sitter-terraform.wasm': require.resolve('@tree-sitter-grammars/tree-sitter-hcl/tree-sitter-terraform.wasm'),
};

/** Loads the parser as a host does: the bytes of both wasm files. */
export function loadParser(): Promise<void> {
  return loadTerraformParser(async (file) => fs.readFileSync(WASM_PATHS[file]));
}

export interface TerraformFixture {
  uri: string;
  text: string;
  document: ModelDocument;
}

export function loadTerraformFixture(name: string): TerraformFixture {
  const file = path.join(TERRAFORM_FIXTURES, name);
  const text = fs.readFileSync(file, 'utf8');
  const uri = `file://${file}`;
  return { uri, text, document: parseDocument(uri, text) };
}

export function parseTf(text: string, name = 'main.tf', parameters?: Record<string, string>): ModelDocument {
  return parseDocument(`file:///work/${name}`, text, undefined, undefined, parameters ? { templateParameters: parameters } : {});
}

/** The diagnostics of one document checked on its own. */
export function checkOne(document: ModelDocument): CoreDiagnostic[] {
  return checkDocuments([document]).get(document.uri) ?? [];
}

/** A folder's `.tf` files as one module, and its diagnostics by file. */
export function loadModule(folder: string): { document: ModelDocument; texts: Map<string, string>; byFile: Map<string, CoreDiagnostic[]> } {
  const directory = path.join(TERRAFORM_FIXTURES, folder);
  const files = fs
    .readdirSync(directory)
    .filter((f) => f.endsWith('.tf'))
    .sort()
    .map((f) => ({ uri: `file://${path.join(directory, f)}`, text: fs.readFileSync(path.join(directory, f), 'utf8') }));
  const document = parseTerraformModule(`file://${directory}`, files);
  const byFile = terraformDiagnosticsByFile(document.parsed, document.uri, checkOne(document));
  return { document, texts: new Map(files.map((f) => [f.uri, f.text])), byFile };
}
