/** Growable typed-array columns for builders. `trimmed()` copies exactly `length` items. */

type TypedArray = Int32Array | Float64Array | Uint8Array | Uint16Array | Uint32Array;
type Ctor<T extends TypedArray> = { new (n: number): T };

export class Column<T extends TypedArray> {
  data: T;
  length = 0;

  constructor(
    private readonly ctor: Ctor<T>,
    capacity = 1024,
  ) {
    this.data = new ctor(capacity);
  }

  push(v: number): number {
    if (this.length === this.data.length) this.grow(this.length + 1);
    this.data[this.length] = v;
    return this.length++;
  }

  get(i: number): number {
    return this.data[i];
  }

  set(i: number, v: number): void {
    this.data[i] = v;
  }

  private grow(min: number): void {
    let cap = this.data.length * 2;
    while (cap < min) cap *= 2;
    const next = new this.ctor(cap);
    next.set(this.data);
    this.data = next;
  }

  truncate(n: number): void {
    this.length = Math.min(this.length, n);
  }

  trimmed(): T {
    return this.data.slice(0, this.length) as T;
  }
}

export const int32Column = (cap?: number) => new Column(Int32Array, cap);
export const float64Column = (cap?: number) => new Column(Float64Array, cap);
export const uint8Column = (cap?: number) => new Column(Uint8Array, cap);
export const uint16Column = (cap?: number) => new Column(Uint16Array, cap);

/** Collects every ArrayBuffer reachable in a plain object tree (for postMessage transfer lists). */
export function collectTransferables(value: unknown, out: Set<ArrayBuffer> = new Set()): ArrayBuffer[] {
  const visit = (v: unknown) => {
    if (v === null || typeof v !== 'object') return;
    if (ArrayBuffer.isView(v)) {
      if (v.buffer instanceof ArrayBuffer) out.add(v.buffer);
      return;
    }
    if (v instanceof ArrayBuffer) {
      out.add(v);
      return;
    }
    if (Array.isArray(v)) {
      // arrays of primitives are common and large: only descend when items are objects
      for (const x of v) if (x !== null && typeof x === 'object') visit(x);
      return;
    }
    for (const k of Object.keys(v as object)) visit((v as Record<string, unknown>)[k]);
  };
  visit(value);
  return [...out];
}
