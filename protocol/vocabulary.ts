/**
 * Words the CLI, the server and the client all show, written once. The client may import only
 * protocol/, so they live here; like protocol/markdown.ts this module imports nothing at run time.
 */
import type { StepStatus, Via } from '../core/evaluate/types';

/**
 * What each `via` of a simulation result means, as a clause: the CLI report prints it after the id, the
 * JWT hover and the client's report in parentheses. Plain text: Markdown surfaces escape it.
 */
export const VIA_DESCRIPTIONS: Readonly<Record<Via, string>> = {
  rules: 'decided by the rules of the role mapping',
  token: "decided by the token's cognito:preferred_role / cognito:roles",
  'custom-role-arn': 'decided by the CustomRoleArn of the request',
  'ambiguous-resolution': 'no single role was found, so AmbiguousRoleResolution decided',
  'default-authenticated': "the pool's default authenticated role applies",
  'default-unauthenticated': "a guest: the pool's guest access and unauthenticated role decide",
  'token-validation': 'decided while validating the sign-in token',
  validation: 'decided by a configuration problem that AWS would reject',
};

/** What an `unknown` outcome's `via` means: only where the deploy-time values stopped the simulation. */
export const UNDECIDED_VIA_DESCRIPTION = 'undecided: the outcome depends on values known only at deploy time';

/** The mark before each trace step, by its status (text, so a terminal and Markdown show it alike). */
export const STATUS_MARKS: Readonly<Record<StepStatus, string>> = { pass: '✓', fail: '✗', skip: '–', info: '•' };

/**
 * The role name of an IAM role ARN: the part after the last `/`, so a role with a path
 * (`arn:aws:iam::123456789012:role/service/Name`) gives `Name`. Anything that is not a role ARN with a
 * name (a placeholder, a user ARN, an ARN ending in `/`) is returned whole rather than cut wrongly.
 * Linear: ARNs come from files and tokens and may be long.
 */
export function roleNameOfArn(arn: string): string {
  if (!arn.includes(':role/')) return arn;
  const name = arn.slice(arn.lastIndexOf('/') + 1);
  return name === '' ? arn : name;
}
