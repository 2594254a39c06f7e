/** Rendering of untrusted text (claim values, file content) for a terminal. */

/**
 * Makes a value safe to print on one line: control characters (terminal escape sequences, newlines,
 * bidi overrides) are shown as `\uXXXX` escapes so a crafted claim cannot rewrite the screen.
 */
export function printable(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, (ch) => {
    if (ch === '\n' || ch === '\r' || ch === '\t') return ' ';
    return `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`;
  });
}

export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : pluralForm}`;
}
