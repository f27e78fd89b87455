/**
 * Upgrades of what older encodings carry to the current model, so an old link still opens.
 *
 * Encodings 1 and 2 hold execution traces in the trace model's first layout: lifecycle segments
 * in event order, chained per goroutine (`goroutines.firstSegment`, `segments.next`, a
 * `segments.goroutine` column), reasons as string ids, P and thread per segment, the unblocker as
 * its own columns; P and thread segments with a resource id per segment; log values interned as
 * strings; no `detail.level`, no `atEndLastKnown`. Encoding 3 holds the current layout
 * (src/model/trace.ts): segments per goroutine (CSR offsets), reason codes, one packed context
 * column. `upgradeTrace` turns the first into the second, checking as it goes (the decoder then
 * checks the result like any other).
 */
import type { Plain } from './values';
import { SnapshotError } from './errors';

type Obj = Record<string, Plain>;
type Num = ArrayLike<number>;

function bad(what: string): never {
  throw new SnapshotError('corrupt', what);
}

function col(o: Obj, k: string, n: number, what: string): Num {
  const v = o[k] as unknown;
  if (!ArrayBuffer.isView(v) || (v as unknown as Num).length !== n) bad(`old trace ${what}.${k} is missing or has the wrong length`);
  return v as unknown as Num;
}

const RUNNABLE = 2;
const RUNNING = 3;
const WAITING = 4;
const SYSCALL = 5;

/** A trace of encodings 1–2 as the current layout; `strings` resolves old interned log values. */
export function upgradeTrace(v: Plain, strings: string[]): Plain {
  if (!v || typeof v !== 'object' || Array.isArray(v) || ArrayBuffer.isView(v)) bad('old trace is not an object');
  const o = { ...(v as Obj) };
  const g = { ...(o.goroutines as Obj) };
  const s = o.segments as Obj;
  const G = Number(g.count);
  const N = Number(s.count);
  if (!(G >= 0 && N >= 0)) bad('old trace counts');
  const first = col(g, 'firstSegment', G, 'goroutines');
  const next = col(s, 'next', N, 'segments');
  const start = col(s, 'start', N, 'segments');
  const state = col(s, 'state', N, 'segments');
  const reason = col(s, 'reason', N, 'segments');
  const stack = col(s, 'stack', N, 'segments');
  const proc = col(s, 'proc', N, 'segments');
  const thread = col(s, 'thread', N, 'segments');
  const unblockedBy = col(s, 'unblockedBy', N, 'segments');
  const unblockStack = col(s, 'unblockStack', N, 'segments');
  // walk each goroutine's chain (strictly forward, each segment once) into CSR order
  const order = new Int32Array(N);
  const offset = new Int32Array(G + 1);
  const seen = new Uint8Array(N);
  let k = 0;
  for (let r = 0; r < G; r++) {
    offset[r] = k;
    let prev = -1;
    for (let x = first[r]; x >= 0; x = next[x]) {
      if (x >= N || seen[x] || x <= prev) bad('old trace segment chains do not run forward');
      seen[x] = 1;
      prev = x;
      order[k++] = x;
    }
  }
  offset[G] = k;
  const reasons: number[] = [0];
  const codeOf = new Map<number, number>([[0, 0]]);
  const threads: number[] = [];
  const threadIndex = new Map<number, number>();
  const out = { start: new Float64Array(k), state: new Uint8Array(k), reason: new Uint16Array(k), stack: new Int32Array(k), ctx: new Uint32Array(k) };
  for (let r = 0; r < G; r++)
    for (let j = offset[r]; j < offset[r + 1]; j++) {
      const x = order[j];
      const st = state[x];
      out.start[j] = start[x];
      out.state[j] = st;
      let code = codeOf.get(reason[x]);
      if (code === undefined) {
        code = reasons.length;
        reasons.push(reason[x]);
        codeOf.set(reason[x], code);
      }
      out.reason[j] = code;
      out.stack[j] = stack[x];
      if (st === RUNNING || st === SYSCALL) {
        let ti = 0;
        if (thread[x] >= 0) {
          let t = threadIndex.get(thread[x]);
          if (t === undefined) {
            t = threads.length;
            threads.push(thread[x]);
            threadIndex.set(thread[x], t);
          }
          ti = t + 1;
        }
        out.ctx[j] = ((ti << 16) | (proc[x] >= 0 ? proc[x] + 1 : 0)) >>> 0;
      } else if (st === RUNNABLE && j > offset[r] && out.state[j - 1] === WAITING) {
        // after a block: who woke it (row + 2), or nobody known (1); the segment's stack is the waker's
        out.ctx[j] = unblockedBy[x] >= 0 ? unblockedBy[x] + 2 : 1;
        if (unblockStack[x] >= 0) out.stack[j] = unblockStack[x];
      }
    }
  o.segments = { count: k, offset, ...out, reasons: Int32Array.from(reasons), threads: Float64Array.from(threads), mergedBelowNs: 0 };
  for (const name of ['firstSegment', 'creatorGoid', 'firstSeenNs']) delete g[name];
  o.goroutines = g;
  for (const name of ['procSegments', 'threadSegments']) o[name] = upgradeResources(o[name] as Obj, name);
  o.logs = upgradeLogs(o.logs as Obj, strings);
  const d = o.detail as Obj;
  o.detail = { ...d, level: d.full ? 'full' : 'reduced' };
  const sum = o.summary as Obj;
  // the old `atEnd` was by the last known reason: that is now `atEndLastKnown`
  o.summary = { ...sum, atEndLastKnown: sum.atEndLastKnown ?? sum.atEnd, detail: sum.detail ?? (d.full ? 'full' : 'reduced'), segments: sum.segments ?? k };
  return o as Plain;
}

/** P or thread segments with a resource id per segment → per resource (CSR), each in time order. */
function upgradeResources(t: Obj, what: string): Obj {
  const n = Number(t.count);
  const id = col(t, 'id', n, what);
  const start = col(t, 'start', n, what);
  const end = col(t, 'end', n, what);
  const state = col(t, 'state', n, what);
  const other = col(t, 'other', n, what);
  const idx = Array.from({ length: n }, (_, i) => i).sort((a, b) => id[a] - id[b] || start[a] - start[b] || a - b);
  const ids: number[] = [];
  const offset: number[] = [];
  idx.forEach((x, j) => {
    if (!ids.length || ids[ids.length - 1] !== id[x]) {
      ids.push(id[x]);
      offset.push(j);
    }
  });
  offset.push(n);
  const f64 = (c: Num) => Float64Array.from(idx, (x: number) => c[x]);
  return { count: n, ids: Float64Array.from(ids), offset: Int32Array.from(offset), start: f64(start), end: f64(end), state: Uint8Array.from(idx, (x: number) => state[x]), other: f64(other) };
}

/** Logs with an interned value → a message index into the logs' own list. */
function upgradeLogs(t: Obj, strings: string[]): Obj {
  const n = Number(t.count);
  const value = col(t, 'value', n, 'logs');
  const messages: string[] = [];
  const message = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    if (!(value[i] >= 0 && value[i] < strings.length)) bad('old trace log value out of range');
    message[i] = messages.length;
    messages.push(strings[value[i]]);
  }
  const out: Obj = { ...t, message, messages };
  delete out.value;
  return out;
}
