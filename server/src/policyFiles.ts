/**
 * The `identityPoolRoles.policyFiles` setting (issue 19; `--policy ARN=FILE` in the CLI): policies of roles
 * defined outside the workspace's templates, or managed policies' documents, by ARN. Files are absolute or
 * relative to the first workspace folder; their content is never echoed.
 */
import { addPolicyFile, decodeText, emptyPolicyStore, type PolicyStore } from '../../core/index';
import { FileReadRefusal, type RuntimeEnvironment } from './runtime';
import type { Settings } from './settings';

const MAX_POLICY_FILE_SIZE = 5 * 1024 * 1024;

export interface LoadedPolicies {
  store: PolicyStore;
  /** One sentence per file that could not be used. */
  problems: string[];
}

export async function loadPolicyFiles(runtime: RuntimeEnvironment, settings: Settings, folders: readonly string[]): Promise<LoadedPolicies> {
  const store = emptyPolicyStore();
  const problems: string[] = [];
  for (const [arn, file] of Object.entries(settings.policyFiles ?? {})) {
    const uri = runtime.file?.resolvePath(file, folders[0]);
    if (!uri || !runtime.file) {
      problems.push(`Policy file ${file} cannot be located.`);
      continue;
    }
    let bytes: Uint8Array;
    try {
      bytes = await runtime.file.readFile(uri, MAX_POLICY_FILE_SIZE);
    } catch (error) {
      problems.push(error instanceof FileReadRefusal ? `Policy file ${file} was not read (${error.reason}).` : `Policy file ${file} cannot be read.`);
      continue;
    }
    const decoded = decodeText(bytes);
    if (!decoded.ok) {
      problems.push(`Policy file ${file} cannot be read: ${decoded.problem}`);
      continue;
    }
    const problem = addPolicyFile(store, arn, decoded.text, file);
    if (problem) problems.push(`Policy file for ${arn}: ${problem}.`);
  }
  return { store, problems };
}
