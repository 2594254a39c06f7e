/** IAM wildcard matching: `*` (any run of characters) and `?` (one character), for actions, resources and StringLike. */

const cache = new Map<string, RegExp>();

/** Stand-ins for `*` and `?` that came from a substituted value (matched as themselves, not as wildcards). */
export const LITERAL_STAR = '\u0001';
export const LITERAL_QUESTION = '\u0002';

/** Undoes the stand-ins, for display and for exact comparisons. */
export function plainText(text: string): string {
  return text.replace(/\u0001/g, '*').replace(/\u0002/g, '?');
}

function escape(text: string): string {
  return text.replace(/[.+^${}()|[\]\\*?]/g, '\\$&');
}

/** A pattern where `*` and `?` are wildcards; `literal` parts (substituted variable values) are matched as written. */
export function globRegExp(pattern: string, ignoreCase: boolean): RegExp {
  const cacheKey = `${ignoreCase ? 'i' : 's'}${pattern}`;
  let re = cache.get(cacheKey);
  if (!re) {
    let source = '';
    for (const ch of pattern) {
      if (ch === '*') source += '[\\s\\S]*';
      else if (ch === '?') source += '[\\s\\S]';
      else if (ch === LITERAL_STAR) source += '\\*';
      else if (ch === LITERAL_QUESTION) source += '\\?';
      else source += escape(ch);
    }
    re = new RegExp(`^${source}$`, ignoreCase ? 'i' : '');
    if (cache.size > 5000) cache.clear();
    cache.set(cacheKey, re);
  }
  return re;
}

export function globMatch(pattern: string, text: string, ignoreCase = false): boolean {
  if (pattern === '*') return true;
  return globRegExp(pattern, ignoreCase).test(text);
}

/** `Action`/`NotAction` entries: `service:Action` with wildcards, compared case-insensitively. */
export function actionMatches(pattern: string, action: string): boolean {
  return globMatch(pattern.trim(), action, true);
}

/**
 * ARN matching (Resource, ArnEquals, ArnLike): the six colon-separated parts are compared one by one,
 * case-sensitively, each with wildcards; the last part (the resource) may itself hold colons. `*` alone
 * matches any resource.
 */
export function arnMatches(pattern: string, arn: string): boolean {
  if (pattern === '*') return true;
  const p = splitArn(pattern);
  const a = splitArn(arn);
  if (!p || !a) return !p && !a && globMatch(pattern, arn);
  for (let i = 0; i < 6; i++) if (!globMatch(p[i], a[i])) return false;
  return true;
}

/** The six parts of an ARN (`arn:partition:service:region:account:resource`), or undefined when it is none. */
export function splitArn(arn: string): string[] | undefined {
  const parts = arn.split(':');
  if (parts.length < 6) return undefined;
  return [...parts.slice(0, 5), parts.slice(5).join(':')];
}
