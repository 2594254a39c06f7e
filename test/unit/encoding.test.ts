/** Bytes to text: the encodings users' files really have, and one clear problem for everything else. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CODES } from '../../core/diagnostics';
import { parseDocument, undecodableDocument } from '../../core/documents';
import { decodeText, type DecodedText } from '../../core/encoding';

const ROLES_TEXT = `${JSON.stringify(
  {
    IdentityPoolId: 'us-east-1:11111111-2222-3333-4444-555555555555',
    Roles: { authenticated: 'arn:aws:iam::123456789012:role/Élan-Auth' },
  },
  null,
  2,
)}\n`;

const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);
const UTF16LE_BOM = Buffer.from([0xff, 0xfe]);
const UTF16BE_BOM = Buffer.from([0xfe, 0xff]);
const utf16be = (text: string) => Buffer.from(text, 'utf16le').swap16();

function problemOf(decoded: DecodedText): string {
  assert.equal(decoded.ok, false, 'the bytes are refused');
  return decoded.ok ? '' : decoded.problem;
}

describe('decodeText reads what editors and shells write', () => {
  const cases: Array<[string, Buffer, string]> = [
    ['UTF-8 without a byte-order mark', Buffer.from(ROLES_TEXT, 'utf8'), 'utf-8'],
    ['UTF-8 with a byte-order mark (Notepad, PowerShell 7 -Encoding utf8BOM)', Buffer.concat([UTF8_BOM, Buffer.from(ROLES_TEXT, 'utf8')]), 'utf-8'],
    ['UTF-16LE with a byte-order mark (Windows PowerShell 5 `>` and Out-File)', Buffer.concat([UTF16LE_BOM, Buffer.from(ROLES_TEXT, 'utf16le')]), 'utf-16le'],
    ['UTF-16BE with a byte-order mark', Buffer.concat([UTF16BE_BOM, utf16be(ROLES_TEXT)]), 'utf-16be'],
  ];
  for (const [name, bytes, encoding] of cases) {
    it(`${name}: the text without its byte-order mark`, () => {
      assert.deepEqual(decodeText(bytes), { ok: true, text: ROLES_TEXT, encoding });
    });
  }

  it('an empty file is empty text, and a supplementary character in UTF-16 survives', () => {
    assert.deepEqual(decodeText(new Uint8Array(0)), { ok: true, text: '', encoding: 'utf-8' });
    assert.deepEqual(decodeText(Buffer.concat([UTF16LE_BOM, Buffer.from('"🔑"', 'utf16le')])), { ok: true, text: '"🔑"', encoding: 'utf-16le' });
  });

  it('a UTF-16 file parses to the same model as its UTF-8 original', () => {
    const decoded = decodeText(Buffer.concat([UTF16LE_BOM, Buffer.from(ROLES_TEXT, 'utf16le')]));
    assert.ok(decoded.ok);
    const document = parseDocument('file:///w/roles.json', decoded.text);
    assert.equal(document.kind, 'roles');
    assert.deepEqual(document.parseDiagnostics, []);
    assert.equal(document.pools[0].roleConfig?.authenticated?.value, 'arn:aws:iam::123456789012:role/Élan-Auth');
  });
});

describe('decodeText names what it cannot read', () => {
  it('Latin-1 (invalid UTF-8): the byte, its value and its line', () => {
    const bytes = Buffer.from(ROLES_TEXT, 'latin1');
    const offset = bytes.indexOf(0xc9); // É
    assert.equal(
      problemOf(decodeText(bytes)),
      `The file is not UTF-8 text: byte ${offset + 1} (0xC9, on line 4) is not valid UTF-8, and there is no UTF-16 byte-order mark; save it as UTF-8.`,
    );
  });

  it('a multi-byte sequence cut short points at its first byte, also at the end of the file', () => {
    assert.match(problemOf(decodeText(Buffer.from([0x61, 0x0a, 0x62, 0xe2, 0x82, 0x63]))), /byte 4 \(0xE2, on line 2\)/);
    assert.match(problemOf(decodeText(Buffer.from([0x61, 0x62, 0xf0, 0x9f, 0x94]))), /byte 3 \(0xF0, on line 1\)/);
    assert.match(problemOf(decodeText(Buffer.from([0xff]))), /byte 1 \(0xFF, on line 1\)/);
    assert.match(problemOf(decodeText(Buffer.from([0x7b, 0xed, 0xa0, 0x80, 0x7d]))), /byte 2 \(0xED/, 'an encoded surrogate is not UTF-8');
  });

  it('UTF-16 without a byte-order mark, and binary files: NUL characters', () => {
    assert.equal(
      problemOf(decodeText(Buffer.from(ROLES_TEXT, 'utf16le'))),
      'The file holds a NUL character (on line 1), so it is not a text file, or it is UTF-16 without a byte-order mark; save it as UTF-8.',
    );
    assert.match(problemOf(decodeText(Buffer.from('{\n"a":\n1\u0000}', 'utf8'))), /NUL character \(on line 3\)/);
    assert.match(problemOf(decodeText(Buffer.concat([UTF16LE_BOM, Buffer.from('{"a":\u00001}', 'utf16le')]))), /NUL character/, 'also after a byte-order mark');
  });

  it('a UTF-16 byte-order mark on bytes that are not UTF-16', () => {
    assert.match(
      problemOf(decodeText(Buffer.concat([UTF16LE_BOM, Buffer.from('{}', 'utf16le'), Buffer.from([0x41])]))),
      /UTF-16LE byte-order mark but is not valid UTF-16LE/,
    );
    assert.match(
      problemOf(decodeText(Buffer.concat([UTF16BE_BOM, Buffer.from([0xdc, 0x00, 0x00, 0x41])]))),
      /UTF-16BE byte-order mark but is not valid UTF-16BE/,
      'a lone low surrogate',
    );
  });

  it('UTF-32 is named, not read as UTF-16', () => {
    assert.match(problemOf(decodeText(Buffer.from([0xff, 0xfe, 0x00, 0x00, 0x7b, 0, 0, 0, 0x7d, 0, 0, 0]))), /^The file is UTF-32 text/);
    assert.match(problemOf(decodeText(Buffer.from([0x00, 0x00, 0xfe, 0xff, 0, 0, 0, 0x7b]))), /^The file is UTF-32 text/);
  });
});

describe('undecodableDocument', () => {
  it('is an unrecognised document with one `encoding` error at 1:1 and nothing else', () => {
    const document = undecodableDocument('roles.json', 'The file is UTF-32 text, which is not read; save it as UTF-8.');
    assert.equal(document.kind, 'unknown');
    assert.deepEqual(document.pools, []);
    assert.deepEqual(
      document.parseDiagnostics.map((d) => [d.code, d.severity, d.range, d.message]),
      [
        [
          'encoding',
          'error',
          { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
          'The file is UTF-32 text, which is not read; save it as UTF-8.',
        ],
      ],
    );
    assert.equal(CODES.encoding.severity, 'error');
  });
});
