/**
 * Read-only Markdown reports (simulation results, analyses, diffs, decoded tokens): the source in an editor
 * (its title bar has "Save as test case…") and, beside it, rendered in VS Code's built-in Markdown preview
 * (which runs no scripts from the document and sanitises its HTML; the untrusted parts are escaped anyway,
 * protocol/markdown.ts). The Markdown is built in reportMarkdown.ts (no VS Code API there, so tests can
 * render it). When the built-in Markdown extension is disabled, only the source opens.
 */
import * as vscode from 'vscode';

export { analysisReport, decodedTokenReport, diffReport, simulationReport, whoCanReport } from './reportMarkdown';

export const REPORT_SCHEME = 'identity-pool-roles-report';

export class ReportProvider implements vscode.TextDocumentContentProvider {
  private readonly contents = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private counter = 0;

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.contents.get(uri.toString()) ?? '';
  }

  /** Opens a report titled `title`: its read-only source, and the rendered preview beside it. */
  async show(title: string, markdown: string): Promise<vscode.Uri> {
    const uri = vscode.Uri.from({ scheme: REPORT_SCHEME, path: `/${title.replace(/[\\/]/g, '-')}.md`, query: String(++this.counter) });
    this.contents.set(uri.toString(), markdown);
    this.changed.fire(uri);
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.languages.setTextDocumentLanguage(document, 'markdown');
    await vscode.window.showTextDocument(document, { preview: false });
    try {
      await vscode.commands.executeCommand('markdown.showPreviewToSide', uri);
    } catch {
      // The built-in Markdown extension is disabled: the source stays.
    }
    return uri;
  }
}
