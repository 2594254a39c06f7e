/**
 * The workspace index's first look at a file: role-mapping markers found in raw bytes read piece by piece,
 * also when a marker is split between two pieces, deep in a large file, or in UTF-16 text with a
 * byte-order mark; never a false "no" for a text the core's pre-filter would accept.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { mightBeRoleMappingText, ROLE_MAPPING_MARKERS } from '../../core/documents';
import { hasMarker, MarkerScan } from '../../server/src/markerScan';

/** Feeds `bytes` to a scan in pieces of `size` bytes, as `readPieces` would; returns whether it found a marker and how many pieces it took. */
function scanInPieces(bytes: Uint8Array, size: number): { found: boolean; pieces: number } {
  const scan = new MarkerScan();
  let pieces = 0;
  for (let start = 0; start < bytes.length; start += size) {
    pieces++;
    if (scan.push(bytes.subarray(start, start + size))) break;
  }
  return { found: scan.found, pieces };
}

describe('marker scan', () => {
  test('a marker split between two pieces is found, for every marker and every split point', () => {
    for (const marker of ROLE_MAPPING_MARKERS) {
      const text = `${'x'.repeat(50)}"${marker}": 1`;
      for (let size = 1; size <= text.length; size++) {
        assert.equal(scanInPieces(Buffer.from(text), size).found, true, `${marker} in pieces of ${size}`);
      }
    }
  });

  test('reading stops at the first marker; a file without one is read to its end and dismissed', () => {
    const filler = JSON.stringify({ messages: Array.from({ length: 4000 }, (_, i) => `message ${i}: ünïcödé ✓`) });
    const template = `${filler.slice(0, -1)}, "Pool": { "Type": "AWS::Cognito::IdentityPool" } }`;
    const deep = scanInPieces(Buffer.from(template), 64 * 1024);
    assert.equal(deep.found, true, 'a marker in the last piece of a large file');
    assert.ok(deep.pieces > 1);
    const early = scanInPieces(Buffer.from(`{"RoleMappings": {}, ${filler.slice(1)}`), 1024);
    assert.deepEqual(early, { found: true, pieces: 1 });
    assert.equal(scanInPieces(Buffer.from(filler), 1024).found, false);
  });

  test('UTF-16 text with a byte-order mark is decoded before looking', () => {
    const text = '\ufeff{"IdentityPoolId": "us-east-1:11111111-2222-3333-4444-555555555555"}';
    const le = Buffer.from(text, 'utf16le');
    const be = Buffer.from(le).swap16();
    assert.equal(scanInPieces(le, 7).found, true);
    assert.equal(scanInPieces(be, 7).found, true);
    assert.equal(scanInPieces(Buffer.from('\ufeff{"name": "x"}', 'utf16le'), 7).found, false);
  });

  test('whatever the text, a text the core would parse holds a marker (the scan never hides a role mapping)', () => {
    const pieceOfMarker = fc.constantFrom(...ROLE_MAPPING_MARKERS, '"Roles":', 'Roles :', 'AWS::Cognito::IdentityPool', 'Resources:');
    const text = fc.array(fc.oneof(fc.string(), pieceOfMarker), { maxLength: 8 }).map((parts) => parts.join(''));
    fc.assert(
      fc.property(text, fc.integer({ min: 1, max: 40 }), (value, size) => {
        if (mightBeRoleMappingText(value)) {
          assert.equal(hasMarker(value), true);
          assert.equal(scanInPieces(Buffer.from(value), size).found, true);
        }
      }),
      { seed: 17, numRuns: 2000 },
    );
  });
});
