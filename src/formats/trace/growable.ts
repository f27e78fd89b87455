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
type TA = Int32Array | Float64Array | Uint8Array;
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
