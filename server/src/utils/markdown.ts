/**
 * Markdown helpers of the server. Untrusted text goes through the escaping shared with the client's
 * reports (protocol/markdown.ts), so hovers and reports escape alike.
 */
export { boundedJson, codeBlock, escapeMarkdown, inlineCode } from '../../../protocol/markdown';

/** A link target for a location: the file uri with a 1-based `#Lline` fragment, as VS Code opens it. */
export function locationLink(uri: string, line: number): string {
  const target = `${uri.replace(/#.*$/, '')}#L${line + 1}`;
  // Parentheses, spaces and angle brackets would end the link destination early.
  return target.replace(/[()<>\s]/g, (ch) => encodeURIComponent(ch));
}
