/**
 * Interned strings. Id 0 is always "". Builders intern; the frozen form is one UTF-8 byte
 * buffer plus offsets so a table of a million names crosses the worker boundary by transfer,
 * and strings are decoded only when a view shows them.
 */

export class StringTableBuilder {
  readonly strings: string[] = [''];
  private readonly ids = new Map<string, number>([['', 0]]);

  intern(s: string): number {
    let id = this.ids.get(s);
    if (id === undefined) {
      id = this.strings.length;
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
    for (let i = size; i < this.strings.length; i++) this.ids.delete(this.strings[i]);
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
