/**
 * A file's bytes to text, shared by the CLI and the server. Read: UTF-8 with or without a byte-order
 * mark, and UTF-16 (little- or big-endian) with one, which is what Windows PowerShell 5's `>` and
 * `Out-File` write. Anything else is named as an encoding problem rather than parsed as garbled text
 * (which would only show a misleading syntax error). Pure: TextDecoder is a web and Node global.
 */

export type TextEncodingName = 'utf-8' | 'utf-16le' | 'utf-16be';

export type DecodedText = { ok: true; text: string; encoding: TextEncodingName } | { ok: false; problem: string };

const SAVE_AS_UTF8 = 'save it as UTF-8';

export function decodeText(bytes: Uint8Array): DecodedText {
  // UTF-32 first: its little-endian mark begins with UTF-16LE's.
  if (startsWith(bytes, [0x00, 0x00, 0xfe, 0xff]) || startsWith(bytes, [0xff, 0xfe, 0x00, 0x00])) {
    return { ok: false, problem: `The file is UTF-32 text, which is not read; ${SAVE_AS_UTF8}.` };
  }
  if (startsWith(bytes, [0xff, 0xfe])) return decodeUtf16(bytes, 'utf-16le');
  if (startsWith(bytes, [0xfe, 0xff])) return decodeUtf16(bytes, 'utf-16be');

  // Before UTF-8 validity: UTF-16 without a byte-order mark is more often the cause than a wrong byte.
  const nul = bytes.indexOf(0);
  if (nul >= 0) return nulProblem(countNewlineBytes(bytes, nul) + 1);
  let text: string;
  try {
    // Strips a UTF-8 byte-order mark.
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    const offset = firstInvalidUtf8Offset(bytes);
    const line = countNewlineBytes(bytes, offset) + 1;
    return {
      ok: false,
      problem: `The file is not UTF-8 text: byte ${offset + 1} (0x${bytes[offset].toString(16).toUpperCase().padStart(2, '0')}, on line ${line}) is not valid UTF-8, and there is no UTF-16 byte-order mark; ${SAVE_AS_UTF8}.`,
    };
  }
  return { ok: true, text, encoding: 'utf-8' };
}

function decodeUtf16(bytes: Uint8Array, encoding: 'utf-16le' | 'utf-16be'): DecodedText {
  const name = encoding === 'utf-16le' ? 'UTF-16LE' : 'UTF-16BE';
  let text: string;
  try {
    // Strips the byte-order mark.
    text = new TextDecoder(encoding, { fatal: true }).decode(bytes);
  } catch {
    return {
      ok: false,
      problem: `The file starts with a ${name} byte-order mark but is not valid ${name} text (an odd number of bytes or a broken surrogate pair); ${SAVE_AS_UTF8}.`,
    };
  }
  return withoutNul(text, encoding);
}

function withoutNul(text: string, encoding: TextEncodingName): DecodedText {
  const nul = text.indexOf('\u0000');
  return nul < 0 ? { ok: true, text, encoding } : nulProblem(text.slice(0, nul).split('\n').length);
}

/**
 * JSON and YAML never hold a raw NUL character, and text files almost never do: it is a binary file,
 * or UTF-16 saved without a byte-order mark (every ASCII character is followed or preceded by a NUL).
 */
function nulProblem(line: number): DecodedText {
  return {
    ok: false,
    problem: `The file holds a NUL character (on line ${line}), so it is not a text file, or it is UTF-16 without a byte-order mark; ${SAVE_AS_UTF8}.`,
  };
}

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  return bytes.length >= prefix.length && prefix.every((byte, i) => bytes[i] === byte);
}

/**
 * The offset of the first byte of the first invalid UTF-8 sequence, found with the same decoder that
 * judged the text. Called only for bytes already known to be invalid.
 */
function firstInvalidUtf8Offset(bytes: Uint8Array): number {
  const decodes = (end: number, stream: boolean) => {
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, end), { stream });
      return true;
    } catch {
      return false;
    }
  };
  // The longest prefix that a streaming decode accepts (it waits for the rest of a sequence cut at its end).
  let valid = 0;
  let invalid = bytes.length;
  while (invalid - valid > 1) {
    const middle = Math.floor((valid + invalid) / 2);
    if (decodes(middle, true)) valid = middle;
    else invalid = middle;
  }
  // Within it, the complete sequences end at most 3 bytes earlier; the broken sequence starts there.
  let end = valid;
  while (end > 0 && !decodes(end, false)) end--;
  return end;
}

function countNewlineBytes(bytes: Uint8Array, end: number): number {
  let count = 0;
  for (let i = 0; i < end; i++) if (bytes[i] === 0x0a) count++;
  return count;
}
