/**
 * Code lenses above each role mapping: "Simulate…" (the client's command runs the simulation) and "who gets
 * which role" (the client asks `identityPoolRoles/analyze` and opens the analysis report).
 */
import type { CodeLens } from 'vscode-languageserver';
import { roleConfigsOf } from '../../../core/index';
import { ANALYZE_COMMAND, SIMULATE_TOKEN_COMMAND, type SimulateCodeLensArgs } from '../../../protocol/protocol';
import type { Workspace } from '../workspace';

export function codeLenses(workspace: Workspace, uri: string): CodeLens[] {
  const lenses: CodeLens[] = [];
  for (const pool of workspace.poolsOf(uri)) {
    for (const config of roleConfigsOf(pool)) {
      if (config.uri !== uri) continue;
      for (const mapping of config.mappings) {
        const args: SimulateCodeLensArgs = { uri, poolKey: pool.key, mappingProvider: mapping.provider.value };
        lenses.push({
          range: mapping.key.range,
          command: { title: 'Simulate…', command: SIMULATE_TOKEN_COMMAND, arguments: [args] },
        });
        lenses.push({
          range: mapping.key.range,
          command: { title: 'who gets which role', command: ANALYZE_COMMAND, arguments: [args] },
        });
      }
    }
  }
  return lenses;
}
