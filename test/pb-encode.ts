/** A tiny protobuf writer for synthetic profile.proto inputs in tests and benchmarks. */

export type Field =
  | { f: number; v: number | bigint } // varint
  | { f: number; b: Uint8Array } // length-delimited bytes / sub-message
  | { f: number; packed: (number | bigint)[] };

export function varint(x: number | bigint): number[] {
  let v = BigInt.asUintN(64, BigInt(x));
  const out: number[] = [];
  do {
    let byte = Number(v & 0x7fn);
    v >>= 7n;
    if (v) byte |= 0x80;
    out.push(byte);
  } while (v);
  return out;
}

export function msg(fields: Field[]): Uint8Array {
  const out: number[] = [];
  for (const fl of fields) {
    if ('v' in fl) out.push(...varint((fl.f << 3) | 0), ...varint(fl.v));
    else if ('b' in fl) out.push(...varint((fl.f << 3) | 2), ...varint(fl.b.length), ...fl.b);
    else {
      const body = fl.packed.flatMap((x) => varint(x));
      out.push(...varint((fl.f << 3) | 2), ...varint(body.length), ...body);
    }
  }
  return new Uint8Array(out);
}

export const str = (s: string) => new TextEncoder().encode(s);

/** A string table helper: index of each string, `""` first. */
export class Strings {
  readonly list: string[] = [''];
  id(s: string): number {
    let i = this.list.indexOf(s);
    if (i < 0) {
      i = this.list.length;
      this.list.push(s);
    }
    return i;
  }
  fields(): Field[] {
    return this.list.map((s) => ({ f: 6, b: str(s) }));
  }
}

export function concatBytes(parts: Uint8Array[]): Uint8Array {
  const n = parts.reduce((a, p) => a + p.length, 0);
  const out = new Uint8Array(n);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}
