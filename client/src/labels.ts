/**
 * Text from files and tokens shown in VS Code's own widgets (quick picks, test items), which render
 * `$(name)` as an icon: control and bidi characters escaped, and `$(` broken, so a pool label or a case
 * name from a file shows as written and never as an icon or reordered text. No `vscode` import: unit-tested.
 */
export function plainLabel(name: string): string {
  return name
    .replace(/[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`)
    .replace(/\$\(/g, '$\u200b(');
}
