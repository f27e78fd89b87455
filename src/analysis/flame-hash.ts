/**
 * An interning index of integer triples → dense ids 0, 1, 2, … (open addressing over typed arrays:
 * no Map, no boxed keys, no key packing that could overflow). The flame builder uses it for its
 * leaves (stack, wait reason, creation chain), creation chains (function, next chain) and the
 * children of tree nodes (parent, kind, name). Pure.
 */
export class TripleIndex {
  a: Int32Array;
  b: Int32Array;
  c: Int32Array;
  count = 0;
  private table: Int32Array;
  private mask: number;

  constructor(capacity = 1024) {
    let size = 16;
    while (size < capacity * 2) size *= 2;
    this.table = new Int32Array(size);
    this.mask = size - 1;
    const n = Math.max(16, capacity);
    this.a = new Int32Array(n);
    this.b = new Int32Array(n);
    this.c = new Int32Array(n);
  }

  private static hash(a: number, b: number, c: number): number {
    let h = Math.imul(a ^ 0x5bd1e995, 0x9e3779b1) ^ Math.imul(b + 0x7f4a7c15, 0x85ebca6b) ^ Math.imul(c + 0x165667b1, 0xc2b2ae35);
    h ^= h >>> 15;
    h = Math.imul(h, 0x2c1b3c6d);
    return h ^ (h >>> 12);
  }

  /** Id of (a, b, c), or -1 when it was never added. */
  find(a: number, b: number, c: number): number {
    const mask = this.mask;
    let h = TripleIndex.hash(a, b, c) & mask;
    for (;;) {
      const v = this.table[h];
      if (v === 0) return -1;
      const id = v - 1;
      if (this.a[id] === a && this.b[id] === b && this.c[id] === c) return id;
      h = (h + 1) & mask;
    }
  }

  /** Id of (a, b, c), added when new (ids are given in order of first addition). */
  add(a: number, b: number, c: number): number {
    const mask = this.mask;
    let h = TripleIndex.hash(a, b, c) & mask;
    for (;;) {
      const v = this.table[h];
      if (v === 0) break;
      const id = v - 1;
      if (this.a[id] === a && this.b[id] === b && this.c[id] === c) return id;
      h = (h + 1) & mask;
    }
    const id = this.count++;
    if (id === this.a.length) {
      this.a = grow(this.a);
      this.b = grow(this.b);
      this.c = grow(this.c);
    }
    this.a[id] = a;
    this.b[id] = b;
    this.c[id] = c;
    this.table[h] = id + 1;
    if (this.count * 2 > this.table.length) this.rehash(this.table.length * 2);
    return id;
  }

  private rehash(size: number): void {
    this.table = new Int32Array(size);
    this.mask = size - 1;
    for (let id = 0; id < this.count; id++) {
      let h = TripleIndex.hash(this.a[id], this.b[id], this.c[id]) & this.mask;
      while (this.table[h] !== 0) h = (h + 1) & this.mask;
      this.table[h] = id + 1;
    }
  }
}

function grow<T extends Int32Array | Float64Array | Uint8Array | Float32Array>(arr: T, min = 0): T {
  let n = Math.max(16, arr.length * 2);
  while (n < min) n *= 2;
  const next = new (arr.constructor as new (n: number) => T)(n);
  next.set(arr);
  return next;
}

/** A typed array at least `n` long holding `arr`'s items (the same array when it already is). */
export function ensure<T extends Int32Array | Float64Array | Uint8Array | Float32Array>(arr: T, n: number): T {
  return arr.length >= n ? arr : grow(arr, n);
}
