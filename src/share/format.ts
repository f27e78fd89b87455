/**
 * The container every snapshot shares, a link's `p=` (base64url of it) and a `.parkscope` file
 * alike:
 *
 *   bytes 0–3   magic 0x89 'P' 'K' 'S' (binary first byte: never mistaken for text)
 *   byte  4     encoding version (1, 2, …: readers open every version up to their own)
 *   byte  5     flags: 1 reduced (a link that left things out), 2 redacted
 *   bytes 6–9   CRC-32 of the body (little endian): a link cut or altered in a chat is caught here
 *   bytes 10–13 body length (little endian), checked before inflating
 *   rest        the body, deflate-raw
 *
 * The body is a sequence of sections (tag, length, bytes); see encode.ts and decode.ts.
 */
import { SnapshotError } from './errors';

export const MAGIC = [0x89, 0x50, 0x4b, 0x53] as const;
/** the version this Parkscope writes */
export const VERSION = 4;
/*
 * Versions:
 *   1  goroutine rows as one number column per field
 *   2  goroutine rows as groups (what they share, with counts) and per-row members, ids delta-coded
 *      within their group
 *   3  execution traces in the trace model's current layout (segments per goroutine, reason codes,
 *      packed context); 1 and 2 carry the first layout and are upgraded when read (upgrade.ts)
 *   4  the argument words of each snapshot's rows (what goroutines wait on); earlier ones have none
 */
export const HEADER_BYTES = 14;
export const Flag = { Reduced: 1, Redacted: 2 } as const;

/** A body larger than this is refused before inflating (a 100 MB trace with full detail fits). */
export const MAX_BODY = 1 << 30;

export function hasMagic(b: Uint8Array): boolean {
  return b.length >= 4 && b[0] === MAGIC[0] && b[1] === MAGIC[1] && b[2] === MAGIC[2] && b[3] === MAGIC[3];
}

export interface Header {
  version: number;
  flags: number;
  crc: number;
  bodyLength: number;
}

export function writeHeader(h: Header): Uint8Array {
  const out = new Uint8Array(HEADER_BYTES);
  out.set(MAGIC, 0);
  out[4] = h.version;
  out[5] = h.flags;
  const v = new DataView(out.buffer);
  v.setUint32(6, h.crc >>> 0, true);
  v.setUint32(10, h.bodyLength >>> 0, true);
  return out;
}

export function readHeader(b: Uint8Array): Header {
  if (!hasMagic(b)) throw new SnapshotError('not-a-snapshot', b.length < 4 ? 'it is empty or a few bytes only' : 'it does not start with the snapshot signature');
  if (b.length < HEADER_BYTES) throw new SnapshotError('truncated', `only ${b.length} bytes`);
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const h = { version: b[4], flags: b[5], crc: v.getUint32(6, true), bodyLength: v.getUint32(10, true) };
  if (h.version === 0) throw new SnapshotError('corrupt', 'version 0 does not exist');
  if (h.version > VERSION) throw new SnapshotError('newer-version', `encoding version ${h.version}; this Parkscope reads versions up to ${VERSION}. Reload the page to get the newest version`);
  if (h.bodyLength > MAX_BODY) throw new SnapshotError('too-large', `its body is ${h.bodyLength} bytes`);
  return h;
}

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

export function crc32(b: Uint8Array): number {
  let c = 0xffffffff;
  for (let i = 0; i < b.length; i++) c = CRC_TABLE[(c ^ b[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
