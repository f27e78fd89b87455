/**
 * Two codings every section uses:
 * - number columns: a count, then the cheapest of constant / zigzag varints / deltas / runs /
 *   float64 for the values (chosen by measuring), so ids, counts, times and flags all take what
 *   their entropy needs before deflate sees them;
 * - plain values (objects, arrays, strings, numbers, typed arrays) for the small descriptive parts
 *   (inputs, snapshot headers, trace tables), self-describing so a field added to the model later
 *   travels without a new section. Decoding is bounded (depth, counts against bytes left) and never
 *   lets a key such as `__proto__` reach a prototype.
 */
import { ByteReader, ByteWriter, intSize } from './bytes';
import { SnapshotError } from './errors';

const enum Col {
  Constant = 1,
  Ints = 2,
  Deltas = 3,
  Floats = 4,
  Runs = 5,
}

function isInt(v: number): boolean {
  return Number.isSafeInteger(v) && !Object.is(v, -0);
}

export function writeNumbers(w: ByteWriter, values: ArrayLike<number>): void {
  const n = values.length;
  w.uint(n);
  if (n === 0) return;
  let ints = true;
  let constant = true;
  const v0 = values[0];
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (ints && !isInt(v)) ints = false;
    if (constant && !Object.is(v, v0)) constant = false;
  }
  if (constant) {
    w.byte(Col.Constant);
    writeNumber(w, v0);
    return;
  }
  if (!ints) {
    w.byte(Col.Floats);
    for (let i = 0; i < n; i++) w.f64(values[i]);
    return;
  }
  let raw = 0;
  let delta = 0;
  let runs = 0;
  for (let i = 0; i < n; i++) {
    raw += intSize(values[i]);
    const d = i ? values[i] - values[i - 1] : values[i];
    delta += isInt(d) ? intSize(d) : 9;
    if (i === 0 || values[i] !== values[i - 1]) runs += intSize(values[i]) + 1;
  }
  if (runs * 2 < Math.min(raw, delta)) {
    w.byte(Col.Runs);
    let i = 0;
    while (i < n) {
      let j = i + 1;
      while (j < n && values[j] === values[i]) j++;
      w.int(values[i]);
      w.uint(j - i - 1);
      i = j;
    }
  } else if (delta < raw) {
    w.byte(Col.Deltas);
    for (let i = 0; i < n; i++) w.int(i ? values[i] - values[i - 1] : values[i]);
  } else {
    w.byte(Col.Ints);
    for (let i = 0; i < n; i++) w.int(values[i]);
  }
}

/** A number column; `max` bounds its length (a count the caller knows, or what the bytes allow). */
export function readNumbers(r: ByteReader, what: string, max = Infinity): Float64Array {
  const n = r.uint();
  if (n > max) throw new SnapshotError('corrupt', `${r.what}: ${what} has ${n} values, more than the ${max} expected`);
  r.spend(n, what);
  const out = new Float64Array(n);
  if (n === 0) return out;
  const mode = r.byte();
  switch (mode) {
    case Col.Constant:
      out.fill(readNumber(r));
      break;
    case Col.Ints:
      for (let i = 0; i < n; i++) out[i] = r.int();
      break;
    case Col.Deltas: {
      let v = 0;
      for (let i = 0; i < n; i++) out[i] = v += r.int();
      break;
    }
    case Col.Floats:
      for (let i = 0; i < n; i++) out[i] = r.f64();
      break;
    case Col.Runs: {
      let i = 0;
      while (i < n) {
        const v = r.int();
        const len = r.uint() + 1;
        if (len > n - i) throw new SnapshotError('corrupt', `${r.what}: a run of ${what} is longer than the column`);
        out.fill(v, i, i + len);
        i += len;
      }
      break;
    }
    default:
      throw new SnapshotError('corrupt', `${r.what}: unknown coding ${mode} of ${what}`);
  }
  return out;
}

function writeNumber(w: ByteWriter, v: number): void {
  if (isInt(v)) {
    w.byte(0);
    w.int(v);
  } else {
    w.byte(1);
    w.f64(v);
  }
}

function readNumber(r: ByteReader): number {
  const t = r.byte();
  if (t === 0) return r.int();
  if (t === 1) return r.f64();
  throw new SnapshotError('corrupt', `${r.what}: bad number tag ${t}`);
}

// ---- plain values ----

const enum Tag {
  Null = 0,
  False = 1,
  True = 2,
  Int = 3,
  Float = 4,
  String = 5,
  Array = 6,
  Object = 7,
  Typed = 8,
  Undefined = 9,
}

type TypedArray = Int8Array | Uint8Array | Int16Array | Uint16Array | Int32Array | Uint32Array | Float32Array | Float64Array;

const TYPED: { ctor: { new (n: number): TypedArray; name: string }; min: number; max: number }[] = [
  { ctor: Int8Array, min: -128, max: 127 },
  { ctor: Uint8Array, min: 0, max: 255 },
  { ctor: Int16Array, min: -32768, max: 32767 },
  { ctor: Uint16Array, min: 0, max: 65535 },
  { ctor: Int32Array, min: -(2 ** 31), max: 2 ** 31 - 1 },
  { ctor: Uint32Array, min: 0, max: 2 ** 32 - 1 },
  { ctor: Float32Array, min: -Infinity, max: Infinity },
  { ctor: Float64Array, min: -Infinity, max: Infinity },
];

export type Plain = null | undefined | boolean | number | string | TypedArray | Plain[] | { [k: string]: Plain };

export function writeValue(w: ByteWriter, v: unknown): void {
  if (v === null) w.byte(Tag.Null);
  else if (v === undefined) w.byte(Tag.Undefined);
  else if (v === true) w.byte(Tag.True);
  else if (v === false) w.byte(Tag.False);
  else if (typeof v === 'number') {
    if (isInt(v)) {
      w.byte(Tag.Int);
      w.int(v);
    } else {
      w.byte(Tag.Float);
      w.f64(v);
    }
  } else if (typeof v === 'string') {
    w.byte(Tag.String);
    w.str(v);
  } else if (ArrayBuffer.isView(v)) {
    const k = TYPED.findIndex((t) => v instanceof t.ctor);
    if (k < 0) throw new Error(`cannot encode ${v.constructor.name}`);
    w.byte(Tag.Typed);
    w.byte(k);
    writeNumbers(w, v as TypedArray);
  } else if (Array.isArray(v)) {
    w.byte(Tag.Array);
    w.uint(v.length);
    for (const x of v) writeValue(w, x);
  } else if (typeof v === 'object') {
    const entries = Object.entries(v as object);
    w.byte(Tag.Object);
    w.uint(entries.length);
    for (const [k, x] of entries) {
      w.str(k);
      writeValue(w, x);
    }
  } else throw new Error(`cannot encode a ${typeof v}`);
}

export function readValue(r: ByteReader, depth = 0): Plain {
  if (depth > 24) throw new SnapshotError('corrupt', `${r.what}: values nested too deeply`);
  const tag = r.byte();
  switch (tag) {
    case Tag.Null:
      return null;
    case Tag.Undefined:
      return undefined;
    case Tag.True:
      return true;
    case Tag.False:
      return false;
    case Tag.Int:
      return r.int();
    case Tag.Float:
      return r.f64();
    case Tag.String:
      return r.str();
    case Tag.Typed: {
      const k = r.byte();
      const t = TYPED[k];
      if (!t) throw new SnapshotError('corrupt', `${r.what}: unknown array type ${k}`);
      const vals = readNumbers(r, 'an array');
      if (t.ctor === Float64Array) return vals;
      const out = new t.ctor(vals.length);
      for (let i = 0; i < vals.length; i++) {
        const x = vals[i];
        if (t.ctor !== Float32Array && !(x >= t.min && x <= t.max && Number.isInteger(x))) throw new SnapshotError('corrupt', `${r.what}: ${x} does not fit a ${t.ctor.name}`);
        out[i] = x;
      }
      return out;
    }
    case Tag.Array: {
      const n = r.count('array items');
      const out: Plain[] = [];
      for (let i = 0; i < n; i++) out.push(readValue(r, depth + 1));
      return out;
    }
    case Tag.Object: {
      const n = r.count('object fields', 2);
      const out: { [k: string]: Plain } = {};
      for (let i = 0; i < n; i++) {
        const k = r.str();
        // defineProperty: a key named __proto__ becomes a field, never the prototype
        Object.defineProperty(out, k, { value: readValue(r, depth + 1), enumerable: true, writable: true, configurable: true });
      }
      return out;
    }
    default:
      throw new SnapshotError('corrupt', `${r.what}: unknown value tag ${tag}`);
  }
}
