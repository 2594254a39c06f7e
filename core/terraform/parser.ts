/**
 * The Terraform (HCL) parser: web-tree-sitter with the `tree-sitter-terraform` grammar. Loading is the only
 * asynchronous step (the two wasm modules are compiled once); the host hands the bytes over, so the core
 * resolves no path or URL and runs the same in Node and in a browser worker. After that, parsing is
 * synchronous like the JSON and YAML readers.
 */
import { Language, Parser, type Tree } from 'web-tree-sitter';

/** The two wasm files a host must supply: web-tree-sitter's runtime and the Terraform grammar. */
export type TerraformWasmFile = 'tree-sitter.wasm' | 'tree-sitter-terraform.wasm';

let parser: Parser | undefined;
let loading: Promise<void> | undefined;

/**
 * Loads the Terraform parser from the bytes `readWasm` returns. Safe to call more than once (the first call's
 * promise is shared). Until it resolves, `.tf` documents get one diagnostic saying the parser is not loaded.
 */
export function loadTerraformParser(readWasm: (file: TerraformWasmFile) => Promise<Uint8Array>): Promise<void> {
  loading ??= (async () => {
    const runtime = await readWasm('tree-sitter.wasm');
    await Parser.init({ wasmBinary: runtime });
    const language = await Language.load(await readWasm('tree-sitter-terraform.wasm'));
    const created = new Parser();
    created.setLanguage(language);
    parser = created;
  })().catch((error: unknown) => {
    loading = undefined; // a later call may try again (e.g. after a failed read)
    throw error;
  });
  return loading;
}

export function isTerraformParserLoaded(): boolean {
  return parser !== undefined;
}

/**
 * The tree-sitter tree of a Terraform text, or undefined while the parser is not loaded. The caller must
 * `delete()` the tree when done (its memory lives in the wasm heap).
 */
export function parseHcl(text: string): Tree | undefined {
  return parser?.parse(text) ?? undefined;
}
