// Integration tests inside a desktop VS Code, for machines that can download one:
//   npm i --no-save @vscode/test-cli@0.0.11 @vscode/test-electron@2.5.2 mocha && npm run test:vscode
// (This machine cannot download VS Code; the e2e suite in test/e2e runs the same extension in code-server.)
import { defineConfig } from '@vscode/test-cli';

export default defineConfig({
  files: 'out-vscode/**/*.test.js',
  version: '1.100.3',
  workspaceFolder: './examples',
  mocha: { ui: 'tdd', timeout: 60_000 },
});
