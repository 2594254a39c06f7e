/**
 * What a Markdown renderer makes of text that hovers and reports build from untrusted input. The renderer
 * is markdown-it with raw HTML and linkify on, as in VS Code's Markdown preview (it comes with @vscode/vsce,
 * a dev dependency). VS Code's hovers use marked, whose GFM autolinks read the raw source: that is checked
 * on the source, outside code spans and blocks.
 */
interface MarkdownRenderer {
  render(source: string): string;
}
const markdownIt = require('markdown-it') as (options: Record<string, unknown>) => MarkdownRenderer;
const renderer = markdownIt({ html: true, linkify: true });

const ALLOWED_TAGS = new Set([
  'p',
  'code',
  'pre',
  'strong',
  'em',
  'ul',
  'ol',
  'li',
  'hr',
  'h1',
  'h2',
  'h3',
  'h4',
  'blockquote',
  'table',
  'thead',
  'tbody',
  'tr',
  'th',
  'td',
  'a',
]);

/** Link targets the builders write themselves: locations in the workspace and AWS documentation. */
export function isOwnLink(href: string): boolean {
  return href.startsWith('file:///') || href.startsWith('https://docs.aws.amazon.com/');
}

export function renderMarkdown(source: string): string {
  return renderer.render(source);
}

/** The source without fenced code blocks and code spans (where nothing is interpreted). */
export function outsideCode(source: string): string {
  const text = source.replace(/^(`{3,})[^\n]*\n[\s\S]*?\n\1$/gm, '');
  // Code spans as CommonMark finds them: an escaped backtick opens none; a run closes at the next run of its length.
  let outside = '';
  let i = 0;
  while (i < text.length) {
    if (text[i] === '\\' && i + 1 < text.length && /[!-/:-@[-`{-~]/.test(text[i + 1])) {
      outside += text.slice(i, i + 2);
      i += 2;
      continue;
    }
    if (text[i] !== '`') {
      outside += text[i++];
      continue;
    }
    let runEnd = i;
    while (text[runEnd] === '`') runEnd++;
    const fence = text.slice(i, runEnd);
    const closing = new RegExp(`(?<!\`)${fence}(?!\`)`, 'g');
    closing.lastIndex = runEnd;
    const close = closing.exec(text);
    if (close) {
      i = close.index + fence.length;
    } else {
      outside += fence;
      i = runEnd;
    }
  }
  return outside;
}

/**
 * Everything live that untrusted text could have made: links other than the builders' own, images, HTML
 * tags, line breaks other than `\n`, and autolink-looking text outside code. Empty when the Markdown is inert.
 */
export function liveMarkdown(source: string): string[] {
  const problems: string[] = [];
  const html = renderMarkdown(source);
  for (const match of html.matchAll(/<a href="([^"]*)"/g)) if (!isOwnLink(match[1])) problems.push(`link to ${match[1]}`);
  for (const match of html.matchAll(/<img\b[^>]*>/g)) problems.push(`image ${match[0]}`);
  for (const match of html.matchAll(/<\/?([a-zA-Z][\w-]*)/g)) if (!ALLOWED_TAGS.has(match[1].toLowerCase())) problems.push(`HTML tag <${match[1]}>`);
  const breaks = source.match(/[\r\u2028\u2029\u0085]/g);
  if (breaks) problems.push(`line breaks other than \\n: ${JSON.stringify(breaks)}`);
  const prose = outsideCode(source).replace(/\]\(([^)\s]*)\)/g, (whole, href: string) => (isOwnLink(href) ? '](OWN)' : whole));
  const autolink = /(?:https?|ftp):\/\/|www\.|mailto:|[\w.+-]+@[\w-]+\.\w/i.exec(prose);
  if (autolink) problems.push(`autolink-looking text outside code: ${autolink[0]}`);
  return problems;
}
