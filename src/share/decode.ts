/**
 * Bytes → SnapshotContent, every part checked: the header and checksum, each section's layout,
 * every id against the table it indexes, the shapes of inputs, snapshot headers and traces, and
 * the segment chains (strictly forward, so nothing that walks them can loop). Whatever is wrong,
 * the only exception is a SnapshotError; older versions are read by their own section readers
 * and come out as the current content.
 */
import { ByteReader } from './bytes';
import { ROW_COLUMNS, type ArgWords, type ContentAncestor, type ContentInput, type ContentSnapshot, type RowColumns, type SnapshotContent, type SnapshotHead, type SnapshotMeta } from './content';
import { inflateRaw } from './compress';
import { SnapshotError } from './errors';
import { crc32, HEADER_BYTES, readHeader, type Header } from './format';
import { GROUP_KEY, GROUP_MEMBER, Section } from './encode';
import { readNumbers, readValue, type Plain } from './values';
import { TRACE_PLAIN, TRACE_REFS, TRACE_SIDE } from './trace-refs';
import { upgradeTrace } from './upgrade';
import type { TraceModel } from '../model/trace';

export async function decodeSnapshot(bytes: Uint8Array): Promise<{ header: Header; content: SnapshotContent }> {
  const header = readHeader(bytes);
  const body = await inflateRaw(bytes.subarray(HEADER_BYTES), header.bodyLength).catch((e: unknown) => {
    throw e instanceof SnapshotError && e.code === 'too-large' ? new SnapshotError('corrupt', `its body is longer than the ${header.bodyLength} bytes declared`) : e;
  });
  if (body.length !== header.bodyLength) throw new SnapshotError(body.length < header.bodyLength ? 'truncated' : 'corrupt', `its body has ${body.length} of ${header.bodyLength} bytes`);
  if (crc32(body) !== header.crc) throw new SnapshotError('corrupt', 'the checksum does not match');
  try {
    return { header, content: readContent(body, header.version) };
  } catch (e) {
    if (e instanceof SnapshotError) throw e;
    // a check missed above: still a typed error, never another exception
    throw new SnapshotError('corrupt', `unexpected content (${(e as Error)?.message ?? e})`);
  }
}

/** Version 4: a snapshot's argument words, checked against its rows. */
function readArgs(br: ByteReader, rows: RowColumns | null): ArgWords | null {
  const has = br.byte();
  if (has > 1) bad('argument words marker');
  if (!has) return null;
  if (!rows) bad('argument words without rows');
  const perRow = readNumbers(br, 'argument words per row');
  if (perRow.length !== rows.count) bad('argument words do not match the rows');
  let total = 0;
  for (let i = 0; i < perRow.length; i++) {
    if (!(perRow[i] >= 0 && perRow[i] <= 4096 && Number.isInteger(perRow[i]))) bad('argument words per row out of range');
    total += perRow[i];
  }
  const value = readNumbers(br, 'argument words', total);
  const info = readNumbers(br, 'argument word info', total);
  if (value.length !== total || info.length !== total) bad('argument words are cut');
  for (let i = 0; i < total; i++) {
    if (!(value[i] >= 0 && value[i] < 2 ** 53 && Number.isInteger(value[i]))) bad('an argument word is out of range');
    if (!(info[i] >= 0 && info[i] <= 0xffff && Number.isInteger(info[i]))) bad('an argument word\'s info is out of range');
  }
  return { perRow, value, info };
}

function bad(what: string): never {
  throw new SnapshotError('corrupt', what);
}

export function readContent(body: Uint8Array, version: number): SnapshotContent {
  const r = new ByteReader(body, 'snapshot body');
  const next = (tag: number, what: string): ByteReader => {
    const t = r.uint();
    if (t !== tag) bad(`expected the ${what} section (tag ${tag}), found tag ${t}`);
    return r.block(what);
  };
  const meta = checkMeta(readValue(next(Section.Meta, 'meta')));

  const sr = next(Section.Strings, 'strings');
  const nStrings = sr.count('strings');
  const strings = [''];
  for (let i = 0; i < nStrings; i++) strings.push(sr.str());
  const S = strings.length;

  const fr = next(Section.Frames, 'frames');
  const func = ids(readNumbers(fr, 'frame functions'), 0, S, 'frame function');
  const F = func.length;
  const frames = { count: F, func, file: ids(readNumbers(fr, 'frame files', F), 0, S, 'frame file'), line: ints(readNumbers(fr, 'frame lines', F), -(2 ** 31), 2 ** 31 - 1, 'line'), flags: ints(readNumbers(fr, 'frame flags', F), 0, 255, 'frame flags') };
  sameLength(F, frames, 'frames');

  const kr = next(Section.Stacks, 'stacks');
  const frame = ids(readNumbers(kr, 'stack frames'), 0, F, 'stack frame');
  const K = frame.length;
  const dist = readNumbers(kr, 'stack parents', K);
  if (dist.length !== K) bad('stack columns differ in length');
  const parent = new Float64Array(K);
  for (let i = 0; i < K; i++) {
    const d = dist[i];
    if (!Number.isInteger(d) || d < 0 || d > i) bad(`stack ${i} names a parent that does not come before it`);
    parent[i] = d === 0 ? -1 : i - d;
  }

  const lr = next(Section.Labels, 'label sets');
  const pairs = ints(readNumbers(lr, 'label set sizes'), 0, 2 ** 31, 'label set size');
  const data = ids(readNumbers(lr, 'label pairs'), 0, S, 'label string');
  const offsets = new Float64Array(pairs.length + 1);
  for (let i = 0; i < pairs.length; i++) offsets[i + 1] = offsets[i] + 2 * pairs[i];
  if (pairs.length < 1 || pairs[0] !== 0) bad('label set 0 must be the empty set');
  if (offsets[pairs.length] !== data.length) bad('label pairs do not add up');
  const L = pairs.length;

  const rawInputs = readValue(next(Section.Inputs, 'inputs'));
  if (!Array.isArray(rawInputs)) bad('inputs are not a list');
  const inputs: ContentInput[] = [];
  const allSnaps: ContentSnapshot[] = [];
  for (const [i, v] of rawInputs.entries()) {
    const { snapshots: n, ...inp } = checkInput(v, i);
    const snaps: ContentSnapshot[] = [];
    for (let k = 0; k < n; k++) {
      const br = next(Section.Snapshot, 'snapshot');
      const head = checkHead(readValue(br), allSnaps.length);
      const hasRows = br.byte();
      if (hasRows > 1) bad('snapshot row marker');
      const rows = hasRows ? readRows(br, version, { S, K, F, L }) : null;
      if (!rows !== (head.kind === 'trace-end')) bad(`snapshot ${allSnaps.length}: only a trace's end snapshot comes without rows`);
      if (head.kind === 'trace-end' && inp.trace < 0) bad(`snapshot ${allSnaps.length}: a trace's end snapshot in an input without a trace`);
      if (head.sched && rows && head.sched.goroutineStatus.length !== rows.count) bad(`snapshot ${allSnaps.length}: scheduler statuses do not match its rows`);
      const args = version >= 4 ? readArgs(br, rows) : null;
      const s = { head, rows, args };
      snaps.push(s);
      allSnaps.push(s);
    }
    inputs.push({ ...inp, snapshots: snaps });
  }

  const rawAnc = readValue(next(Section.Ancestors, 'ancestors'));
  if (!Array.isArray(rawAnc)) bad('ancestors are not a list');
  const ancestors = rawAnc.map((a): ContentAncestor => {
    const o = obj(a, 'ancestor');
    const snapshot = int(o.snapshot, 0, allSnaps.length - 1, 'ancestor snapshot');
    const rows = allSnaps[snapshot].rows;
    if (!rows) bad('an ancestor of a trace goroutine');
    return { snapshot, row: int(o.row, 0, rows.count - 1, 'ancestor row'), goid: num(o.goid, 'ancestor goid'), stack: int(o.stack, -1, K - 1, 'ancestor stack'), createdBy: int(o.createdBy, -1, F - 1, 'ancestor creator') };
  });

  const traces: TraceModel[] = [];
  // encodings 1–2 carry traces in the first layout of the trace model: upgraded first (upgrade.ts)
  while (!r.done) {
    const raw = readValue(next(Section.Trace, 'trace'));
    traces.push(checkTrace(version < 3 ? upgradeTrace(raw, strings) : raw, { S, K }));
  }
  for (const inp of inputs) if (inp.trace >= traces.length) bad(`an input names trace ${inp.trace} of ${traces.length}`);
  const used = new Set<number>();
  for (const inp of inputs)
    if (inp.trace >= 0) {
      if (used.has(inp.trace)) bad('two inputs name the same trace');
      used.add(inp.trace);
    }

  return { meta, strings, frames, stacks: { count: K, frame, parent }, labelSets: { count: L, offsets, data }, inputs, ancestors, traces };
}

function readRows(r: ByteReader, version: number, t: { S: number; K: number; F: number; L: number }): RowColumns {
  const rows = version === 1 ? readRowsV1(r) : readRowsV2(r);
  ids(rows.state, 0, t.S, 'goroutine state');
  ids(rows.stack, -1, t.K, 'goroutine stack');
  ids(rows.createdBy, -1, t.F, 'goroutine creator');
  ids(rows.labels, 0, t.L, 'goroutine label set');
  ints(rows.flags, 0, 65535, 'goroutine flags');
  ints(rows.waitMinutes, -(2 ** 31), 2 ** 31 - 1, 'wait minutes');
  ints(rows.thread, -(2 ** 31), 2 ** 31 - 1, 'thread');
  ints(rows.bubble, -(2 ** 31), 2 ** 31 - 1, 'bubble');
  return rows;
}

/** Version 1: one column per row field. */
function readRowsV1(r: ByteReader): RowColumns {
  const count = r.uint();
  const rows = { count } as RowColumns;
  for (const k of ROW_COLUMNS) {
    const col = readNumbers(r, `goroutine ${k}`, count);
    if (col.length !== count) bad(`goroutine column ${k} has ${col.length} of ${count} values`);
    rows[k] = col;
  }
  return rows;
}

/** Version 2: groups, each row's group, members with ids delta-coded within the group (encode.ts writeRows). */
function readRowsV2(r: ByteReader): RowColumns {
  const count = r.uint();
  const keys = GROUP_KEY.map((k) => readNumbers(r, `group ${k}`));
  const G = keys[0].length;
  if (keys.some((k) => k.length !== G)) bad('group columns differ in length');
  const counts = ints(readNumbers(r, 'group sizes', G), 1, count, 'group size');
  if (counts.length !== G) bad('group sizes do not match the groups');
  const groupOf = ids(readNumbers(r, 'row groups', count), 0, G, 'row group');
  if (groupOf.length !== count) bad(`${groupOf.length} row groups for ${count} rows`);
  const seen = new Float64Array(G);
  for (let i = 0; i < count; i++) seen[groupOf[i]]++;
  for (let gi = 0; gi < G; gi++) if (seen[gi] !== counts[gi]) bad(`group ${gi} has ${seen[gi]} rows, not the ${counts[gi]} it declares`);
  const rows = { count } as RowColumns;
  GROUP_KEY.forEach((k, c) => (rows[k] = Float64Array.from(groupOf, (gi) => keys[c][gi])));
  for (const k of GROUP_MEMBER) {
    const delta = k === 'goid' || k === 'creatorGoid';
    const byRows = delta ? r.byte() : 0;
    if (byRows > 1) bad(`the base of ${k} deltas`);
    const col = readNumbers(r, `goroutine ${k}`, count);
    if (col.length !== count) bad(`goroutine column ${k} has ${col.length} of ${count} values`);
    if (delta && byRows) for (let i = 1; i < count; i++) col[i] += col[i - 1];
    else if (delta) {
      const prev = new Float64Array(G);
      for (let i = 0; i < count; i++) prev[groupOf[i]] = col[i] += prev[groupOf[i]];
    }
    rows[k] = col;
  }
  return rows;
}

/** Integers in [lo, hi). */
function ids(v: Float64Array, lo: number, hi: number, what: string): Float64Array {
  for (let i = 0; i < v.length; i++) if (!(v[i] >= lo && v[i] < hi) || !Number.isInteger(v[i])) bad(`${what} ${v[i]} is out of range`);
  return v;
}

/** Integers in [lo, hi]. */
function ints(v: Float64Array, lo: number, hi: number, what: string): Float64Array {
  for (let i = 0; i < v.length; i++) if (!(v[i] >= lo && v[i] <= hi) || !Number.isInteger(v[i])) bad(`${what} ${v[i]} is out of range`);
  return v;
}

function sameLength(n: number, cols: Record<string, unknown>, what: string): void {
  for (const [k, v] of Object.entries(cols)) if (ArrayBuffer.isView(v) && (v as Float64Array).length !== n) bad(`${what}: column ${k} differs in length`);
}

type Obj = { [k: string]: Plain };

function obj(v: Plain, what: string): Obj {
  if (!v || typeof v !== 'object' || Array.isArray(v) || ArrayBuffer.isView(v)) bad(`${what} is not an object`);
  return v as Obj;
}

function num(v: Plain, what: string): number {
  if (typeof v !== 'number' || Number.isNaN(v)) bad(`${what} is not a number`);
  return v;
}

function int(v: Plain, lo: number, hi: number, what: string): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < lo || v > hi) bad(`${what} ${String(v)} is out of range`);
  return v;
}

function str(v: Plain, what: string): string {
  if (typeof v !== 'string') bad(`${what} is not text`);
  return v;
}

function strOrNull(v: Plain, what: string): string | null {
  return v === null ? null : str(v, what);
}

function numOrNull(v: Plain, what: string): number | null {
  return v === null ? null : num(v, what);
}

function bool(v: Plain, what: string): boolean {
  if (typeof v !== 'boolean') bad(`${what} is not true or false`);
  return v;
}

function strings(v: Plain, what: string): string[] {
  if (!Array.isArray(v)) bad(`${what} is not a list`);
  return v.map((x) => str(x, what));
}

function numbers(v: Plain, what: string): number[] {
  if (!Array.isArray(v)) bad(`${what} is not a list`);
  return v.map((x) => num(x, what));
}

function counts(v: Plain, what: string): Record<string, number> {
  const o = obj(v, what);
  const out: Record<string, number> = {};
  for (const [k, x] of Object.entries(o)) Object.defineProperty(out, k, { value: num(x, what), enumerable: true, writable: true, configurable: true });
  return out;
}

function checkMeta(v: Plain): SnapshotMeta {
  const o = obj(v, 'meta');
  return { createdMs: num(o.createdMs, 'creation time'), version: int(o.version, 1, 255, 'version'), leftOut: strings(o.leftOut, 'left out'), redacted: strings(o.redacted, 'redacted') };
}

const FORMATS = new Set(['goroutine-dump', 'goroutine-profile-text', 'pprof', 'execution-trace', 'schedtrace']);
const KINDS = new Set(['traceback', 'profile', 'time-profile', 'schedtrace', 'trace-end']);

function checkInput(v: Plain, i: number): Omit<ContentInput, 'snapshots'> & { snapshots: number } {
  const o = obj(v, `input ${i}`);
  const format = o.format === null ? null : str(o.format, 'format');
  if (format !== null && !FORMATS.has(format)) bad(`input ${i}: unknown format ${format}`);
  return {
    file: str(o.file, 'file name'),
    bytes: int(o.bytes, 0, Number.MAX_SAFE_INTEGER, 'file size'),
    format: format as ContentInput['format'],
    goVersion: strOrNull(o.goVersion, 'Go version'),
    error: strOrNull(o.error, 'error'),
    warnings: strings(o.warnings, 'warnings'),
    trace: int(o.trace, -1, 1 << 20, 'trace'),
    series: int(o.series, -1, 2 ** 31 - 1, 'series'),
    snapshots: int(o.snapshots, 0, 1 << 24, 'snapshot count'),
  };
}

function valueType(v: Plain, what: string): { type: string; unit: string } {
  const o = obj(v, what);
  return { type: str(o.type, what), unit: str(o.unit, what) };
}

function checkHead(v: Plain, i: number): SnapshotHead {
  const o = obj(v, `snapshot ${i}`);
  const kind = str(o.kind, 'snapshot kind');
  if (!KINDS.has(kind)) bad(`snapshot ${i}: unknown kind ${kind}`);
  const p = obj(o.preamble, 'preamble');
  const preamble: SnapshotHead['preamble'] = {};
  if (p.panic !== undefined) preamble.panic = str(p.panic, 'panic');
  if (p.fatal !== undefined) preamble.fatal = str(p.fatal, 'fatal error');
  if (p.signal !== undefined) preamble.signal = str(p.signal, 'signal');
  if (p.declaredTotal !== undefined) preamble.declaredTotal = num(p.declaredTotal, 'declared total');
  if (p.runningTests !== undefined) preamble.runningTests = strings(p.runningTests, 'running tests');
  return {
    kind: kind as SnapshotHead['kind'],
    label: str(o.label, 'snapshot label'),
    timeMs: numOrNull(o.timeMs, 'time'),
    uptimeMs: numOrNull(o.uptimeMs, 'uptime'),
    goVersion: strOrNull(o.goVersion, 'Go version'),
    hasStates: bool(o.hasStates, 'hasStates'),
    hasIds: bool(o.hasIds, 'hasIds'),
    leakProfile: bool(o.leakProfile, 'leakProfile'),
    weightType: valueType(o.weightType, 'weight type'),
    value2Type: o.value2Type === null ? null : valueType(o.value2Type, 'value type'),
    preamble,
    line: numOrNull(o.line, 'line'),
    sched: o.sched === null ? null : checkSched(o.sched),
  };
}

function checkSched(v: Plain): NonNullable<SnapshotHead['sched']> {
  const o = obj(v, 'scheduler snapshot');
  const n = (k: string) => num(o[k], `sched ${k}`);
  const nn = (k: string) => numOrNull(o[k], `sched ${k}`);
  const list = (k: string) => {
    const a = o[k];
    if (!Array.isArray(a)) bad(`sched ${k} is not a list`);
    return a.map((x) => obj(x, `sched ${k}`));
  };
  return {
    uptimeMs: n('uptimeMs'),
    gomaxprocs: n('gomaxprocs'),
    idleprocs: n('idleprocs'),
    threads: n('threads'),
    spinningthreads: n('spinningthreads'),
    needspinning: nn('needspinning'),
    idlethreads: n('idlethreads'),
    runqueue: n('runqueue'),
    localRunqueues: numbers(o.localRunqueues, 'local run queues'),
    gcwaiting: nn('gcwaiting'),
    nmidlelocked: nn('nmidlelocked'),
    stopwait: nn('stopwait'),
    sysmonwait: nn('sysmonwait'),
    procs: list('procs').map((p) => ({
      id: num(p.id, 'P id'),
      status: num(p.status, 'P status'),
      schedtick: num(p.schedtick, 'schedtick'),
      syscalltick: num(p.syscalltick, 'syscalltick'),
      m: num(p.m, 'P m'),
      runqsize: num(p.runqsize, 'runqsize'),
      gfreecnt: num(p.gfreecnt, 'gfreecnt'),
      timerslen: numOrNull(p.timerslen, 'timerslen'),
    })),
    threadsDetail: list('threadsDetail').map((t) => ({
      id: num(t.id, 'M id'),
      p: num(t.p, 'M p'),
      curg: num(t.curg, 'curg'),
      mallocing: num(t.mallocing, 'mallocing'),
      throwing: num(t.throwing, 'throwing'),
      preemptoff: str(t.preemptoff, 'preemptoff'),
      locks: num(t.locks, 'locks'),
      dying: num(t.dying, 'dying'),
      spinning: bool(t.spinning, 'spinning'),
      blocked: bool(t.blocked, 'blocked'),
      lockedg: num(t.lockedg, 'lockedg'),
    })),
    schedticks: o.schedticks === null ? null : numbers(o.schedticks, 'schedticks'),
    goroutineStatus: numbers(o.goroutineStatus, 'goroutine statuses'),
    deadGoroutines: n('deadGoroutines'),
  };
}

/**
 * A trace model as the analysis reads it: every known table with columns of its count, references
 * in range, the summary and headline fields of the right types, segment chains strictly forward
 * within one goroutine. Columns it does not know travel unchecked but must still be plain data.
 */
function checkTrace(v: Plain, t: { S: number; K: number }): TraceModel {
  const o = obj(v, 'trace');
  const tables: Record<string, Obj> = {};
  for (const name of new Set([...Object.keys(TRACE_REFS), ...Object.keys(TRACE_PLAIN)])) {
    const tab = obj(o[name], `trace table ${name}`);
    tables[name] = tab;
    const flow = name.endsWith('Flow');
    const count = flow ? -1 : int(tab.count, 0, 2 ** 31 - 1, `${name} count`);
    for (const col of [...Object.keys(TRACE_REFS[name] ?? {}), ...(TRACE_PLAIN[name] ?? [])]) {
      const c = tab[col];
      if (!ArrayBuffer.isView(c)) bad(`trace ${name}.${col} is missing`);
      if (!flow && (c as Float64Array).length !== count) bad(`trace ${name}.${col} has ${(c as Float64Array).length} of ${count} values`);
    }
    if (flow) {
      const states = strings(tab.states, `${name} states`);
      if ((tab.transitions as Float64Array).length !== states.length ** 2 || (tab.timeInState as Float64Array).length !== states.length) bad(`trace ${name} does not match its states`);
    }
  }
  const G = tables.goroutines.count as number;
  const Sg = tables.segments.count as number;
  const limit = { string: [0, t.S], stack: [-1, t.K], goroutine: [-1, G] } as const;
  for (const [name, cols] of Object.entries(TRACE_REFS))
    for (const [col, kind] of Object.entries(cols)) {
      const c = tables[name][col] as Float64Array;
      const [lo, hi] = limit[kind];
      for (let i = 0; i < c.length; i++) if (!(c[i] >= lo && c[i] < hi)) bad(`trace ${name}.${col}: ${kind} ${c[i]} is out of range`);
    }
  // the columns that are not one value per row, by their own rules
  for (const [name, cols] of Object.entries(TRACE_SIDE))
    for (const col of Object.keys(cols)) if (!ArrayBuffer.isView(tables[name][col])) bad(`trace ${name}.${col} is missing`);
  const seg = tables.segments;
  const reasons = seg.reasons as Int32Array;
  for (let i = 0; i < reasons.length; i++) if (!(reasons[i] >= 0 && reasons[i] < t.S)) bad('trace segment reasons are out of range');
  const code = seg.reason as Uint16Array;
  for (let i = 0; i < Sg; i++) if (code[i] >= reasons.length) bad('a trace segment names a reason that does not exist');
  // segments per goroutine (CSR): offsets from 0 to the count, never going back, each goroutine's sorted by start
  const csr = (offset: ArrayLike<number>, rows: number, count: number, what: string) => {
    if (offset.length !== rows + 1 || offset[0] !== 0 || offset[rows] !== count) bad(`trace ${what} offsets do not cover the segments`);
    for (let i = 0; i < rows; i++) if (offset[i + 1] < offset[i]) bad(`trace ${what} offsets go back`);
  };
  csr(seg.offset as Int32Array, G, Sg, 'segment');
  const start = seg.start as Float64Array;
  const off = seg.offset as Int32Array;
  for (let g = 0; g < G; g++) for (let i = off[g] + 1; i < off[g + 1]; i++) if (!(start[i] >= start[i - 1])) bad('a goroutine’s trace segments are not in time order');
  const ctx = seg.ctx as Uint32Array;
  const state = seg.state as Uint8Array;
  for (let i = 0; i < Sg; i++) if (state[i] === 2 /* Runnable */ && ctx[i] >= 2 && ctx[i] - 2 >= G) bad('a trace segment’s unblocking goroutine is out of range');
  for (const name of ['procSegments', 'threadSegments']) csr(tables[name].offset as Int32Array, (tables[name].ids as Float64Array).length, tables[name].count as number, name);
  const s = obj(o.summary, 'trace summary');
  str(s.version, 'trace version');
  for (const k of ['events', 'goroutines', 'created', 'destroyed', 'aliveAtEnd']) num(s[k], `trace ${k}`);
  for (const k of ['transitions', 'blockReasons', 'atEnd']) s[k] = counts(s[k], `trace ${k}`);
  num(o.formatVersion, 'trace format version');
  str(o.writtenBy, 'trace writer');
  if (o.family !== 'v1' && o.family !== 'v2') bad('trace family');
  for (const k of ['startNs', 'durationNs', 'generations', 'droppedGenerations', 'cpuSamples']) num(o[k], `trace ${k}`);
  bool(o.incomplete, 'trace incomplete');
  numOrNull(o.wallStartUnixNs, 'trace wall clock');
  const d = obj(o.detail, 'trace detail');
  bool(d.full, 'trace detail');
  if (d.level !== 'full' && d.level !== 'reduced') bad('trace detail level');
  const logs = obj(o.logs, 'trace logs');
  const messages = strings(logs.messages, 'trace log messages');
  const msg = logs.message as Float64Array;
  for (let i = 0; i < msg.length; i++) if (!(msg[i] >= 0 && msg[i] < messages.length)) bad('a trace log names a message that does not exist');
  strOrNull(d.message, 'trace detail message');
  num(d.thresholdBytes, 'trace detail threshold');
  return o as unknown as TraceModel;
}
