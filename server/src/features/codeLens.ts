/** A "Simulate…" code lens above each role mapping; the client's command runs the simulation. */
import type { CodeLens } from 'vscode-languageserver';
import { roleConfigsOf } from '../../../core/index';
import { SIMULATE_TOKEN_COMMAND, type SimulateCodeLensArgs } from '../../../protocol/protocol';
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
      }
    }
  }
  return lenses;
}
