/**
 * Markdown built from untrusted text (token headers and claims, values, keys and names from files), shared
 * by the server's hovers and the client's reports: it lives in protocol/ because the client may import
 * only protocol/, and it imports nothing. Untrusted text reaches Markdown only through these helpers:
 * - `codeBlock`: a fenced block whose fence is longer than any backtick run inside;
 * - `inlineCode`: a code span whose fence is longer than any backtick run inside;
 * - `escapeMarkdown`: prose with every character Markdown gives a meaning to backslash-escaped.
 * All three show each line break a renderer may honour (`\n`, `\r`, U+2028, U+2029, U+0085) and each
 * invisible or reordering character (controls, bidi overrides, zero-width marks) as a visible escape:
 * a lone `\r` would otherwise end a code span and start a list item or an image. None of them can make a
 * link: code spans and blocks are never autolinked (CommonMark, GFM, linkify), and escaped prose has its
 * `:`, `.` and `@` escaped, which breaks the scheme, `www.` and e-mail patterns that autolinks need.
 */

/**
 * Line and paragraph separators, C0/C1 controls (`\n`, `\r`, ESC, NEL), format characters (bidi
 * overrides, zero-width joiners, BOM, tag characters) and lone surrogates.
 */
const HIDDEN_OR_BREAKING = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]/gu;
const HIDDEN_OR_BREAKING_BUT_NEWLINE = /(?!\n)[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]/gu;

const SHORT_ESCAPES: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** JSON's spelling of a character: `\r`, or `\uXXXX` per UTF-16 unit (so it reads back as the same string). */
function jsonEscape(character: string): string {
  const short = SHORT_ESCAPES[character];
  if (short) return short;
  let escaped = '';
  for (let i = 0; i < character.length; i++) escaped += `\\u${character.charCodeAt(i).toString(16).padStart(4, '0')}`;
  return escaped;
}

/** Whether the text holds a line break or an invisible character that the helpers below show escaped. */
export function hasHiddenOrBreakingCharacters(text: string): boolean {
  HIDDEN_OR_BREAKING.lastIndex = 0;
  return HIDDEN_OR_BREAKING.test(text);
}

/** The text with every line break and invisible character written as its JSON escape (`\r`, `\u2028`). */
export function showHiddenCharacters(text: string): string {
  return text.replace(HIDDEN_OR_BREAKING, jsonEscape);
}

function longestBacktickRun(text: string): number {
  let longest = 0;
  for (const run of text.match(/`+/g) ?? []) longest = Math.max(longest, run.length);
  return longest;
}

/**
 * A fenced code block. Its line breaks are `\n` only: any other break or invisible character is shown
 * escaped (JSON spells them the same way, so JSON content stays valid JSON).
 */
export function codeBlock(content: string, language = ''): string {
  const shown = content.replace(HIDDEN_OR_BREAKING_BUT_NEWLINE, jsonEscape);
  const fence = '`'.repeat(Math.max(3, longestBacktickRun(shown) + 1));
  return `${fence}${language}\n${shown}\n${fence}`;
}

/**
 * Inline code for a short untrusted value (a role ARN, a claim or mapping key). A value holding a line
 * break or an invisible character is shown as a JSON string, quoted and escaped, so what it really holds
 * is visible; any other value is shown as it is.
 */
export function inlineCode(text: string): string {
  // Quoted too: an empty or all-space value, which a code span cannot show.
  const quoted = hasHiddenOrBreakingCharacters(text) || text.trim() === '';
  const shown = quoted ? JSON.stringify(text).replace(HIDDEN_OR_BREAKING, jsonEscape) : text;
  const longest = longestBacktickRun(shown);
  const fence = '`'.repeat(longest + 1);
  // A space on both sides is removed by the renderer; it lets the value start or end with a backtick or a space.
  const pad = longest > 0 || /^[ `]|[ `]$/.test(shown) ? ' ' : '';
  return `${fence}${pad}${shown}${pad}${fence}`;
}

/**
 * Untrusted text as literal prose: every ASCII punctuation character Markdown (CommonMark, GFM) or an
 * autolinker gives a meaning to is backslash-escaped, which renderers show as the character itself.
 */
export function escapeMarkdown(text: string): string {
  return showHiddenCharacters(text).replace(/[\\`*_{}[\]()<>#+\-.!|~:@&$=^]/g, (character) => `\\${character}`);
}

export interface BoundedJson {
  text: string;
  /** True when levels deeper than `maxDepth` or text past `maxLength` were left out. */
  truncated: boolean;
}

type Frame = { entries: Array<[string | undefined, unknown]>; next: number; close: string; indent: string };

/**
 * `JSON.stringify(value, null, 2)` with bounds: containers nested deeper than `maxDepth` are shown as
 * `[…]` / `{…}`, and the text stops near `maxLength`. Iterative, so no nesting can overflow the stack
 * (a token claim of 6,000 nested arrays makes JSON.stringify throw RangeError, and 3,000 make 18 MB).
 */
export function boundedJson(value: unknown, maxDepth: number, maxLength: number): BoundedJson {
  const parts: string[] = [];
  let length = 0;
  let truncated = false;
  const emit = (text: string): void => {
    parts.push(text);
    length += text.length;
  };
  const stack: Frame[] = [];
  /** Writes a scalar or an empty or too-deep container, or opens a container by pushing its frame. */
  const write = (item: unknown, indent: string): void => {
    if (item === null || typeof item !== 'object') {
      emit(JSON.stringify(item) ?? 'null');
      return;
    }
    const isArray = Array.isArray(item);
    const entries: Array<[string | undefined, unknown]> = isArray
      ? (item as unknown[]).map((element) => [undefined, element === undefined || typeof element === 'function' ? null : element])
      : Object.entries(item as Record<string, unknown>).filter(([, v]) => v !== undefined && typeof v !== 'function');
    if (entries.length === 0) {
      emit(isArray ? '[]' : '{}');
      return;
    }
    if (stack.length >= maxDepth) {
      truncated = true;
      emit(isArray ? '[…]' : '{…}');
      return;
    }
    emit(isArray ? '[' : '{');
    stack.push({ entries, next: 0, close: isArray ? ']' : '}', indent });
  };
  write(value, '');
  while (stack.length > 0) {
    if (length > maxLength) break;
    const frame = stack[stack.length - 1];
    if (frame.next === frame.entries.length) {
      emit(`\n${frame.indent}${frame.close}`);
      stack.pop();
      continue;
    }
    const [key, item] = frame.entries[frame.next];
    const inner = `${frame.indent}  `;
    emit(`${frame.next > 0 ? ',' : ''}\n${inner}${key === undefined ? '' : `${JSON.stringify(key)}: `}`);
    frame.next++;
    write(item, inner);
  }
  const text = parts.join('');
  if (text.length <= maxLength) return { text, truncated };
  return { text: `${text.slice(0, maxLength)}\n…`, truncated: true };
}
