/**
 * YAML to the format-neutral syntax tree, with CloudFormation short-form tags (`!Ref X`) turned into
 * their long forms (`{ "Ref": "X" }`) so that every consumer sees one shape.
 * Implemented in the CloudFormation issue; until then YAML documents yield no tree.
 */
import { LineIndex } from './positions';
import type { ParsedText } from './syntax';

export function parseYamlText(text: string): ParsedText {
  return { text, lines: new LineIndex(text), root: undefined, errors: [], format: 'yaml' };
}
