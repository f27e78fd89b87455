/**
 * Interned strings. Id 0 is always "". Builders intern; the frozen form is one UTF-8 byte
 * buffer plus offsets so a table of a million names crosses the worker boundary by transfer,
 * and strings are decoded only when a view shows them.
 */

/**
 * A limit of what one model keeps in memory was reached: the input is refused with a message that
 * states the limit, before the engine runs out of memory (which would take the whole tab down).
 */
export class ModelLimitError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ModelLimitError';
  }
}

export interface StringLimits {
  /** distinct strings */
  strings: number;
  /** characters of all distinct strings */
  chars: number;
}

/** Names are the part of a model that lives on the JS heap: capped well below a tab's heap. */
export const DEFAULT_STRING_LIMITS: StringLimits = { strings: 12_000_000, chars: 600_000_000 };

export class StringTableBuilder {
  readonly strings: string[] = [''];
  private readonly ids = new Map<string, number>([['', 0]]);
  private chars = 0;

  constructor(private readonly limits: StringLimits = DEFAULT_STRING_LIMITS) {}

  intern(s: string): number {
    let id = this.ids.get(s);
    if (id === undefined) {
      id = this.strings.length;
      this.chars += s.length;
      if (id >= this.limits.strings || this.chars > this.limits.chars)
        throw new ModelLimitError(
          `too many distinct names to keep in memory: more than ${this.limits.strings.toLocaleString('en-US')} names or ${Math.round(this.limits.chars / 1e6)} million characters of names (function names, paths, labels); load fewer or smaller files`,
        );
      const own = detach(s);
      this.strings.push(own);
      this.ids.set(own, id);
    }
    return id;
  }

  get(id: number): string {
    return this.strings[id] ?? '';
  }

  lookup(s: string): number | undefined {
    return this.ids.get(s);
  }

  get size(): number {
    return this.strings.length;
  }

  /** Forget every string interned after `size` (used to roll back a file that failed to parse). */
  truncate(size: number): void {
    for (let i = size; i < this.strings.length; i++) {
      this.ids.delete(this.strings[i]);
      this.chars -= this.strings[i].length;
    }
    this.strings.length = Math.max(1, size);
  }

  freeze(): FrozenStrings {
    const enc = new TextEncoder();
    const offsets = new Int32Array(this.strings.length + 1);
    let total = 0;
    for (let i = 0; i < this.strings.length; i++) total += this.strings[i].length * 3;
    let bytes = new Uint8Array(Math.max(16, total));
    let pos = 0;
    for (let i = 0; i < this.strings.length; i++) {
      offsets[i] = pos;
      const s = this.strings[i];
      if (s.length === 0) continue;
      const r = enc.encodeInto(s, bytes.subarray(pos));
      pos += r.written;
    }
    offsets[this.strings.length] = pos;
    bytes = bytes.slice(0, pos);
    return { bytes, offsets };
  }
}

/**
 * A copy of `s` that does not keep its parent alive: parsers slice lines out of multi-MiB chunk
 * strings, and V8's sliced strings would otherwise pin every chunk a stored name came from.
 */
export function detach(s: string): string {
  return s.length < 13 ? s : (' ' + s).slice(1);
}

/** The transferable form of a string table. */
export interface FrozenStrings {
  bytes: Uint8Array;
  offsets: Int32Array;
}

/** Read side of a frozen table: decodes lazily and caches. */
export class StringTable {
  private readonly cache: (string | undefined)[];
  private readonly decoder = new TextDecoder();
  private index: Map<string, number> | undefined;

  constructor(readonly frozen: FrozenStrings) {
    this.cache = new Array(Math.max(0, frozen.offsets.length - 1));
  }

  static fromArray(strings: string[]): StringTable {
    const b = new StringTableBuilder();
    for (const s of strings) b.intern(s);
    return new StringTable(b.freeze());
  }

  get size(): number {
    return this.frozen.offsets.length - 1;
  }

  get(id: number): string {
    if (id <= 0 || id >= this.cache.length) return '';
    let s = this.cache[id];
    if (s === undefined) {
      const { bytes, offsets } = this.frozen;
      s = this.decoder.decode(bytes.subarray(offsets[id], offsets[id + 1]));
      this.cache[id] = s;
    }
    return s;
  }

  /** Id of a string, or -1 when it does not occur (builds an index on first use). */
  find(s: string): number {
    if (!this.index) {
      this.index = new Map();
      for (let i = 0; i < this.size; i++) this.index.set(this.get(i), i);
    }
    return this.index.get(s) ?? -1;
  }
}

/**
 * Byte strings → dense ids (0, 1, 2, …), for parsers that meet the same bytes again and again (the
 * frame lines of a dump): a line's bytes are looked up before anything is decoded. Keys are copied
 * into one arena, so the chunks they came from are not kept alive. Exact: a hash hit is confirmed by
 * comparing the bytes.
 */
export class ByteKeys {
  private slots = new Int32Array(1 << 10);
  private mask = (1 << 10) - 1;
  private hashes = new Int32Array(256);
  /** key i is arena[starts[i] .. starts[i + 1]) */
  private starts = new Int32Array(257);
  private arena = new Uint8Array(1 << 14);
  private arenaView = new DataView(this.arena.buffer);
  count = 0;

  /** Id of the bytes `buf[s..e)`, or -1. `view` is a DataView of `buf` (as `viewOf(buf)`). */
  find(buf: Uint8Array, view: DataView, s: number, e: number): number {
    const h = hashBytes(buf, view, s, e);
    const mask = this.mask;
    for (let i = h & mask; ; i = (i + 1) & mask) {
      const v = this.slots[i];
      if (v === 0) return -1;
      const id = v - 1;
      if (this.hashes[id] === h && this.starts[id + 1] - this.starts[id] === e - s && this.equalsAt(id, buf, view, s)) return id;
    }
  }

  /** Adds `buf[s..e)` (not present: call `find` first); returns its id. */
  add(buf: Uint8Array, view: DataView, s: number, e: number): number {
    const h = hashBytes(buf, view, s, e);
    const id = this.count++;
    if (id + 2 > this.starts.length) {
      this.starts = grown(this.starts, this.starts.length * 2);
      this.hashes = grown(this.hashes, this.hashes.length * 2);
    }
    const at = this.starts[id];
    const end = at + (e - s);
    if (end > this.arena.length) {
      let cap = this.arena.length * 2;
      while (cap < end) cap *= 2;
      const next = new Uint8Array(cap);
      next.set(this.arena.subarray(0, at));
      this.arena = next;
      this.arenaView = new DataView(next.buffer);
    }
    this.arena.set(buf.subarray(s, e), at);
    this.starts[id + 1] = end;
    this.hashes[id] = h;
    if (this.count * 2 > this.slots.length) this.rehash(this.slots.length * 2);
    else this.place(id, h);
    return id;
  }

  /** Byte length of key `id`. */
  length(id: number): number {
    return this.starts[id + 1] - this.starts[id];
  }

  /** Whether `buf` holds key `id`'s bytes at `at` (the caller checks that they fit in `buf`). */
  equalsAt(id: number, buf: Uint8Array, view: DataView, at: number): boolean {
    const arena = this.arenaView;
    let a = this.starts[id];
    const end = this.starts[id + 1];
    // eight bytes at a time as doubles: equal doubles are equal bits except +0 and -0 (told apart by
    // the high word); NaN is never equal, which only makes a match fail
    for (; a + 8 <= end; a += 8, at += 8) {
      const x = arena.getFloat64(a, true);
      if (x !== view.getFloat64(at, true) || (x === 0 && arena.getInt32(a + 4, true) !== view.getInt32(at + 4, true))) return false;
    }
    if (a + 4 <= end) {
      if (arena.getInt32(a, true) !== view.getInt32(at, true)) return false;
      a += 4;
      at += 4;
    }
    for (; a < end; a++, at++) if (this.arena[a] !== buf[at]) return false;
    return true;
  }

  private place(id: number, h: number): void {
    const mask = this.mask;
    let i = h & mask;
    while (this.slots[i] !== 0) i = (i + 1) & mask;
    this.slots[i] = id + 1;
  }

  private rehash(size: number): void {
    this.slots = new Int32Array(size);
    this.mask = size - 1;
    for (let id = 0; id < this.count; id++) this.place(id, this.hashes[id]);
  }
}

/** A DataView over exactly `buf` (for word-wise reads at any offset). */
export function viewOf(buf: Uint8Array): DataView {
  return new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
}

/** Hash of `buf[s..e)`, four bytes at a time. */
export function hashBytes(buf: Uint8Array, view: DataView, s: number, e: number): number {
  let h = (e - s) ^ 0x811c9dc5;
  let i = s;
  for (; i + 4 <= e; i += 4) h = Math.imul(h ^ view.getInt32(i, true), 0x9e3779b1) ^ (h >>> 13);
  for (; i < e; i++) h = Math.imul(h ^ buf[i], 0x01000193);
  h ^= h >>> 16;
  return Math.imul(h, 0x85ebca6b) ^ (h >>> 13);
}

function grown(a: Int32Array<ArrayBuffer>, size: number): Int32Array<ArrayBuffer> {
  const next = new Int32Array(size);
  next.set(a);
  return next;
}
