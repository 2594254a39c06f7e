/**
 * Answers the server's `identityPoolRoles/fs/*` requests with `vscode.workspace.fs`: the browser server's
 * only way to read the workspace (and the Node server's for uris that are not `file:`), on whatever scheme
 * the editor opened (`vscode-vfs://` on github.dev, `vscode-remote://`…). Reads are bounded: a file larger
 * than the server's bound is refused, not sent.
 */
import * as vscode from 'vscode';
import type { BaseLanguageClient } from 'vscode-languageclient';
import {
  EditorDirectoryReadRequest,
  EditorFileReadRequest,
  EditorFileStatRequest,
  type EditorDirectoryReadResult,
  type EditorFileReadResult,
  type EditorFileStatResult,
  type EditorFileType,
} from '../../protocol/protocol';

function fileType(type: vscode.FileType, linkShown: boolean): EditorFileType {
  if (linkShown && type & vscode.FileType.SymbolicLink) return 'symbolicLink';
  if (type & vscode.FileType.File) return 'file';
  if (type & vscode.FileType.Directory) return 'directory';
  return 'other';
}

function uriOf(value: unknown): vscode.Uri {
  if (typeof value !== 'string') throw new Error('uri must be a string');
  return vscode.Uri.parse(value, true);
}

function isMissing(error: unknown): boolean {
  return error instanceof vscode.FileSystemError && (error.code === 'FileNotFound' || error.code === 'EntryNotFound');
}

/** Base64 of the bytes in pieces (`String.fromCharCode` takes a bounded number of arguments). */
export function bytesToBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

export async function readEditorFile(uriText: unknown, maxBytes: unknown): Promise<EditorFileReadResult> {
  if (typeof maxBytes !== 'number' || !(maxBytes >= 0)) throw new Error('maxBytes must be a number');
  const uri = uriOf(uriText);
  let bytes: Uint8Array;
  try {
    const stat = await vscode.workspace.fs.stat(uri);
    if (!(stat.type & vscode.FileType.File)) return { ok: false, failure: 'not-a-regular-file' };
    if (stat.size > maxBytes) return { ok: false, failure: 'too-large' };
    bytes = await vscode.workspace.fs.readFile(uri);
  } catch (error) {
    return { ok: false, failure: isMissing(error) ? 'missing' : 'unreadable' };
  }
  // The file may have grown since stat.
  if (bytes.length > maxBytes) return { ok: false, failure: 'too-large' };
  return { ok: true, base64: bytesToBase64(bytes) };
}

export async function statEditorFile(uriText: unknown): Promise<EditorFileStatResult> {
  try {
    const stat = await vscode.workspace.fs.stat(uriOf(uriText));
    return { type: fileType(stat.type, false), size: stat.size, mtime: stat.mtime };
  } catch {
    return null;
  }
}

export async function readEditorDirectory(uriText: unknown): Promise<EditorDirectoryReadResult> {
  try {
    const entries = await vscode.workspace.fs.readDirectory(uriOf(uriText));
    return entries.map(([name, type]) => [name, fileType(type, true)]);
  } catch {
    return null;
  }
}

export function serveEditorFileSystem(client: BaseLanguageClient): vscode.Disposable[] {
  return [
    client.onRequest(EditorFileReadRequest, (params) => readEditorFile(params?.uri, params?.maxBytes)),
    client.onRequest(EditorFileStatRequest, (params) => statEditorFile(params?.uri)),
    client.onRequest(EditorDirectoryReadRequest, (params) => readEditorDirectory(params?.uri)),
  ];
}
