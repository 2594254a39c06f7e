/**
 * The `identityPoolRoles.policyFiles` setting (issue 19; `--policy ARN=FILE` in the CLI): policies of roles
 * defined outside the workspace's templates, or managed policies' documents, by ARN. Files are absolute or
 * relative to the first workspace folder; their content is never echoed.
 */
import { addPolicyFile, emptyPolicyStore, type PolicyStore } from '../../core/index';
import type { RuntimeEnvironment } from './runtime';
import { readSettingFile } from './settingFiles';
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
    const read = await readSettingFile(runtime, 'Policy file', file, folders, MAX_POLICY_FILE_SIZE);
    if (!read.ok) {
      problems.push(read.problem);
      continue;
    }
    const problem = addPolicyFile(store, arn, read.text, file);
    if (problem) problems.push(`Policy file for ${arn}: ${problem}.`);
  }
  return { store, problems };
}
