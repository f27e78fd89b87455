/**
 * pprof protobuf (profile.proto) → model (docs §4, §7.10, §7.11). The bytes arrive already
 * inflated (index.ts gunzips and re-sniffs); raw protobuf arrives as is.
 *
 * WHY A HAND-WRITTEN DECODER AND NOT @bufbuild/protobuf + generated code (measured, see
 * bench/pprof-decoder-choice.md for the script and numbers; Node 22, this machine):
 *   - size: @bufbuild/protobuf v2 runtime + code generated from profile.proto bundles (esbuild,
 *     minified) to ~75 KB (~17 KB gzip) in the worker; this decoder (wire.ts + this file) is
 *     ~8 KB minified (~3 KB gzip).
 *   - speed: on a 100k-sample goroutine profile (decompressed ~12 MB) `fromBinary` allocates one JS
 *     object per Sample/Location/Line/Label and bigint for every uint64/int64 field (ids, addresses,
 *     values, time): ~3x slower than walking the bytes once and writing straight into the model's
 *     id tables, and several times the peak heap.
 *   - the decoder must also do what generated code does not: report the byte offset of the first
 *     violation (string index out of range, unknown location/function id, length past the end,
 *     truncated varint) and resolve strings lazily (the string table comes LAST in Go's output).
 * profile.proto is frozen (fields only added, never renumbered), so the maintenance cost is small.
 */
import { FrameFlag, GFlag, type SnapshotKind, type ValueType } from '../../model/model';
import { warn, type ParseContext } from '../types';
import { goVersionFromPath, goVersionFromString } from '../profile-text/go-version';
import { Reader, WIRE_LEN, WIRE_VARINT } from './wire';

/** Growable int32 list (sub-message byte ranges, id tables). */
class IntList {
  data: Int32Array;
  length = 0;
  constructor(cap = 64) {
    this.data = new Int32Array(cap);
  }
  push(v: number): void {
    if (this.length === this.data.length) {
      const n = new Int32Array(this.data.length * 2);
      n.set(this.data);
      this.data = n;
    }
    this.data[this.length++] = v;
  }
}

/** Top-level fields we keep; sub-messages are kept as [start, end) and decoded later. */
interface TopLevel {
  sampleTypes: IntList; // start,end pairs
  samples: IntList;
  mappings: IntList;
  locations: IntList;
  functions: IntList;
  strStart: IntList;
  strEnd: IntList;
  comments: number[];
  commentAt: number[];
  timeNanos: number;
  durationNanos: number;
  periodType: [number, number] | null;
  periodTypeAt: number;
  period: number;
}

const MAX_SAFE = Number.MAX_SAFE_INTEGER;

export function parsePprof(ctx: ParseContext, buf: Uint8Array): void {
  const b = ctx.builder;
  const info = b.inputs[ctx.input];
  const r = new Reader(buf);
  const top = readTop(r, buf.length);

  // ---- strings: resolved lazily (only those referenced), validated on use ----------------------
  const nStr = top.strStart.length;
  const strCache: (string | undefined)[] = new Array(nStr);
  const dec = new TextDecoder('utf-8');
  const str = (idx: number, at: number, what: string): string => {
    if (idx < 0 || idx >= nStr || !Number.isInteger(idx)) {
      if (idx === 0 && nStr === 0) return '';
      r.fail(`${what}: string index ${idx} out of range (string table has ${nStr} entries)`, at);
    }
    let s = strCache[idx];
    if (s === undefined) {
      s = decodeStr(buf, top.strStart.data[idx], top.strEnd.data[idx], dec);
      strCache[idx] = s;
    }
    return s;
  };
  if (nStr > 0 && top.strEnd.data[0] !== top.strStart.data[0]) {
    warn(ctx, `pprof: string table entry 0 is not empty (byte ${top.strStart.data[0]})`);
  }

  // ---- sample types ----------------------------------------------------------------------------
  const sampleTypes: ValueType[] = [];
  for (let i = 0; i < top.sampleTypes.length; i += 2) {
    sampleTypes.push(readValueType(r, top.sampleTypes.data[i], top.sampleTypes.data[i + 1], str));
  }
  const periodType = top.periodType
    ? { type: str(top.periodType[0], top.periodTypeAt, 'period_type.type'), unit: str(top.periodType[1], top.periodTypeAt, 'period_type.unit') }
    : null;

  // ---- functions: id → (name, file) ------------------------------------------------------------
  const nFn = top.functions.length / 2;
  const fnName = new Int32Array(nFn);
  const fnFile = new Int32Array(nFn);
  const fnIds = new IdIndex(nFn);
  for (let i = 0; i < nFn; i++) {
    const s = top.functions.data[2 * i];
    const e = top.functions.data[2 * i + 1];
    r.pos = s;
    let id = 0;
    let name = 0;
    let sys = 0;
    let file = 0;
    let nameAt = s;
    let fileAt = s;
    while (r.pos < e) {
      const keyAt = r.pos;
      const key = r.uint(e);
      const f = key >>> 3;
      const wt = key & 7;
      if (wt === WIRE_VARINT && f >= 1 && f <= 5) {
        const v = r.uint(e);
        if (f === 1) id = v;
        else if (f === 2) (name = v), (nameAt = keyAt);
        else if (f === 3) sys = sys || v;
        else if (f === 4) (file = v), (fileAt = keyAt);
      } else r.skip(wt, e, f, keyAt);
    }
    if (id === 0) r.fail('function without an id', s);
    if (id > MAX_SAFE) r.fail(`function id ${id} beyond 2^53`, s);
    str(name, nameAt, 'function name');
    str(file, fileAt, 'function filename');
    if (name === 0 && sys) str(sys, s, 'function system_name');
    fnName[i] = name || sys;
    fnFile[i] = file;
    if (!fnIds.set(id, i)) warn(ctx, `pprof: duplicate function id ${id} at byte ${s}`);
  }

  // goVersion: from a standard-library source path, else from comments / mapping strings
  let goVersion: string | null = null;
  for (let i = 0; i < nFn && goVersion === null; i++) {
    const n = str(fnName[i], 0, 'function name');
    if (n.startsWith('runtime.')) goVersion = goVersionFromPath(str(fnFile[i], 0, 'function filename'));
  }
  for (let i = 0; i < nFn && goVersion === null; i++) goVersion = goVersionFromPath(str(fnFile[i], 0, 'function filename'));
  for (let i = 0; i < top.comments.length && goVersion === null; i++) goVersion = goVersionFromString(str(top.comments[i], top.commentAt[i], 'comment'));
  if (goVersion === null) goVersion = goVersionFromMappings(r, top, str);

  // ---- locations: id → frame ids, innermost first ----------------------------------------------
  const nLoc = top.locations.length / 2;
  const locIds = new IdIndex(nLoc);
  const locOff = new Int32Array(nLoc + 1);
  const locFrames = new IntList(nLoc * 2 + 16);
  const fnFrameCache = new Map<number, number>(); // (fnIndex, line, flags) → frame id
  const lineFn: number[] = [];
  const lineNo: number[] = [];
  const lineAt: number[] = [];
  for (let i = 0; i < nLoc; i++) {
    const s = top.locations.data[2 * i];
    const e = top.locations.data[2 * i + 1];
    r.pos = s;
    let id = 0;
    let address: bigint | null = null;
    lineFn.length = 0;
    lineNo.length = 0;
    lineAt.length = 0;
    while (r.pos < e) {
      const keyAt = r.pos;
      const key = r.uint(e);
      const f = key >>> 3;
      const wt = key & 7;
      if (f === 1 && wt === WIRE_VARINT) id = r.uint(e);
      else if (f === 3 && wt === WIRE_VARINT) address = r.uint64Big(e);
      else if (f === 4 && wt === WIRE_LEN) {
        const le = r.len(e, 4);
        let fid = 0;
        let ln = 0;
        while (r.pos < le) {
          const k2At = r.pos;
          const k2 = r.uint(le);
          const f2 = k2 >>> 3;
          const w2 = k2 & 7;
          if (f2 === 1 && w2 === WIRE_VARINT) fid = r.uint(le);
          else if (f2 === 2 && w2 === WIRE_VARINT) ln = r.int64(le);
          else r.skip(w2, le, f2, k2At);
        }
        lineFn.push(fid);
        lineNo.push(ln);
        lineAt.push(keyAt);
      } else r.skip(wt, e, f, keyAt);
    }
    if (id === 0) r.fail('location without an id', s);
    if (id > MAX_SAFE) r.fail(`location id ${id} beyond 2^53`, s);
    if (!locIds.set(id, i)) warn(ctx, `pprof: duplicate location id ${id} at byte ${s}`);
    locOff[i] = locFrames.length;
    if (lineFn.length === 0) {
      // unsymbolised: keep the address as the function name
      const name = address === null ? '?' : `0x${address.toString(16)}`;
      locFrames.push(b.frame(name, '', 0));
    } else {
      const last = lineFn.length - 1;
      for (let k = 0; k <= last; k++) {
        const fid = lineFn[k];
        const fi = fid === 0 ? -1 : fnIds.get(fid);
        if (fi < 0) r.fail(`location ${id}: line refers to missing function id ${fid}`, lineAt[k]);
        const flags = k < last ? FrameFlag.Inlined : 0;
        const ln = lineNo[k];
        const ck = (fi * 2 + flags) * 4294967296 + (ln >>> 0);
        let fr = fnFrameCache.get(ck);
        if (fr === undefined) {
          fr = b.frame(str(fnName[fi], 0, 'function name'), str(fnFile[fi], 0, 'function filename'), ln, flags);
          fnFrameCache.set(ck, fr);
        }
        locFrames.push(fr);
      }
    }
  }
  locOff[nLoc] = locFrames.length;

  // ---- snapshot --------------------------------------------------------------------------------
  const t0 = sampleTypes[0]?.type ?? periodType?.type ?? '';
  const isGoroutine = t0 === 'goroutine' || t0 === 'goroutineleak';
  const leak = t0 === 'goroutineleak';
  const kind: SnapshotKind = isGoroutine ? 'profile' : 'time-profile';
  if (sampleTypes.length === 0) warn(ctx, 'pprof: the profile declares no sample types');
  if (!isGoroutine) {
    const isBlocking = sampleTypes.length >= 2 && sampleTypes[0].type === 'contentions' && sampleTypes[1].type === 'delay';
    if (!isBlocking) {
      warn(
        ctx,
        `pprof: not a goroutine or blocking profile (sample types ${sampleTypes.map((t) => `${t.type}/${t.unit}`).join(', ') || 'none'}); stacks are weighted by ${sampleTypes[0]?.type ?? 'their first value'}`,
      );
    }
  }
  const weightType: ValueType = isGoroutine ? { type: 'goroutine', unit: 'count' } : (sampleTypes[0] ?? { type: '', unit: '' });
  const value2Type: ValueType | null = isGoroutine ? null : (sampleTypes[1] ?? null);
  const timeMs = top.timeNanos ? top.timeNanos / 1e6 : null;
  const snap = b.addSnapshot(ctx.input, {
    kind,
    label: isGoroutine ? `${t0} profile` : `${sampleTypes.map((t) => t.type).join('/')} profile`,
    timeMs,
    goVersion,
    hasStates: false,
    hasIds: false,
    leakProfile: leak,
    weightType,
    value2Type,
  });

  // ---- samples ---------------------------------------------------------------------------------
  const nTypes = sampleTypes.length;
  const flags = GFlag.Aggregated | (leak ? GFlag.Leaked : 0);
  let frames = new Int32Array(256);
  const locs: number[] = [];
  const locsAt: number[] = [];
  const values: number[] = [];
  const pairs: [string, string][] = [];
  let badValueLen = 0;
  let firstBadValueAt = 0;
  let total = 0;
  for (let i = 0; i < top.samples.length; i += 2) {
    const s = top.samples.data[i];
    const e = top.samples.data[i + 1];
    r.pos = s;
    locs.length = 0;
    locsAt.length = 0;
    values.length = 0;
    pairs.length = 0;
    while (r.pos < e) {
      const keyAt = r.pos;
      const key = r.uint(e);
      const f = key >>> 3;
      const wt = key & 7;
      if (f === 1) {
        if (wt === WIRE_VARINT) {
          locsAt.push(keyAt);
          locs.push(r.uint(e));
        } else if (wt === WIRE_LEN) {
          const pe = r.len(e, 1);
          while (r.pos < pe) {
            locsAt.push(r.pos);
            locs.push(r.uint(pe));
          }
        } else r.skip(wt, e, f, keyAt);
      } else if (f === 2) {
        if (wt === WIRE_VARINT) values.push(r.int64(e));
        else if (wt === WIRE_LEN) {
          const pe = r.len(e, 2);
          while (r.pos < pe) values.push(r.int64(pe));
        } else r.skip(wt, e, f, keyAt);
      } else if (f === 3 && wt === WIRE_LEN) {
        const le = r.len(e, 3);
        let k = 0;
        let sv = 0;
        let num = 0;
        let hasNum = false;
        let unit = 0;
        while (r.pos < le) {
          const k2At = r.pos;
          const k2 = r.uint(le);
          const f2 = k2 >>> 3;
          const w2 = k2 & 7;
          if (w2 === WIRE_VARINT && f2 === 1) k = r.uint(le);
          else if (w2 === WIRE_VARINT && f2 === 2) sv = r.uint(le);
          else if (w2 === WIRE_VARINT && f2 === 3) (num = r.int64(le)), (hasNum = true);
          else if (w2 === WIRE_VARINT && f2 === 4) unit = r.uint(le);
          else r.skip(w2, le, f2, k2At);
        }
        const key2 = str(k, keyAt, 'label key');
        let val: string;
        if (sv !== 0 || !hasNum) val = str(sv, keyAt, 'label value');
        else {
          const u = str(unit, keyAt, 'label unit');
          val = u ? `${num} ${u}` : String(num);
        }
        pairs.push([key2, val]);
      } else r.skip(wt, e, f, keyAt);
    }
    if (values.length !== nTypes && badValueLen++ === 0) firstBadValueAt = s;
    // leaf-first frames of all locations
    let n = 0;
    for (let j = 0; j < locs.length; j++) {
      const li = locIds.get(locs[j]);
      if (li < 0) r.fail(`sample refers to missing location id ${locs[j]}`, locsAt[j]);
      const a = locOff[li];
      const z = locOff[li + 1];
      if (n + (z - a) > frames.length) {
        const nf = new Int32Array(Math.max(frames.length * 2, n + (z - a)));
        nf.set(frames);
        frames = nf;
      }
      for (let q = a; q < z; q++) frames[n++] = locFrames.data[q];
    }
    const weight = values.length > 0 ? values[0] : 0;
    total += weight;
    b.addGoroutine({
      snapshot: snap,
      weight,
      value2: values.length > 1 ? values[1] : 0,
      flags,
      stack: n ? b.stackFromLeafFirst(frames, n) : -1,
      labels: pairs.length ? b.labelSet(pairs) : 0,
    });
  }
  b.endSnapshot(snap);
  if (badValueLen) {
    warn(ctx, `pprof: ${badValueLen} sample(s) have a value count different from the ${nTypes} sample types (first at byte ${firstBadValueAt})`);
  }
  if (!Number.isSafeInteger(total)) warn(ctx, 'pprof: sample values sum beyond 2^53; totals are approximate');
  info.goVersion = goVersion;
}

function readTop(r: Reader, end: number): TopLevel {
  const t: TopLevel = {
    sampleTypes: new IntList(8),
    samples: new IntList(1024),
    mappings: new IntList(16),
    locations: new IntList(1024),
    functions: new IntList(1024),
    strStart: new IntList(1024),
    strEnd: new IntList(1024),
    comments: [],
    commentAt: [],
    timeNanos: 0,
    durationNanos: 0,
    periodType: null,
    periodTypeAt: 0,
    period: 0,
  };
  r.pos = 0;
  while (r.pos < end) {
    const keyAt = r.pos;
    const key = r.uint(end);
    const f = key >>> 3;
    const wt = key & 7;
    if (wt === WIRE_LEN && f >= 1 && f <= 6) {
      const e = r.len(end, f);
      const s = r.pos;
      const list = f === 1 ? t.sampleTypes : f === 2 ? t.samples : f === 3 ? t.mappings : f === 4 ? t.locations : f === 5 ? t.functions : null;
      if (list) {
        list.push(s);
        list.push(e);
      } else {
        t.strStart.push(s);
        t.strEnd.push(e);
      }
      r.pos = e;
    } else if (f === 9 && wt === WIRE_VARINT) t.timeNanos = r.int64(end);
    else if (f === 10 && wt === WIRE_VARINT) t.durationNanos = r.int64(end);
    else if (f === 11 && wt === WIRE_LEN) {
      const e = r.len(end, f);
      t.periodTypeAt = keyAt;
      let ty = 0;
      let un = 0;
      while (r.pos < e) {
        const k2At = r.pos;
        const k2 = r.uint(e);
        if (k2 === 0x08) ty = r.uint(e);
        else if (k2 === 0x10) un = r.uint(e);
        else r.skip(k2 & 7, e, k2 >>> 3, k2At);
      }
      t.periodType = [ty, un];
    } else if (f === 12 && wt === WIRE_VARINT) t.period = r.int64(end);
    else if (f === 13) {
      if (wt === WIRE_VARINT) {
        t.commentAt.push(keyAt);
        t.comments.push(r.uint(end));
      } else if (wt === WIRE_LEN) {
        const e = r.len(end, f);
        while (r.pos < e) {
          t.commentAt.push(r.pos);
          t.comments.push(r.uint(e));
        }
      } else r.skip(wt, end, f, keyAt);
    } else if (f === 0) r.fail('field number 0 (not a protobuf, or corrupt)', keyAt);
    else r.skip(wt, end, f, keyAt);
  }
  return t;
}

function readValueType(r: Reader, s: number, e: number, str: (i: number, at: number, what: string) => string): ValueType {
  r.pos = s;
  let ty = 0;
  let un = 0;
  while (r.pos < e) {
    const keyAt = r.pos;
    const key = r.uint(e);
    if (key === 0x08) ty = r.uint(e);
    else if (key === 0x10) un = r.uint(e);
    else r.skip(key & 7, e, key >>> 3, keyAt);
  }
  return { type: str(ty, s, 'sample_type.type'), unit: str(un, s, 'sample_type.unit') };
}

function goVersionFromMappings(r: Reader, top: TopLevel, str: (i: number, at: number, what: string) => string): string | null {
  for (let i = 0; i < top.mappings.length; i += 2) {
    const s = top.mappings.data[i];
    const e = top.mappings.data[i + 1];
    r.pos = s;
    while (r.pos < e) {
      const keyAt = r.pos;
      const key = r.uint(e);
      const f = key >>> 3;
      const wt = key & 7;
      if ((f === 5 || f === 6) && wt === WIRE_VARINT) {
        const v = goVersionFromString(str(r.uint(e), keyAt, f === 5 ? 'mapping filename' : 'mapping build_id'));
        if (v) return v;
      } else r.skip(wt, e, f, keyAt);
    }
  }
  return null;
}

/** Short ASCII strings without TextDecoder (most function names and paths), else UTF-8 with replacement. */
function decodeStr(buf: Uint8Array, s: number, e: number, dec: TextDecoder): string {
  const n = e - s;
  if (n === 0) return '';
  if (n <= 96) {
    let ascii = true;
    for (let i = s; i < e; i++)
      if (buf[i] >= 0x80) {
        ascii = false;
        break;
      }
    if (ascii) return String.fromCharCode.apply(null, buf.subarray(s, e) as unknown as number[]);
  }
  return dec.decode(buf.subarray(s, e));
}

/** uint64 id → dense index; array-backed when ids are small, else a Map. */
class IdIndex {
  private arr: Int32Array | null;
  private map: Map<number, number> | null = null;
  constructor(n: number) {
    this.arr = new Int32Array(Math.max(16, n * 2 + 16)).fill(-1);
  }
  /** false when the id was already present */
  set(id: number, idx: number): boolean {
    if (this.arr && id < this.arr.length) {
      if (this.arr[id] >= 0) return false;
      this.arr[id] = idx;
      return true;
    }
    if (this.arr) {
      this.map = new Map();
      for (let i = 0; i < this.arr.length; i++) if (this.arr[i] >= 0) this.map.set(i, this.arr[i]);
      this.arr = null;
    }
    if (this.map!.has(id)) return false;
    this.map!.set(id, idx);
    return true;
  }
  get(id: number): number {
    if (this.arr) return id < this.arr.length ? this.arr[id] : -1;
    return this.map!.get(id) ?? -1;
  }
}

