/**
 * How the AWS tools word a request the API model refuses: botocore's client-side ParamValidationError and
 * the service's Java-style ValidationException, quoted in diagnostics as the answer a user would see.
 */
import type { AwsError } from '../diagnostics';
import type { Path } from './text';

/** The AWS CLI (botocore) checks required, unknown and type client-side; the text follows botocore's format. */
export function paramValidation(report: string): AwsError {
  return { code: 'ParamValidationError', message: `Parameter validation failed:\n${report}`, assumed: true };
}

export function botoName(path: Path): string {
  if (path.length === 0) return 'input';
  let name = '';
  for (const segment of path) {
    if (typeof segment === 'number') name += `[${segment}]`;
    else name += name ? `.${segment}` : segment;
  }
  return name;
}

export function pythonType(value: unknown): string {
  if (value === null) return "<class 'NoneType'>";
  if (Array.isArray(value)) return "<class 'list'>";
  switch (typeof value) {
    case 'string':
      return "<class 'str'>";
    case 'boolean':
      return "<class 'bool'>";
    case 'number':
      return Number.isInteger(value) ? "<class 'int'>" : "<class 'float'>";
    default:
      return "<class 'dict'>";
  }
}

export function pythonTypeName(type: string): string {
  switch (type) {
    case 'string':
      return "<class 'str'>";
    case 'boolean':
      return "<class 'bool'>";
    case 'object':
      return "<class 'dict'>";
    case 'array':
      return "<class 'list'>, <class 'tuple'>";
    case 'integer':
      return "<class 'int'>";
    case 'number':
      return "<class 'float'>, <class 'decimal.Decimal'>, <class 'int'>";
    default:
      return type;
  }
}

export function pythonValue(value: unknown): string {
  if (value === null) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (typeof value === 'string') return value;
  return JSON.stringify(value)
    .replace(/"/g, "'")
    .replace(/\btrue\b/g, 'True')
    .replace(/\bfalse\b/g, 'False')
    .replace(/\bnull\b/g, 'None');
}

/**
 * The service's model-validation answer (the constraints of the Cognito Identity API model). The pattern text for a top-level member is the
 * sourced format; member paths of nested fields and the length/enum/map texts are assumed analogues.
 */
export function validationException(value: unknown, path: Path, constraint: string, assumed = true): AwsError {
  return {
    code: 'ValidationException',
    message: `1 validation error detected: Value '${javaValue(value)}' at '${awsMemberPath(path)}' failed to satisfy constraint: ${constraint}`,
    ...(assumed || !constraint.startsWith('Member must satisfy regular expression pattern') ? { assumed: true } : {}),
  };
}

function awsMemberPath(path: Path): string {
  const parts: string[] = [];
  path.forEach((segment, i) => {
    const parent = path[i - 1];
    if (typeof segment === 'number') parts.push(`${segment + 1}.member`);
    else if (parent === 'Roles' || parent === 'RoleMappings' || parent === 'SupportedLoginProviders' || parent === 'IdentityPoolTags') parts.push(segment);
    else parts.push(segment.charAt(0).toLowerCase() + segment.slice(1));
  });
  return parts.join('.');
}

/** Values print as the service's Java toString does: maps as `{k=v}`, lists as `[a, b]`. */
function javaValue(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return `[${value.map(javaValue).join(', ')}]`;
  if (typeof value === 'object')
    return `{${Object.entries(value)
      .map(([k, v]) => `${k}=${javaValue(v)}`)
      .join(', ')}}`;
  return String(value);
}
