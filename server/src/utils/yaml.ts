/** YAML text the server writes into documents (completions, quick fixes). */

/** A YAML scalar for a string: plain when that reads back as the same string, else double-quoted. */
export function yamlScalar(value: string): string {
  const plainSafe =
    /^[A-Za-z0-9_./$(][^\s#]*$/.test(value) &&
    !/:(\s|$)/.test(value) &&
    !/^(true|false|yes|no|on|off|null|~|y|n)$/i.test(value) &&
    !/^[-+]?(\d[\d_]*(\.\d*)?([eE][-+]?\d+)?|\.inf|\.nan|0x[0-9a-fA-F]+|0o[0-7]+)$/i.test(value) &&
    !/[,[\]{}]/.test(value);
  return plainSafe ? value : JSON.stringify(value);
}
