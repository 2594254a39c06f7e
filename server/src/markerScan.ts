/**
 * Looks for the role-mapping markers (core's `ROLE_MAPPING_MARKERS`) in a file's bytes piece by piece as
 * they are read, so that the workspace index passes over the many JSON/YAML files that are something else
 * without parsing them, and stops reading a file at its first marker.
 */
import { ROLE_MAPPING_MARKERS, TERRAFORM_POLICY_ATTACHMENT_TYPE, TERRAFORM_RESOURCE_MAPPINGS } from '../../core/index';

/**
 * The core's markers, and the Terraform resource types it reads: a `.tf` file holding only the roles of a pool
 * defined in another file of its folder (one module) has none of the role-mapping markers.
 */
const MARKERS = [...ROLE_MAPPING_MARKERS, ...Object.keys(TERRAFORM_RESOURCE_MAPPINGS), TERRAFORM_POLICY_ATTACHMENT_TYPE];
/** Any marker anywhere: a superset of `mightBeRoleMappingText`, which then decides on the whole text. */
const MARKER_RE = new RegExp(MARKERS.join('|'));
/** Text kept from one piece to the next, so that a marker split between two pieces is still seen. */
const OVERLAP = Math.max(...MARKERS.map((marker) => marker.length)) - 1;
/** The global TextDecoder (Node and browsers alike); its type comes from the globals, not the DOM library. */
type Decoder = InstanceType<typeof TextDecoder>;

export class MarkerScan {
  private decoder: Decoder | undefined;
  private tail = '';
  found = false;

  /** Takes the next piece of the file; returns true once a marker has been seen (then stop reading). */
  push(piece: Uint8Array): boolean {
    if (this.found) return true;
    this.decoder ??= decoderFor(piece);
    const text = this.tail + this.decoder.decode(piece, { stream: true });
    if (MARKER_RE.test(text)) return (this.found = true);
    this.tail = text.slice(-OVERLAP);
    return false;
  }
}

/** Whether a whole text holds a marker (hosts that cannot read files in pieces). */
export function hasMarker(text: string): boolean {
  return MARKER_RE.test(text);
}

/**
 * UTF-8 by default: the markers are ASCII and no byte of a multi-byte UTF-8 sequence (nor a replacement
 * character for a broken one) is ASCII, so this finds exactly the markers of any ASCII-compatible text.
 * UTF-16 needs decoding first; it is recognised by its byte-order mark, as when the file is read.
 */
function decoderFor(first: Uint8Array): Decoder {
  if (first[0] === 0xff && first[1] === 0xfe) return new TextDecoder('utf-16le');
  if (first[0] === 0xfe && first[1] === 0xff) return new TextDecoder('utf-16be');
  return new TextDecoder('utf-8');
}
