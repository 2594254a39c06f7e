/** Rendering of untrusted text (claim values, file content, file names) for a terminal. */

/** C0 and C1 controls (terminal escape sequences, newlines) and bidi controls that reorder a line on screen. */
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
/** The same, minus what JSON.stringify already escapes, plus the line separators that some readers break on. */
const CONTROL_CHARACTERS_AFTER_JSON = /[\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]/g;

const escaped = (ch: string) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`;

/**
 * Makes a value safe to print on one line: control characters (terminal escape sequences, newlines,
 * bidi overrides) are shown as `\uXXXX` escapes so a crafted claim cannot rewrite the screen.
 */
export function printable(text: string): string {
  return text.replace(CONTROL_CHARACTERS, (ch) => {
    if (ch === '\n' || ch === '\r' || ch === '\t') return ' ';
    return escaped(ch);
  });
}

/**
 * A file name or path made safe to print: like `printable`, but a newline or tab is escaped too, so the
 * name printed is unambiguous and cannot start a forged output line.
 */
export function printableName(name: string): string {
  return name.replace(CONTROL_CHARACTERS, escaped);
}

/**
 * JSON for a terminal: JSON.stringify escapes C0 controls in strings but writes C1 and bidi controls
 * raw; these are escaped as well (they can occur only inside strings, so the JSON means the same).
 */
export function jsonForTerminal(value: unknown): string {
  return JSON.stringify(value, null, 2).replace(CONTROL_CHARACTERS_AFTER_JSON, escaped);
}

export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : pluralForm}`;
}
