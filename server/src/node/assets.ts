/** `RuntimeEnvironment.readAsset` for the Node host: files shipped in `dist/`, beside the server bundle. */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { checkAssetName } from '../runtime';

/** Reads assets from `directory` (the server bundle's own folder, `dist/`, in the packaged extension). */
export function nodeAssetReader(directory: string): (name: string) => Promise<Uint8Array> {
  return async (name) => {
    const bytes = await fs.readFile(path.join(directory, ...checkAssetName(name).split('/')));
    return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  };
}
