/** `RuntimeEnvironment.readAsset` for the browser host: files shipped in the extension's `dist/` folder. */
import { checkAssetName, type FileSystem } from '../runtime';

/** Assets are ours (grammars, wasm): bounded only against a broken package. */
const MAX_ASSET_BYTES = 64 * 1024 * 1024;

/**
 * Reads `dist/NAME`: fetched when `dist/` has an http(s) uri (vscode.dev, github.dev); otherwise (a
 * `vscode-remote://` extension uri in a self-hosted web editor, which a worker cannot fetch) read through
 * the editor's file system, which the client serves.
 */
export function browserAssetReader(distUri: () => string | undefined, editor: FileSystem): (name: string) => Promise<Uint8Array> {
  return async (name) => {
    checkAssetName(name);
    const base = distUri();
    if (!base) throw new Error('The extension folder is not known: assets cannot be read.');
    const uri = `${base.replace(/\/?$/, '/')}${name}`;
    if (/^https?:/i.test(uri)) {
      const response = await fetch(uri);
      if (!response.ok) throw new Error(`Asset ${name} could not be fetched (HTTP ${response.status}).`);
      return new Uint8Array(await response.arrayBuffer());
    }
    return editor.readFile(uri, MAX_ASSET_BYTES);
  };
}
