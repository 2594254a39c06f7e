/**
 * Markdown built from untrusted text (token headers and claims, values from files). Untrusted content
 * goes only into fenced code blocks whose fence is longer than any backtick run inside, or through
 * `escapeMarkdown`, so it can never open a link, an image or HTML.
 */

export function codeBlock(content: string, language = ''): string {
  const longestRun = Math.max(0, ...(content.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(Math.max(3, longestRun + 1));
  return `${fence}${language}\n${content}\n${fence}`;
}

/** Escapes every character Markdown (CommonMark + GFM) gives a meaning to, and neutralises HTML. */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/[\\`*_{}\[\]()#+\-.!|~>]/g, (ch) => `\\${ch}`)
    .replace(/</g, '&lt;')
    .replace(/\r?\n/g, ' ');
}

/** Inline code for a short untrusted value; falls back to escaped text when it holds backticks. */
export function inlineCode(text: string): string {
  const oneLine = text.replace(/\r?\n/g, ' ');
  if (!oneLine.includes('`')) return `\`${oneLine}\``;
  return escapeMarkdown(oneLine);
}

/** A link target for a location: the file uri with a 1-based `#Lline` fragment, as VS Code opens it. */
export function locationLink(uri: string, line: number): string {
  const target = `${uri.replace(/#.*$/, '')}#L${line + 1}`;
  // Parentheses and spaces would end the link destination early.
  return target.replace(/[()\s]/g, (ch) => encodeURIComponent(ch));
}
