/** Serverless Framework variables (`${self:custom.stage}`, `${opt:region}`, ...) in template texts. */
/** Serverless Framework variable sources (`${self:custom.stage}`, `${sls:stage}`, `${opt:region, 'us-east-1'}`, ...). */
export const SERVERLESS_VARIABLE_RE = /\$\{(self|sls|opt|env|file\(|cf|cf\.[a-z0-9-]+|ssm|s3|aws|param|strToBool|git)[:(]/;

/**
 * The body of a `${...}` that, in a Serverless file, is a Serverless variable: `source:address` or
 * `source(args)` (built-in or plugin sources). CloudFormation's own placeholders never look like this:
 * they are logical ids, `Resource.Attribute`, `AWS::Pseudo` or `!Literal`.
 */
const SERVERLESS_PLACEHOLDER_RE = /^\s*[A-Za-z][\w.-]*(\(|:(?!:))/;

/** Enough of a `${...}` body to see its source name (`self:`, `file(`, a plugin's). */
const MAX_SOURCE_PREFIX = 64;

/** Whether `${body}` is a Serverless Framework variable (in a file that goes through Serverless). */
export function isServerlessPlaceholder(body: string): boolean {
  return SERVERLESS_PLACEHOLDER_RE.test(body);
}

/** The Serverless variables in a text, each with its `${...}` (nested ones inside it), e.g. `${self:custom.stage}`. */
export function serverlessVariablesIn(text: string): string[] {
  const found: string[] = [];
  for (let start = text.indexOf('${'); start >= 0; start = text.indexOf('${', start + 2)) {
    // The source name decides, so the closing brace is looked for only then: linear even for `${${${…`.
    if (!isServerlessPlaceholder(text.slice(start + 2, start + 2 + MAX_SOURCE_PREFIX))) continue;
    const end = closingBrace(text, start);
    if (end < 0) break;
    found.push(text.slice(start, end + 1));
    start = end - 1;
  }
  return found;
}

/** The `}` closing the `${` at `start`, counting nested `${...}` (Serverless allows them); -1 if none. */
export function closingBrace(text: string, start: number): number {
  let depth = 0;
  for (let i = start; i < text.length; i++) {
    if (text.charCodeAt(i) === 36 /* $ */ && text.charCodeAt(i + 1) === 123 /* { */) {
      depth++;
      i++;
    } else if (text.charCodeAt(i) === 125 /* } */ && --depth === 0) {
      return i;
    }
  }
  return -1;
}
