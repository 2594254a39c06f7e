/**
 * The editor's file system, read through the client (the `identityPoolRoles/fs/*` requests of
 * protocol/protocol.ts, answered with `vscode.workspace.fs`): the browser host's only file system, and the
 * Node host's for uris that are not `file:` (a virtual workspace opened in a desktop editor). Platform-free:
 * it only sends requests, so it runs in a web worker and in Node alike.
 */
import {
  EditorDirectoryReadRequest,
  EditorFileReadRequest,
  EditorFileStatRequest,
  type EditorDirectoryReadParams,
  type EditorDirectoryReadResult,
  type EditorFileReadParams,
  type EditorFileReadResult,
  type EditorFileStatParams,
  type EditorFileStatResult,
} from '../../protocol/protocol';
import { FileReadRefusal, type FileSystem } from './runtime';

/** The little of the LSP connection this needs (a fake client in tests). */
export interface EditorFileRequests {
  sendRequest(type: typeof EditorFileReadRequest, params: EditorFileReadParams): Promise<EditorFileReadResult>;
  sendRequest(type: typeof EditorFileStatRequest, params: EditorFileStatParams): Promise<EditorFileStatResult>;
  sendRequest(type: typeof EditorDirectoryReadRequest, params: EditorDirectoryReadParams): Promise<EditorDirectoryReadResult>;
}

/** An error whose `code` says what `readDiskText` should report (`ENOENT`: the file is missing). */
function readError(message: string, code?: string): Error {
  return Object.assign(new Error(message), code ? { code } : {});
}

export function base64ToBytes(base64: string): Uint8Array {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** A path from the settings written as a local absolute path (`/home/…`, `C:\…`, `\\server\…`). */
export function isAbsoluteLocalPath(path: string): boolean {
  return path.startsWith('/') || /^[A-Za-z]:[\\/]/.test(path) || path.startsWith('\\\\');
}

/** `scheme:` at the start, but not a Windows drive letter. */
function isUri(path: string): boolean {
  return /^[A-Za-z][A-Za-z0-9+.-]+:/.test(path);
}

/**
 * Resolves a settings path against a folder uri of any scheme: relative paths below the folder (`..` never
 * climbs above the uri's root), absolute paths on the folder's own scheme and authority (on a remote or
 * virtual workspace, that is where its files are). Uris are taken as they are.
 */
export function resolveEditorPath(path: string, baseUri?: string): string | undefined {
  if (isUri(path)) return path;
  const absolute = isAbsoluteLocalPath(path);
  const base = baseUri ?? (absolute ? 'file:///' : undefined);
  if (!base) return undefined;
  const match = /^([A-Za-z][A-Za-z0-9+.-]*:\/\/[^/?#]*)([^?#]*)/.exec(base);
  if (!match) return undefined;
  const [, root, basePath] = match;
  const segments = absolute ? [] : basePath.split('/').filter((s) => s !== '');
  const written = path.replace(/\\/g, '/').replace(/^\/\//, '/');
  for (const segment of written.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') segments.pop();
    else segments.push(encodeURIComponent(segment).replace(/%3A/gi, ':'));
  }
  return `${root}/${segments.join('/')}`;
}

export function createEditorFileSystem(client: EditorFileRequests): FileSystem {
  return {
    async readFile(uri, maxBytes) {
      const result = await client.sendRequest(EditorFileReadRequest, { uri, maxBytes });
      if (result.ok) {
        const bytes = base64ToBytes(result.base64);
        // The client's answer is checked too: the bound holds whatever the other side does.
        if (bytes.length > maxBytes) throw new FileReadRefusal('too-large');
        return bytes;
      }
      if (result.failure === 'too-large' || result.failure === 'not-a-regular-file') throw new FileReadRefusal(result.failure);
      throw result.failure === 'missing' ? readError('no such file', 'ENOENT') : readError('the editor could not read the file');
    },
    async stat(uri) {
      try {
        return (await client.sendRequest(EditorFileStatRequest, { uri })) ?? undefined;
      } catch {
        return undefined;
      }
    },
    async readDirectory(uri) {
      const entries = await client.sendRequest(EditorDirectoryReadRequest, { uri });
      if (!entries) throw readError('the editor could not read the directory', 'ENOENT');
      return entries;
    },
    // One request for the whole file (at most `maxBytes`): round trips cost more than bytes here.
    async readPieces(uri, maxBytes, onPiece) {
      const result = await client.sendRequest(EditorFileReadRequest, { uri, maxBytes });
      if (!result.ok) throw readError('the editor could not read the file');
      const bytes = base64ToBytes(result.base64);
      onPiece(bytes.subarray(0, maxBytes));
    },
    resolvePath: resolveEditorPath,
  };
}

/**
 * The Node host's file system: `file:` uris from the disk, every other scheme through the editor when the
 * client serves it (`served()` gives its file system then), so a virtual workspace in a desktop editor is
 * indexed too.
 */
export function routeByScheme(disk: FileSystem, served: () => FileSystem | undefined): FileSystem {
  const pick = (uri: string) => (/^file:/i.test(uri) ? disk : (served() ?? disk));
  return {
    readFile: (uri, maxBytes) => pick(uri).readFile(uri, maxBytes),
    stat: (uri) => pick(uri).stat(uri),
    readDirectory: (uri) => pick(uri).readDirectory(uri),
    realUri: async (uri) => (/^file:/i.test(uri) ? disk.realUri?.(uri) : undefined),
    readPieces: (uri, maxBytes, onPiece) => {
      const fileSystem = pick(uri);
      return fileSystem.readPieces ? fileSystem.readPieces(uri, maxBytes, onPiece) : Promise.reject(new Error('no piecewise reads'));
    },
    // An absolute path is this machine's (the Node host runs beside the files it can read).
    resolvePath: (path, baseUri) =>
      (baseUri === undefined || /^file:/i.test(baseUri) || isAbsoluteLocalPath(path) ? disk : (served() ?? disk)).resolvePath(path, baseUri),
  };
}
