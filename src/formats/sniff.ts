/**
 * Detect an input's format by content (docs/goroutine-dump-formats.md §0, trace format §1.3):
 * binary magic first, then text structure. Never by file name.
 */
import { hasMagic as hasSnapshotMagic } from '../share/format';

export type Sniffed =
  | { kind: 'gzip' }
  | { kind: 'execution-trace'; version: number }
  | { kind: 'pprof' }
  | { kind: 'goroutine-dump' }
  | { kind: 'goroutine-profile-text' }
  | { kind: 'schedtrace' }
  /** a Parkscope snapshot (a shared link's content or a `.parkscope` file, src/share) */
  | { kind: 'parkscope-snapshot' }
  | { kind: 'unknown'; reason: string };

const MAGIC: [string, number[]][] = [
  ['PNG signature', [0x89, 0x50, 0x4e, 0x47]],
  ['JPEG signature', [0xff, 0xd8, 0xff]],
  ['GIF signature', [0x47, 0x49, 0x46, 0x38]],
  ['PDF signature', [0x25, 0x50, 0x44, 0x46]],
  ['ZIP signature', [0x50, 0x4b, 0x03, 0x04]],
  ['ELF signature (an executable)', [0x7f, 0x45, 0x4c, 0x46]],
  ['zstd signature', [0x28, 0xb5, 0x2f, 0xfd]],
  ['bzip2 signature', [0x42, 0x5a, 0x68]],
  ['xz signature', [0xfd, 0x37, 0x7a, 0x58, 0x5a]],
];

function startsWith(b: Uint8Array, sig: number[]): boolean {
  if (b.length < sig.length) return false;
  for (let i = 0; i < sig.length; i++) if (b[i] !== sig[i]) return false;
  return true;
}

/** `go 1.N trace\0…` header: returns N or -1. */
export function traceHeaderVersion(b: Uint8Array): number {
  if (b.length < 16) return -1;
  const s = String.fromCharCode(...b.subarray(0, 16));
  const m = /^go 1\.(\d{1,2}) trace\0{3,4}$/.exec(s);
  return m ? Number(m[1]) : -1;
}

/**
 * Plausible profile.proto: walks the top-level fields of the head (all of it, up to 100k fields)
 * and requires every key to be a Profile field 1..15 with the wire type profile.proto gives it
 * (1–6, 11: length-delimited; 7–10, 12, 14, 15: varint; 13: either) and every length to fit. Only
 * the last field may run past the head (the head is a prefix of the file). Works whatever the field
 * order: runtime/pprof starts with 0x5A (period_type), other encoders with 0x0A or the string
 * table (0x32).
 */
function looksLikeProtobuf(b: Uint8Array): boolean {
  const r = protobufPrefix(b);
  // fully valid: a profile; valid for a while, then broken: a damaged profile (the parser reports
  // where), unless it reads as text
  return r.ok ? r.fields > 0 : r.fields >= 2 && !isMostlyText(b);
}

function protobufPrefix(b: Uint8Array): { ok: boolean; fields: number } {
  if (b.length < 2) return { ok: false, fields: 0 };
  let p = 0;
  let fields = 0;
  const varint = (): number => {
    let x = 0;
    let mul = 1;
    for (let i = 0; i < 10; i++) {
      if (p >= b.length) return -2; // cut by the end of the head
      const c = b[p++];
      x += (c & 0x7f) * mul;
      if (c < 0x80) return x;
      mul *= 128;
    }
    return -1;
  };
  while (p < b.length && fields < 100_000) {
    const key = varint();
    if (key < 0) return { ok: key === -2 && fields > 0, fields };
    const f = Math.floor(key / 8);
    const wt = key % 8;
    const want = f >= 1 && f <= 6 ? 2 : f === 11 ? 2 : f === 13 ? -1 : f >= 7 && f <= 15 ? 0 : -3;
    if (want === -3 || (want >= 0 && wt !== want) || (want === -1 && wt !== 0 && wt !== 2)) return { ok: false, fields };
    const v = varint();
    if (v === -1) return { ok: false, fields };
    if (v === -2) return { ok: fields > 0, fields };
    if (wt === 2) {
      if (p + v > b.length) return { ok: fields > 0 || b.length >= 4096, fields };
      p += v;
    }
    fields++;
  }
  return { ok: fields > 0, fields };
}

const HEADER_RE = /goroutine \d+ (?:gp=0x[0-9a-f]+ m=(?:\d+ mp=0x[0-9a-f]+|nil) )?\[/;
const PROFILE_RE = /^(?:.*?)(?:goroutine|goroutineleak) profile: total \d+\s*$/m;
const FRAME_RE = /^\S.*\)\r?\n[ \t]+\S.*:\d+(?: \+0x[0-9a-f]+)?\r?$/m;
const SCHED_RE = /SCHED \d+ms: gomaxprocs=\d+/;

/** Sniff from the head of the input (the first MiB or so is plenty). */
export function sniff(head: Uint8Array, text?: string): Sniffed {
  if (head.length === 0) return { kind: 'unknown', reason: 'the file is empty' };
  if (head[0] === 0x1f && head[1] === 0x8b) return { kind: 'gzip' };
  if (hasSnapshotMagic(head)) return { kind: 'parkscope-snapshot' };
  const tv = traceHeaderVersion(head);
  if (tv >= 0) return { kind: 'execution-trace', version: tv };
  if (head.length >= 3 && String.fromCharCode(head[0], head[1], head[2]) === 'go ' && /^go 1\.\d+ trace/.test(String.fromCharCode(...head.subarray(0, Math.min(16, head.length)))))
    return { kind: 'execution-trace', version: -1 };
  for (const [name, sig] of MAGIC) if (startsWith(head, sig)) return { kind: 'unknown', reason: `starts with ${name}` };
  const t = text ?? decodeHead(head);
  const hdr = HEADER_RE.exec(t);
  const prof = PROFILE_RE.exec(t);
  const sched = SCHED_RE.exec(t);
  const found = [
    hdr && { kind: 'goroutine-dump' as const, at: hdr.index },
    prof && { kind: 'goroutine-profile-text' as const, at: prof.index },
    sched && { kind: 'schedtrace' as const, at: sched.index },
  ].filter((x): x is { kind: 'goroutine-dump' | 'goroutine-profile-text' | 'schedtrace'; at: number } => !!x);
  // frames without any header still go to the dump parser, which names the line in its error
  if (!found.length && FRAME_RE.test(t)) found.push({ kind: 'goroutine-dump', at: 0 });
  if (found.length) {
    found.sort((a, b) => a.at - b.at);
    return { kind: found[0].kind };
  }
  const plainText = isPlainText(head);
  if (!plainText && looksLikeProtobuf(head)) return { kind: 'pprof' };
  if (!isMostlyText(head)) return { kind: 'unknown', reason: `binary data that is not gzip, a protobuf profile or a Go trace (first bytes ${hex(head.subarray(0, 8))})` };
  // text without any marker in its head: a long log may hold a dump further on; the dump parser
  // reads the whole input and says so if there is none
  if (head.length >= HEAD_SCAN) return { kind: 'goroutine-dump' };
  return { kind: 'unknown', reason: 'text without a goroutine header (`goroutine N [state]:`), a profile header (`goroutine profile: total N`) or `SCHED` lines' };
}

export function decodeHead(head: Uint8Array): string {
  if (head[0] === 0xff && head[1] === 0xfe) return new TextDecoder('utf-16le').decode(head.subarray(2));
  return new TextDecoder().decode(head);
}

/** Bytes sniffed before deciding; a longer text input with no marker yet goes to the dump parser. */
const HEAD_SCAN = 1 << 20;

/** No control bytes at all (other than TAB, LF, CR, ESC) in the first 4 KiB: text, not protobuf. */
function isPlainText(b: Uint8Array): boolean {
  const n = Math.min(b.length, 4096);
  for (let i = 0; i < n; i++) {
    const c = b[i];
    if (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d && c !== 0x1b) return false;
  }
  return true;
}

function isMostlyText(b: Uint8Array): boolean {
  const n = Math.min(b.length, 4096);
  let bad = 0;
  for (let i = 0; i < n; i++) {
    const c = b[i];
    if (c < 0x09 || (c > 0x0d && c < 0x20 && c !== 0x1b)) bad++;
  }
  return bad <= n / 100;
}

function hex(b: Uint8Array): string {
  return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join(' ');
}
