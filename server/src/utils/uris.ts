/** Small uri helpers. Uris from the client and from the file system may encode characters differently. */

/** Keys already computed: the same few hundred uris are compared on every change. Bounded. */
const uriKeys = new Map<string, string>();
const MAX_REMEMBERED_KEYS = 10_000;

/** A comparison key: percent-decoding and Windows drive-letter case must not make one file two. */
export function uriKey(uri: string): string {
  let key = uriKeys.get(uri);
  if (key === undefined) {
    if (uriKeys.size >= MAX_REMEMBERED_KEYS) uriKeys.clear();
    key = computeUriKey(uri);
    uriKeys.set(uri, key);
  }
  return key;
}

function computeUriKey(uri: string): string {
  let decoded = uri;
  try {
    decoded = decodeURIComponent(uri);
  } catch {
    // Keep malformed escapes as they are.
  }
  return decoded.replace(/^file:\/\/\/([A-Za-z]):/, (_m, drive: string) => `file:///${drive.toLowerCase()}:`);
}

export function joinUri(base: string, name: string): string {
  return `${base.replace(/\/+$/, '')}/${encodeURIComponent(name)}`;
}

/** The path of `uri` below `folderUri`, `/`-separated and decoded, or `undefined` when it is not inside. */
export function relativePath(folderUri: string, uri: string): string | undefined {
  const folder = uriKey(folderUri).replace(/\/+$/, '') + '/';
  const key = uriKey(uri);
  return key.startsWith(folder) ? key.slice(folder.length) : undefined;
}

export function baseName(uri: string): string {
  return uriKey(uri)
    .replace(/[?#].*$/, '')
    .replace(/^.*\//, '');
}
