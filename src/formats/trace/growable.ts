/**
 * Append-only typed-array column for the trace's large tables (segments) that grows in place.
 *
 * With resizable ArrayBuffers (ES2024: Chrome 111+, Firefox 128+, Safari 16.4+, Node 20+) the
 * column reserves address space for `max` items and commits memory as it grows: no copy while
 * growing, and `take()` shrinks it to the exact length in place, so a finished table costs its
 * size and nothing more (a doubling array costs up to 2× while growing, and its exact-size copy
 * at the end another 1× until the garbage collector runs: ~80 instead of ~41 bytes per segment,
 * measured). Without resizable buffers it falls back to doubling and copying.
 */
type TA = Int32Array | Int16Array | Float64Array | Uint8Array;
type Ctor<T extends TA> = { new (n: number): T; new (b: ArrayBuffer): T; readonly BYTES_PER_ELEMENT: number };

interface ResizableBuffer extends ArrayBuffer {
  resize(n: number): void;
}
const RESIZABLE = typeof (ArrayBuffer.prototype as Partial<ResizableBuffer>).resize === 'function';

const INITIAL = 1 << 12;

export class Growable<T extends TA> {
  data: T;
  length = 0;
  private cap: number;
  private readonly buf: ResizableBuffer | null;

  /** `max`: the most items it will hold (its address-space reservation) */
  constructor(
    private readonly ctor: Ctor<T>,
    private readonly max: number,
    resizable = RESIZABLE,
  ) {
    this.cap = Math.min(INITIAL, max);
    let buf: ResizableBuffer | null = null;
    if (resizable) {
      try {
        const B = ArrayBuffer as unknown as { new (n: number, o: { maxByteLength: number }): ResizableBuffer };
        buf = new B(this.cap * ctor.BYTES_PER_ELEMENT, { maxByteLength: max * ctor.BYTES_PER_ELEMENT });
      } catch {
        buf = null; // no address space for the reservation: grow by copying
      }
    }
    this.buf = buf;
    this.data = buf ? new ctor(buf) /* length-tracking view */ : new ctor(this.cap);
  }

  push(v: number): number {
    if (this.length === this.cap) this.grow();
    this.data[this.length] = v;
    return this.length++;
  }

  private grow(): void {
    const cap = Math.min(this.max, this.cap * 2);
    if (cap <= this.cap) throw new RangeError(`column full (${this.max} items)`);
    if (this.buf) this.buf.resize(cap * this.ctor.BYTES_PER_ELEMENT);
    else {
      const n = new this.ctor(cap);
      n.set(this.data);
      this.data = n;
    }
    this.cap = cap;
  }

  /** The values as an exact-length array (in place when resizable); the column must not be used afterwards. */
  take(): T {
    if (this.buf) {
      this.buf.resize(this.length * this.ctor.BYTES_PER_ELEMENT);
      return this.data;
    }
    return this.data.slice(0, this.length) as T;
  }

  /** Empties the column and gives its memory back. */
  clear(): void {
    this.length = 0;
    this.cap = Math.min(INITIAL, this.max);
    if (this.buf) this.buf.resize(this.cap * this.ctor.BYTES_PER_ELEMENT);
    else this.data = new this.ctor(this.cap);
  }
}

export const growI32 = (max: number) => new Growable(Int32Array, max);
export const growF64 = (max: number) => new Growable(Float64Array, max);
export const growU8 = (max: number) => new Growable(Uint8Array, max);

/**
 * An integer column that starts as Int16 and widens to Int32 the first time a value does not
 * fit (goroutine rows, stack and string ids, P ids are small in most traces): 2 bytes per item
 * instead of 4 until then. Append-only; `take()` gives an Int16Array or an Int32Array.
 */
export class NarrowInt {
  private narrow: Growable<Int16Array> | null;
  private wide: Growable<Int32Array> | null = null;

  constructor(
    private readonly max: number,
    private readonly resizable = RESIZABLE,
  ) {
    this.narrow = new Growable(Int16Array as unknown as Ctor<Int16Array>, max, resizable);
  }

  get length(): number {
    return this.narrow ? this.narrow.length : this.wide!.length;
  }

  push(v: number): number {
    const n = this.narrow;
    if (n !== null) {
      if (v === (v << 16) >> 16) return n.push(v);
      this.widen();
    }
    return this.wide!.push(v);
  }

  private widen(): void {
    const n = this.narrow!;
    const w = new Growable(Int32Array, this.max, this.resizable);
    const d = n.data;
    for (let i = 0; i < n.length; i++) w.push(d[i]);
    n.clear();
    this.narrow = null;
    this.wide = w;
  }

  get(i: number): number {
    return this.narrow ? this.narrow.data[i] : this.wide!.data[i];
  }

  take(): Int16Array | Int32Array {
    return this.narrow ? this.narrow.take() : this.wide!.take();
  }

  clear(): void {
    this.narrow = new Growable(Int16Array as unknown as Ctor<Int16Array>, this.max, this.resizable);
    this.wide = null;
  }
}

export const narrowInt = (max: number) => new NarrowInt(max);
