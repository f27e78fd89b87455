/**
 * A frozen model → SnapshotContent: only what the rows and traces use (strings, frames, stacks,
 * label sets), renumbered densely with parents before children, file paths, label values and
 * texts passed through the redactor, traces reduced when asked. Every table entry is distinct, so a
 * fresh ModelBuilder that adds the content in order gives each entry exactly its content id:
 * `ids` turns a model id the page holds (a filter's string or stack, a selected row) into the id
 * it has after opening the snapshot.
 */
import type { ModelView } from '../model/read';
import type { Model, Snapshot } from '../model/model';
import type { TraceModel } from '../model/trace';
import type { ContentInput, ContentSnapshot, RowColumns, SnapshotContent, SnapshotHead, ArgWords } from './content';
import { reduceTrace, sameType, type TraceReduction } from './reduce';
import { ROW_COLUMNS } from './content';
import type { Redactor } from './redact';
import { traceRefColumns } from './trace-refs';

export interface ContentIds {
  /** the content's id of a model string id, -1 when the content has none (ask for it with `keep`) */
  string(id: number): number;
  /** the content's id of a string used as a label value (it differs from `string` when values are redacted) */
  labelValue(id: number): number;
  /** the content's id of a model stack id, -1 when none */
  stack(id: number): number;
  /** the row a model row has after opening, -1 when it was left out */
  row(row: number): number;
}

export interface FromModelOptions {
  redactor: Redactor;
  /** reduce every trace (null: keep everything) */
  reduction: TraceReduction | null;
  createdMs: number;
  version: number;
  /** model ids the page refers to (a filter's strings and stacks): kept even when no row uses them */
  keep?: { strings: number[]; stacks: number[]; labelValues?: number[] };
}

export function fromModel(view: ModelView, opts: FromModelOptions): { content: SnapshotContent; ids: ContentIds } {
  const m = view.model;
  const red = opts.redactor;
  const g = m.goroutines;

  // traces first reduced (when asked), so their trace-end snapshots know which rows they keep
  const leftOut: string[] = [];
  const reduced = m.traces.map((t) => {
    if (!opts.reduction) return { trace: t, keptRows: null as Int32Array | null };
    const r = reduceTrace(t, opts.reduction);
    leftOut.push(...r.leftOut);
    return { trace: r.trace, keptRows: r.keptRows };
  });
  const rowsOf = (si: number): ArrayLike<number> | null => {
    const s = m.snapshots[si];
    const t = s.kind === 'trace-end' ? m.inputs[s.input].trace : -1;
    return t >= 0 ? reduced[t].keptRows : null;
  };

  // 1. what is used, in which role (a file path and a label value are redacted, other strings never)
  const S = view.strings.size;
  const usedPlain = new Uint8Array(S);
  const usedFile = new Uint8Array(S);
  const usedLabel = new Uint8Array(S);
  const usedFrame = new Uint8Array(m.frames.count);
  const usedStack = new Uint8Array(m.stacks.count);
  const usedSet = new Uint8Array(m.labelSets.count);
  const markStack = (st: number) => {
    for (let x = st; x >= 0 && !usedStack[x]; x = m.stacks.parent[x]) {
      usedStack[x] = 1;
      usedFrame[m.stacks.frame[x]] = 1;
    }
  };
  const markRow = (r: number, withLabels: boolean) => {
    usedPlain[g.state[r]] = 1;
    markStack(g.stack[r]);
    if (g.createdBy[r] >= 0) usedFrame[g.createdBy[r]] = 1;
    if (withLabels) usedSet[g.labels[r]] = 1;
  };
  m.snapshots.forEach((s, si) => {
    const kept = rowsOf(si);
    if (kept) {
      for (let k = 0; k < kept.length; k++) if (s.rowStart + kept[k] < s.rowEnd) markRow(s.rowStart + kept[k], false);
    } else for (let r = s.rowStart; r < s.rowEnd; r++) markRow(r, s.kind !== 'trace-end');
  });
  for (const a of m.ancestors) {
    markStack(a.stack);
    if (a.createdBy >= 0) usedFrame[a.createdBy] = 1;
  }
  for (const { trace } of reduced)
    for (const { kind, values } of traceRefColumns(trace)) {
      if (kind === 'string') for (let i = 0; i < values.length; i++) usedPlain[values[i]] = 1;
      if (kind === 'stack') for (let i = 0; i < values.length; i++) markStack(values[i]);
    }
  for (const id of opts.keep?.strings ?? []) if (id >= 0 && id < S) usedPlain[id] = 1;
  for (const id of opts.keep?.stacks ?? []) if (id >= 0 && id < m.stacks.count) markStack(id);
  for (const id of opts.keep?.labelValues ?? []) if (id >= 0 && id < S) usedLabel[id] = 1;
  for (let f = 0; f < m.frames.count; f++)
    if (usedFrame[f]) {
      usedPlain[m.frames.func[f]] = 1;
      usedFile[m.frames.file[f]] = 1;
    }
  const { offsets, data } = m.labelSets;
  for (let i = 1; i < m.labelSets.count; i++)
    if (usedSet[i])
      for (let k = offsets[i]; k < offsets[i + 1]; k += 2) {
        usedPlain[data[k]] = 1;
        usedLabel[data[k + 1]] = 1;
      }

  // 2. new ids in the order of the old ones, so every tie a view breaks by id breaks the same way
  const strings: string[] = [''];
  const strIndex = new Map<string, number>([['', 0]]);
  const str = (v: string): number => {
    let id = strIndex.get(v);
    if (id === undefined) {
      id = strings.length;
      strings.push(v);
      strIndex.set(v, id);
    }
    return id;
  };
  const plainId = new Int32Array(S).fill(-1);
  const fileId = new Int32Array(S).fill(-1);
  const labelId = new Int32Array(S).fill(-1);
  plainId[0] = fileId[0] = labelId[0] = 0;
  for (let i = 1; i < S; i++) {
    if (!usedPlain[i] && !usedFile[i] && !usedLabel[i]) continue;
    const v = view.str(i);
    if (usedPlain[i]) plainId[i] = str(v);
    if (usedFile[i]) fileId[i] = str(red.path(v));
    if (usedLabel[i]) labelId[i] = str(red.labelValue(v));
  }

  const frames = { func: [] as number[], file: [] as number[], line: [] as number[], flags: [] as number[] };
  const frameIndex = new Map<string, number>();
  const frameId = new Int32Array(m.frames.count).fill(-1);
  for (let f = 0; f < m.frames.count; f++) {
    if (!usedFrame[f]) continue;
    const func = plainId[m.frames.func[f]];
    const file = fileId[m.frames.file[f]];
    const key = `${func},${file},${m.frames.line[f]},${m.frames.flags[f]}`;
    let id = frameIndex.get(key);
    if (id === undefined) {
      id = frames.func.length;
      frames.func.push(func);
      frames.file.push(file);
      frames.line.push(m.frames.line[f]);
      frames.flags.push(m.frames.flags[f]);
      frameIndex.set(key, id);
    }
    frameId[f] = id;
  }

  // parents come before children in the model, so they get their new ids first
  const stacks = { frame: [] as number[], parent: [] as number[] };
  const stackIndex = new Map<string, number>();
  const stackId = new Int32Array(m.stacks.count).fill(-1);
  for (let x = 0; x < m.stacks.count; x++) {
    if (!usedStack[x]) continue;
    const p = m.stacks.parent[x];
    const parent = p >= 0 ? stackId[p] : -1;
    const fr = frameId[m.stacks.frame[x]];
    const key = `${parent},${fr}`;
    let id = stackIndex.get(key);
    if (id === undefined) {
      id = stacks.frame.length;
      stacks.frame.push(fr);
      stacks.parent.push(parent);
      stackIndex.set(key, id);
    }
    stackId[x] = id;
  }

  const labelOffsets = [0, 0];
  const labelData: number[] = [];
  const labelIndex = new Map<string, number>([['', 0]]);
  const setId = new Int32Array(m.labelSets.count);
  for (let i = 1; i < m.labelSets.count; i++) {
    if (!usedSet[i]) continue;
    const pairs: [number, number][] = [];
    for (let k = offsets[i]; k < offsets[i + 1]; k += 2) pairs.push([plainId[data[k]], labelId[data[k + 1]]]);
    // by key string, as the builder keeps them (values only differ when redaction merged them)
    pairs.sort((a, b) => cmp(strings[a[0]], strings[b[0]]) || cmp(strings[a[1]], strings[b[1]]));
    const key = pairs.map((p) => `${p[0]},${p[1]}`).join(';');
    let id = labelIndex.get(key);
    if (id === undefined) {
      id = labelOffsets.length - 1;
      for (const [k, v] of pairs) labelData.push(k, v);
      labelOffsets.push(labelData.length);
      labelIndex.set(key, id);
    }
    setId[i] = id;
  }
  const stackOf = (s: number) => (s >= 0 ? stackId[s] : -1);
  const frameOf = (f: number) => (f >= 0 ? frameId[f] : -1);

  // 3. inputs, snapshots and rows in model order
  const rowMap = new Int32Array(g.count).fill(-1);
  let nextRow = 0;
  const inputs: ContentInput[] = m.inputs.map((inp) => {
    const snaps: ContentSnapshot[] = [];
    for (let si = inp.snapshotStart; si < inp.snapshotEnd; si++) {
      const s = m.snapshots[si];
      const head = headOf(s, red);
      if (s.kind === 'trace-end' && inp.trace >= 0) {
        // derived from the trace when opened (formats/trace/end-snapshot.ts)
        const kept = rowsOf(si);
        const n = kept ? kept.length : s.rowEnd - s.rowStart;
        for (let k = 0; k < n; k++) rowMap[s.rowStart + (kept ? kept[k] : k)] = nextRow + k;
        nextRow += n;
        snaps.push({ head, rows: null, args: null });
        continue;
      }
      const n = s.rowEnd - s.rowStart;
      const rows = { count: n } as RowColumns;
      for (const k of ROW_COLUMNS) rows[k] = new Float64Array(n);
      for (let k = 0; k < n; k++) {
        const r = s.rowStart + k;
        rows.goid[k] = g.goid[r];
        rows.state[k] = plainId[g.state[r]];
        rows.waitMinutes[k] = g.waitMinutes[r];
        rows.flags[k] = g.flags[r];
        rows.stack[k] = stackOf(g.stack[r]);
        rows.createdBy[k] = frameOf(g.createdBy[r]);
        rows.creatorGoid[k] = g.creatorGoid[r];
        rows.labels[k] = setId[g.labels[r]];
        rows.weight[k] = g.weight[r];
        rows.value2[k] = g.value2[r];
        rows.thread[k] = g.thread[r];
        rows.bubble[k] = g.bubble[r];
        rowMap[r] = nextRow + k;
      }
      nextRow += n;
      snaps.push({ head, rows, args: argsOf(m, s.rowStart, s.rowEnd, red) });
    }
    return {
      file: inp.file,
      bytes: inp.bytes,
      format: inp.format,
      goVersion: inp.goVersion,
      error: inp.error === null ? null : red.text(inp.error),
      warnings: inp.warnings.map((w) => red.text(w)),
      trace: inp.trace,
      series: inp.series,
      snapshots: snaps,
    };
  });

  const ancestors = m.ancestors
    .filter((a) => a.row >= 0 && a.row < g.count && m.snapshots[g.snapshot[a.row]]?.kind !== 'trace-end')
    .map((a) => {
      const s = g.snapshot[a.row];
      return { snapshot: s, row: a.row - m.snapshots[s].rowStart, goid: a.goid, stack: stackOf(a.stack), createdBy: frameOf(a.createdBy) };
    });

  const traces = reduced.map(({ trace }) => remapTrace(trace, (id) => plainId[id], stackOf));

  const content: SnapshotContent = {
    meta: { createdMs: opts.createdMs, version: opts.version, leftOut, redacted: red.summary() },
    strings,
    frames: { count: frames.func.length, func: Float64Array.from(frames.func), file: Float64Array.from(frames.file), line: Float64Array.from(frames.line), flags: Float64Array.from(frames.flags) },
    stacks: { count: stacks.frame.length, frame: Float64Array.from(stacks.frame), parent: Float64Array.from(stacks.parent) },
    labelSets: { count: labelOffsets.length - 1, offsets: Float64Array.from(labelOffsets), data: Float64Array.from(labelData) },
    inputs,
    ancestors,
    traces,
  };
  const ids: ContentIds = {
    string: (id) => (id >= 0 && id < S ? plainId[id] : -1),
    labelValue: (id) => (id >= 0 && id < S ? labelId[id] : -1),
    stack: (id) => (id >= 0 && id < stackId.length ? stackId[id] : -1),
    row: (r) => (r >= 0 && r < rowMap.length ? rowMap[r] : -1),
  };
  return { content, ids };
}

/** The argument words of rows [from, to), their values as placeholders when redaction strips argument values. */
function argsOf(m: Model, from: number, to: number, red: Redactor): ArgWords | null {
  const a = m.args;
  if (!a || a.count === 0 || from >= a.rowEnd.length) return null;
  const begin = (r: number) => (r === 0 ? 0 : a.rowEnd[r - 1]);
  const w0 = begin(from);
  const w1 = a.rowEnd[Math.min(to, a.rowEnd.length) - 1] ?? w0;
  if (w1 <= w0) return null;
  const perRow = new Float64Array(to - from);
  for (let r = from; r < to && r < a.rowEnd.length; r++) perRow[r - from] = a.rowEnd[r] - begin(r);
  const value = new Float64Array(w1 - w0);
  const info = new Float64Array(w1 - w0);
  for (let i = w0; i < w1; i++) {
    value[i - w0] = red.argWord(a.addr[a.word[i]]);
    info[i - w0] = a.info[i];
  }
  return { perRow, value, info };
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function headOf(s: Snapshot, red: Redactor): SnapshotHead {
  const { input: _i, rowStart: _s, rowEnd: _e, ...head } = s;
  const p = s.preamble;
  return {
    ...head,
    preamble: { ...p, ...(p.panic !== undefined ? { panic: red.text(p.panic) } : {}), ...(p.fatal !== undefined ? { fatal: red.text(p.fatal) } : {}) },
  };
}

/** A copy of `t` whose string and stack references are content ids. */
function remapTrace(t: TraceModel, str: (id: number) => number, stack: (id: number) => number): TraceModel {
  const out = { ...t } as unknown as Record<string, Record<string, unknown>>;
  for (const { table, column, kind, values } of traceRefColumns(t)) {
    if (kind !== 'string' && kind !== 'stack') continue;
    const vals = new Float64Array(values.length);
    for (let i = 0; i < values.length; i++) {
      const x = values[i];
      vals[i] = kind === 'string' ? (x > 0 ? str(x) : 0) : x >= 0 ? stack(x) : -1;
    }
    if (out[table] === (t as unknown as Record<string, unknown>)[table]) out[table] = { ...out[table] };
    out[table][column] = sameType(values, vals);
  }
  return out as unknown as TraceModel;
}
