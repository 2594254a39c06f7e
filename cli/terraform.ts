/**
 * Terraform in the CLI: the parser's wasm files read from next to the bundle (dist/, where the build copies
 * them) or, when running from `out/` (tests), from node_modules; and a folder read as one Terraform module.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { loadTerraformParser, type ModelDocument, type RoleMappingCore, type TerraformFile, type TerraformWasmFile } from '../core/index';
import { readFileBytes, readTextFile } from './files';
import { printableName } from './text';
import { UsageError } from './usage';

/** Where each wasm file is in node_modules (package subpaths both packages export). */
const PACKAGE_PATHS: Record<TerraformWasmFile, string> = {
  'tree-sitter.wasm': 'web-tree-sitter/tree-sitter.wasm',
  'tree-sitter-terraform.wasm': '@tree-sitter-grammars/tree-sitter-hcl/tree-sitter-terraform.wasm',
};

function wasmPath(file: TerraformWasmFile): string {
  const bundled = join(__dirname, file);
  return existsSync(bundled) ? bundled : require.resolve(PACKAGE_PATHS[file]);
}

export function loadTerraformForCli(): Promise<void> {
  return loadTerraformParser(async (file) => readFileBytes(wasmPath(file), 'Terraform parser file', 8 * 1024 * 1024));
}

export function isTerraformPath(path: string): boolean {
  return /\.tf$/i.test(path);
}

export function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** True when any argument names a `.tf` file or a folder: the Terraform parser is then loaded before the command runs. */
export function mentionsTerraform(args: readonly string[]): boolean {
  return args.some((arg) => {
    const value = arg.startsWith('--') && arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : arg;
    return isTerraformPath(value) || (!value.startsWith('-') && isDirectory(value));
  });
}

/** The `.tf` files of a folder, sorted by name (Terraform reads them all, in no order that matters). */
export function terraformFilesOf(directory: string): string[] {
  let names: string[];
  try {
    names = readdirSync(directory);
  } catch {
    throw new UsageError(`Cannot read the folder ${printableName(directory)}.`);
  }
  const files = names
    .filter(isTerraformPath)
    .sort()
    .map((name) => join(directory, name));
  if (files.length === 0)
    throw new UsageError(
      `Cannot read ${printableName(directory)}: it is a directory. A folder is read as one Terraform module, and this one holds no .tf file.`,
    );
  return files;
}

/** Reads Terraform files (of one folder) as one module; a single file is read as a module of that file. */
export function readTerraformModule(core: RoleMappingCore, moduleName: string, paths: readonly string[], what: string): ModelDocument {
  const files: TerraformFile[] = paths.map((path) => ({ uri: path, text: readTextFile(path, what) }));
  if (files.length === 1 && !isDirectory(moduleName)) return core.parseDocument(files[0].uri, files[0].text);
  return core.parseTerraformModule(moduleName, files);
}

/**
 * The document `--roles` names when it is Terraform: the module of a folder, or of the folder of a `.tf` file
 * (Terraform applies whole folders, so a pool in main.tf gets its roles from iam.tf); `note` names the other
 * files read.
 */
export function readTerraformRoles(core: RoleMappingCore, path: string, note: (text: string) => void): ModelDocument {
  if (isDirectory(path)) return readTerraformModule(core, path, terraformFilesOf(path), 'file');
  const folder = dirname(path);
  const others = terraformSiblings(path);
  if (others.length === 0) return readTerraformModule(core, path, [path], 'roles file');
  note(
    `note: ${printableName(path)} is read with the other .tf file${others.length > 1 ? 's' : ''} of its folder (one Terraform module): ${others.map(printableName).join(', ')}.\n`,
  );
  return readTerraformModule(core, folder, [path, ...others.map((name) => join(folder, name))], 'roles file');
}

/** The other `.tf` files of a `.tf` file's folder (names, sorted). */
export function terraformSiblings(path: string): string[] {
  return readdirSafe(dirname(path))
    .filter((name) => isTerraformPath(name) && name !== basename(path))
    .sort();
}

function readdirSafe(directory: string): string[] {
  try {
    return readdirSync(directory);
  } catch {
    return [];
  }
}
