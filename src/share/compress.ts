/**
 * deflate-raw through the platform's CompressionStream (browsers, workers, Node ≥ 20), inflate
 * capped so a small link cannot expand into gigabytes, and base64url for the URL fragment.
 */
import { SnapshotError } from './errors';

async function pipe(data: Uint8Array, stream: CompressionStream | DecompressionStream, max: number): Promise<Uint8Array> {
  const writer = stream.writable.getWriter();
  const written = writer.write(data as Uint8Array<ArrayBuffer>).then(() => writer.close());
  written.catch(() => {});
  const reader = stream.readable.getReader();
  const parts: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const r = await reader.read();
      if (r.done) break;
      total += r.value.length;
      if (total > max) {
        await reader.cancel().catch(() => {});
        throw new SnapshotError('too-large', `it expands to more than ${Math.round(max / 2 ** 20)} MiB`);
      }
      parts.push(r.value);
    }
    await written;
  } catch (e) {
    if (e instanceof SnapshotError) throw e;
    throw new SnapshotError('corrupt', `its compressed data does not inflate (${(e as Error)?.message ?? e})`);
  }
  const out = new Uint8Array(total);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

export function deflateRaw(data: Uint8Array): Promise<Uint8Array> {
  return pipe(data, new CompressionStream('deflate-raw'), Infinity);
}

export function inflateRaw(data: Uint8Array, max: number): Promise<Uint8Array> {
  return pipe(data, new DecompressionStream('deflate-raw'), max);
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const B64_INDEX = (() => {
  const t = new Int16Array(128).fill(-1);
  for (let i = 0; i < B64.length; i++) t[B64.charCodeAt(i)] = i;
  return t;
})();

/** base64url without padding. */
export function toBase64Url(b: Uint8Array): string {
  let out = '';
  let i = 0;
  for (; i + 2 < b.length; i += 3) {
    const v = (b[i] << 16) | (b[i + 1] << 8) | b[i + 2];
    out += B64[v >> 18] + B64[(v >> 12) & 63] + B64[(v >> 6) & 63] + B64[v & 63];
  }
  if (i + 1 === b.length) {
    const v = b[i] << 16;
    out += B64[v >> 18] + B64[(v >> 12) & 63];
  } else if (i + 2 === b.length) {
    const v = (b[i] << 16) | (b[i + 1] << 8);
    out += B64[v >> 18] + B64[(v >> 12) & 63] + B64[(v >> 6) & 63];
  }
  return out;
}

/** base64url (padding and standard base64's + and / accepted: links get rewritten by chat apps). */
export function fromBase64Url(s: string): Uint8Array {
  const t = s.replace(/=+$/, '');
  if (t.length % 4 === 1) throw new SnapshotError('truncated', 'the link parameter has a length no base64 text has');
  const out = new Uint8Array(Math.floor((t.length * 3) / 4));
  let o = 0;
  let acc = 0;
  let bits = 0;
  for (let i = 0; i < t.length; i++) {
    const c = t.charCodeAt(i);
    const v = c === 43 ? 62 : c === 47 ? 63 : c < 128 ? B64_INDEX[c] : -1;
    if (v < 0) throw new SnapshotError('not-a-snapshot', `the link parameter holds a character (${JSON.stringify(t[i])} at ${i}) that base64url does not use`);
    acc = (acc << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >> bits) & 0xff;
    }
  }
  return out.subarray(0, o);
}
