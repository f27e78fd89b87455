/**
 * The growable typed-array column of every builder (ModelBuilder, the trace sink's tables).
 *
 * A plain typed array that doubles when full: plain arrays, because typed arrays on resizable
 * ArrayBuffers are about twice as slow to read and write in V8 (Node 20, measured), and these
 * columns sit in parsers' hot loops. `trimmed()` copies exactly `length` items (the builder stays
 * usable); `take()` hands the column's own memory over when it is exactly full and copies
 * otherwise (the column must not be used afterwards); `clear()` gives the memory back.
 * `maxItems` caps the column (a push beyond it throws a RangeError): a bound on what hostile
 * input can make a parser allocate. Builders use the per-type factories at the end of this file.
 */

type TypedArray = Int8Array | Int16Array | Int32Array | Float64Array | Uint8Array | Uint16Array | Uint32Array;
type Ctor<T extends TypedArray> = { new (n: number): T };

export class Column<T extends TypedArray> {
  data: T;
  length = 0;

  constructor(
    private readonly ctor: Ctor<T>,
    capacity = 1024,
    private readonly maxItems = Infinity,
  ) {
    this.data = new ctor(Math.max(1, Math.min(capacity, maxItems)));
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

  /** Room for at least `n` items without another copy. */
  reserve(n: number): void {
    if (n > this.data.length) this.grow(n);
  }

  private grow(min: number): void {
    if (min > this.maxItems) throw new RangeError(`column full (${this.maxItems} items)`);
    let cap = this.data.length * 2;
    while (cap < min) cap *= 2;
    const next = new this.ctor(Math.min(cap, this.maxItems));
    next.set(this.data);
    this.data = next;
  }

  /** Appends `n` copies of `v`. */
  pushFill(v: number, n: number): void {
    this.reserve(this.length + n);
    this.data.fill(v, this.length, this.length + n);
    this.length += n;
  }

  /** Appends every item of `src`. */
  pushAll(src: ArrayLike<number>): void {
    this.reserve(this.length + src.length);
    this.data.set(src, this.length);
    this.length += src.length;
  }

  truncate(n: number): void {
    this.length = Math.min(this.length, n);
  }

  /** A copy of exactly `length` items. */
  trimmed(): T {
    return this.data.slice(0, this.length) as T;
  }

  /** Exactly `length` items, without a copy when the column is full; the column is empty afterwards. */
  take(): T {
    const d = this.data.length === this.length ? this.data : (this.data.slice(0, this.length) as T);
    this.data = new this.ctor(1);
    this.length = 0;
    return d;
  }

  /** Empties the column and gives its memory back. */
  clear(): void {
    this.data = new this.ctor(Math.min(1024, this.maxItems));
    this.length = 0;
  }
}

/*
 * One subclass per element type, each with its own copy of the hot methods: a method shared by
 * columns of several typed-array types has a megamorphic element store, ~2.5× slower per push
 * (measured, Node 20). The factories below return these; `new Column(ctor)` stays generic.
 */
class Float64Column extends Column<Float64Array> {
  constructor(cap?: number, max?: number) {
    super(Float64Array, cap, max);
  }
  override push(v: number): number {
    if (this.length === this.data.length) this.reserve(this.length + 1);
    this.data[this.length] = v;
    return this.length++;
  }
  override get(i: number): number {
    return this.data[i];
  }
  override set(i: number, v: number): void {
    this.data[i] = v;
  }
}

class Int32Column extends Column<Int32Array> {
  constructor(cap?: number, max?: number) {
    super(Int32Array, cap, max);
  }
  override push(v: number): number {
    if (this.length === this.data.length) this.reserve(this.length + 1);
    this.data[this.length] = v;
    return this.length++;
  }
  override get(i: number): number {
    return this.data[i];
  }
  override set(i: number, v: number): void {
    this.data[i] = v;
  }
}

class Uint8Column extends Column<Uint8Array> {
  constructor(cap?: number, max?: number) {
    super(Uint8Array, cap, max);
  }
  override push(v: number): number {
    if (this.length === this.data.length) this.reserve(this.length + 1);
    this.data[this.length] = v;
    return this.length++;
  }
  override get(i: number): number {
    return this.data[i];
  }
  override set(i: number, v: number): void {
    this.data[i] = v;
  }
}

class Uint16Column extends Column<Uint16Array> {
  constructor(cap?: number, max?: number) {
    super(Uint16Array, cap, max);
  }
  override push(v: number): number {
    if (this.length === this.data.length) this.reserve(this.length + 1);
    this.data[this.length] = v;
    return this.length++;
  }
  override get(i: number): number {
    return this.data[i];
  }
  override set(i: number, v: number): void {
    this.data[i] = v;
  }
}

class Uint32Column extends Column<Uint32Array> {
  constructor(cap?: number, max?: number) {
    super(Uint32Array, cap, max);
  }
  override push(v: number): number {
    if (this.length === this.data.length) this.reserve(this.length + 1);
    this.data[this.length] = v;
    return this.length++;
  }
  override get(i: number): number {
    return this.data[i];
  }
  override set(i: number, v: number): void {
    this.data[i] = v;
  }
}

export const int32Column = (cap?: number, max?: number): Column<Int32Array> => new Int32Column(cap, max);
export const float64Column = (cap?: number, max?: number): Column<Float64Array> => new Float64Column(cap, max);
export const uint8Column = (cap?: number, max?: number): Column<Uint8Array> => new Uint8Column(cap, max);
export const uint16Column = (cap?: number, max?: number): Column<Uint16Array> => new Uint16Column(cap, max);
/** @public the column kind for unsigned 32-bit data, kept with its siblings */
export const uint32Column = (cap?: number, max?: number): Column<Uint32Array> => new Uint32Column(cap, max);

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
