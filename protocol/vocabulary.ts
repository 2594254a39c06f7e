/**
 * Words the CLI, the server and the client all show, written once. The client may import only
 * protocol/, so they live here; like protocol/markdown.ts this module imports nothing.
 */

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
