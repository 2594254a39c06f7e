/**
 * Read-only Markdown reports (simulation results, decoded tokens) shown in an editor. The Markdown is
 * built in reportMarkdown.ts (no VS Code API there, so tests can render it).
 */
import * as vscode from 'vscode';

export { decodedTokenReport, simulationReport } from './reportMarkdown';

export const REPORT_SCHEME = 'identity-pool-roles-report';

export class ReportProvider implements vscode.TextDocumentContentProvider {
  private readonly contents = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private counter = 0;

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.contents.get(uri.toString()) ?? '';
  }

  /** Opens a report in a new read-only editor tab titled `title`. */
  async show(title: string, markdown: string): Promise<void> {
    const uri = vscode.Uri.from({ scheme: REPORT_SCHEME, path: `/${title.replace(/[\\/]/g, '-')}.md`, query: String(++this.counter) });
    this.contents.set(uri.toString(), markdown);
    this.changed.fire(uri);
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.languages.setTextDocumentLanguage(document, 'markdown');
    await vscode.window.showTextDocument(document, { preview: false });
  }
}
