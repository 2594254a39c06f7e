/**
 * Code lenses above each role mapping: "Simulate…" (the client's command runs the simulation) and "who gets
 * which role" (the client asks `identityPoolRoles/analyze` and opens the analysis report).
 */
import type { CodeLens } from 'vscode-languageserver';
import { roleConfigsOf, type Range } from '../../../core/index';
import { ANALYZE_COMMAND, SIMULATE_TOKEN_COMMAND, type SimulateCodeLensArgs } from '../../../protocol/protocol';
import { isTerraformUri, toFileLocation } from '../terraform';
import { uriKey } from '../utils/uris';
import type { Workspace } from '../workspace';

export function codeLenses(workspace: Workspace, uri: string): CodeLens[] {
  const lenses: CodeLens[] = [];
  // A `.tf` file's mappings are in its folder's module document: lenses for those that sit in this file.
  const module = isTerraformUri(uri) ? workspace.terraformModuleOf(uri) : undefined;
  const configKey = uriKey(module?.uri ?? uri);
  const inThisFile = (range: Range): Range | undefined => {
    if (!module) return range;
    const location = toFileLocation(workspace.core, module, range);
    return uriKey(location.uri) === uriKey(uri) ? location.range : undefined;
  };
  for (const pool of workspace.poolsOf(uri)) {
    for (const config of roleConfigsOf(pool)) {
      if (uriKey(config.uri) !== configKey) continue;
      for (const mapping of config.mappings) {
        const range = inThisFile(mapping.key.range);
        if (!range) continue;
        const args: SimulateCodeLensArgs = { uri, poolKey: pool.key, mappingProvider: mapping.provider.value };
        lenses.push({
          range,
          command: { title: 'Simulate…', command: SIMULATE_TOKEN_COMMAND, arguments: [args] },
        });
        lenses.push({
          range,
          command: { title: 'who gets which role', command: ANALYZE_COMMAND, arguments: [args] },
        });
      }
    }
  }
  return lenses;
}
