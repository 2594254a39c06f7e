/**
 * Files named in the settings (`identityPoolRoles.jwksFiles`, `identityPoolRoles.policyFiles`): absolute, or
 * relative to the first workspace folder, read through the runtime's file system (the disk in Node, the
 * editor's file system in a browser or virtual workspace). One reading and one wording of what went wrong,
 * naming the file only: its content is never echoed.
 */
import { isAbsoluteLocalPath } from './editorFileSystem';
import { readDiskText, type RuntimeEnvironment } from './runtime';

export type SettingFileText = { ok: true; text: string } | { ok: false; problem: string };

/** `what` names the kind of file in the sentence, e.g. "JWKS file" or "Policy file". */
export async function readSettingFile(
  runtime: RuntimeEnvironment,
  what: string,
  file: string,
  folders: readonly string[],
  maxBytes: number,
): Promise<SettingFileText> {
  const uri = runtime.file?.resolvePath(file, folders[0]);
  if (!uri || !runtime.file) return { ok: false, problem: `${what} ${file} cannot be located.` };
  const read = await readDiskText(runtime.file, uri, maxBytes);
  if (read.ok) return read;
  switch (read.failure) {
    case 'too-large':
      return { ok: false, problem: `${what} ${file} is larger than ${formatBytes(maxBytes)} and was not read.` };
    case 'not-a-regular-file':
      return { ok: false, problem: `${what} ${file} is not a regular file and was not read.` };
    case 'encoding':
      return { ok: false, problem: `${what} ${file} cannot be read: ${read.problem}` };
    default:
      // A browser or virtual workspace (github.dev, vscode.dev): an absolute path is looked up on its file system, not this computer's disk.
      if (isAbsoluteLocalPath(file) && folders[0] !== undefined && !/^file:/i.test(folders[0])) {
        return {
          ok: false,
          problem: `${what} ${file} cannot be read: an absolute path is looked up on the workspace's own file system (${folders[0].replace(/:.*$/s, ':')}), not on this computer's disk. Put the file in the workspace and name it relative to the workspace folder.`,
        };
      }
      return { ok: false, problem: `${what} ${file} cannot be read.` };
  }
}

function formatBytes(bytes: number): string {
  return bytes % (1024 * 1024) === 0 ? `${bytes / 1024 / 1024} MB` : `${Math.round(bytes / 1024)} KB`;
}
