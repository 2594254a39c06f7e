/** Positions are 0-based, like LSP's, with `character` counted in UTF-16 code units. */
export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

/** A place in a file: the unit every diagnostic, trace step and tree item points at. */
export interface Location {
  uri: string;
  range: Range;
}

/** Maps offsets in one text to line/character positions; built once per text. */
export class LineIndex {
  /** Offsets where lines start; typed so that an open document's index costs 4 bytes per line. */
  private readonly lineStarts: Uint32Array;

  constructor(
    readonly text: string,
    /** Line starts already known (see `afterEditWithinLine`); computed from the text when absent. */
    knownLineStarts?: Uint32Array,
  ) {
    if (knownLineStarts) {
      this.lineStarts = knownLineStarts;
      return;
    }
    const starts: number[] = [0];
    if (!text.includes('\r')) {
      // The common case: native search is several times faster than a character loop.
      for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
    } else {
      for (let i = 0; i < text.length; i++) {
        const ch = text.charCodeAt(i);
        if (ch === 13 /* \r */) {
          if (text.charCodeAt(i + 1) === 10) i++;
          starts.push(i + 1);
        } else if (ch === 10 /* \n */) {
          starts.push(i + 1);
        }
      }
    }
    this.lineStarts = Uint32Array.from(starts);
  }

  /**
   * The index of `text`, which is this index's text changed at `offset` by an edit without line breaks
   * that made it `delta` characters longer: the later lines just move.
   */
  afterEditWithinLine(text: string, offset: number, delta: number): LineIndex {
    const starts = this.lineStarts.slice();
    for (let i = 0; i < starts.length; i++) if (starts[i] > offset) starts[i] += delta;
    return new LineIndex(text, starts);
  }

  get lineCount(): number {
    return this.lineStarts.length;
  }

  positionAt(offset: number): Position {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    let low = 0;
    let high = this.lineStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.lineStarts[mid] <= clamped) low = mid;
      else high = mid - 1;
    }
    return { line: low, character: clamped - this.lineStarts[low] };
  }

  offsetAt(position: Position): number {
    if (position.line < 0) return 0;
    if (position.line >= this.lineStarts.length) return this.text.length;
    const lineStart = this.lineStarts[position.line];
    const nextLineStart = position.line + 1 < this.lineStarts.length ? this.lineStarts[position.line + 1] : this.text.length;
    return Math.max(lineStart, Math.min(lineStart + Math.max(0, position.character), nextLineStart));
  }

  rangeAt(offset: number, length: number): Range {
    return { start: this.positionAt(offset), end: this.positionAt(offset + length) };
  }

  /** A range that is turned into lines and characters only when read (see `OffsetRange`). */
  lazyRangeAt(offset: number, length: number): OffsetRange {
    return new OffsetRange(this, offset, length);
  }
}

/**
 * A range kept as an offset and a length and turned into positions when read. A model keeps a range for
 * every value it read (thousands per open document), and most are never looked at: this keeps each one
 * a single small object. Serialises (`toJSON`) as a plain range.
 */
export class OffsetRange implements Range {
  constructor(
    private readonly lines: LineIndex,
    readonly offset: number,
    readonly length: number,
  ) {}

  get start(): Position {
    return this.lines.positionAt(this.offset);
  }

  get end(): Position {
    return this.lines.positionAt(this.offset + this.length);
  }

  toJSON(): Range {
    return { start: this.start, end: this.end };
  }
}

/** A plain copy of a range (for values kept long or compared often, such as diagnostics). */
export function plainRange(range: Range): Range {
  return range instanceof OffsetRange ? range.toJSON() : range;
}

/** A text key of a range, for sets and maps of places. */
export function rangeKey(range: Range): string {
  return `${range.start.line}:${range.start.character}-${range.end.line}:${range.end.character}`;
}

export function sameRange(a: Range, b: Range): boolean {
  return a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;
}

export function containsPosition(range: Range, position: Position): boolean {
  if (position.line < range.start.line || position.line > range.end.line) return false;
  if (position.line === range.start.line && position.character < range.start.character) return false;
  if (position.line === range.end.line && position.character > range.end.character) return false;
  return true;
}

export const EMPTY_RANGE: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
