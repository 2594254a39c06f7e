/**
 * Settings read through `workspace/configuration` (section `identityPoolRoles`), with every missing or
 * wrongly typed value replaced by its default, so any LSP client works without configuration.
 */
import { DEFAULT_SETTINGS, type IdentityPoolRolesSettings } from '../../protocol/protocol';

export type Settings = IdentityPoolRolesSettings;

function positiveNumber(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? Math.floor(value) : fallback;
}

export function normalizeSettings(raw: unknown): Settings {
  const section = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const files = (section.files && typeof section.files === 'object' ? section.files : {}) as Record<string, unknown>;
  // Flat keys (`files.include`) appear when a client sends the settings object unexpanded.
  const fileSetting = (name: string): unknown => files[name] ?? section[`files.${name}`];
  const include = fileSetting('include');
  const jwksFiles = section.jwksFiles;
  const clock = section.clock;
  return {
    files: {
      include: typeof include === 'string' && include.trim() !== '' ? include.trim() : DEFAULT_SETTINGS.files.include,
      maxCount: positiveNumber(fileSetting('maxCount'), DEFAULT_SETTINGS.files.maxCount),
      maxScanned: positiveNumber(fileSetting('maxScanned'), DEFAULT_SETTINGS.files.maxScanned),
      maxFileSize: positiveNumber(fileSetting('maxFileSize'), DEFAULT_SETTINGS.files.maxFileSize),
    },
    jwksFiles: Array.isArray(jwksFiles) ? jwksFiles.filter((f): f is string => typeof f === 'string' && f.trim() !== '') : [],
    clock: typeof clock === 'string' || typeof clock === 'number' ? clock : DEFAULT_SETTINGS.clock,
    templateParameters: templateParameters(section.templateParameters),
    policyFiles: policyFiles(section.policyFiles),
  };
}

/** Policy files by ARN (`arn:…:role/…` or `arn:…:policy/…`), paths as given. */
function policyFiles(raw: unknown): Record<string, string> {
  const result: Record<string, string> = {};
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return result;
  for (const [arn, file] of Object.entries(raw)) if (/^arn:[^:]+:iam::/.test(arn) && typeof file === 'string' && file.trim() !== '') result[arn] = file.trim();
  return result;
}

/** Parameter names as CloudFormation allows them; values as the text a deployment passes. */
function templateParameters(raw: unknown): Record<string, string> {
  const result: Record<string, string> = {};
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return result;
  for (const [name, value] of Object.entries(raw)) {
    if (!/^[A-Za-z0-9]{1,255}$/.test(name)) continue;
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') result[name] = String(value);
  }
  return result;
}
