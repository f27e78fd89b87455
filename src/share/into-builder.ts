/**
 * SnapshotContent → a ModelBuilder: the content's inputs become inputs of the builder (the first
 * one is the input the load path opened for the snapshot), with their snapshots, goroutine rows,
 * ancestors and traces; a trace's end snapshot is derived from the trace exactly as the trace
 * parser derives it. From there on the model is like any other: the same grouping, report and
 * filters run on it, so the numbers a snapshot shows are the numbers its original showed.
 * Into a fresh builder every table entry gets the id it has in the content (from-model.ts).
 */
import type { InputOrigin, ModelBuilder } from '../model/model';
import type { TraceModel } from '../model/trace';
import { addTraceEndSnapshot } from '../formats/trace/end-snapshot';
import type { SnapshotContent } from './content';
import { SnapshotError } from './errors';
import { sameType } from './reduce';
import { traceRefColumns } from './trace-refs';

export function addContent(b: ModelBuilder, firstInput: number, c: SnapshotContent, origin: InputOrigin): void {
  if (!c.inputs.length) throw new SnapshotError('corrupt', 'it holds no input');
  const sid = c.strings.map((s) => b.intern(s));
  const fid = new Int32Array(c.frames.count);
  for (let i = 0; i < c.frames.count; i++) fid[i] = b.frameOfIds(sid[c.frames.func[i]], sid[c.frames.file[i]], c.frames.line[i], c.frames.flags[i]);
  const kid = new Int32Array(c.stacks.count);
  for (let i = 0; i < c.stacks.count; i++) {
    const p = c.stacks.parent[i];
    kid[i] = b.stack(p < 0 ? -1 : kid[p], fid[c.stacks.frame[i]]);
  }
  const lid = new Int32Array(c.labelSets.count);
  const { offsets, data } = c.labelSets;
  for (let i = 1; i < c.labelSets.count; i++) {
    const pairs: [string, string][] = [];
    for (let k = offsets[i]; k < offsets[i + 1]; k += 2) pairs.push([c.strings[data[k]], c.strings[data[k + 1]]]);
    lid[i] = b.labelSet(pairs);
  }
  const stackOf = (s: number) => (s >= 0 ? kid[s] : -1);
  const frameOf = (f: number) => (f >= 0 ? fid[f] : -1);

  const rowStarts: number[] = [];
  const traceOf = new Map<number, number>();
  const pushTrace = (ti: number): number => {
    let at = traceOf.get(ti);
    if (at === undefined) {
      at = b.traces.length;
      b.traces.push(remapTrace(c.traces[ti], sid, kid));
      traceOf.set(ti, at);
    }
    return at;
  };
  c.inputs.forEach((inp, k) => {
    const idx = k === 0 ? firstInput : b.addInput(inp.file, inp.bytes);
    const info = b.inputs[idx];
    Object.assign(info, { file: inp.file, bytes: inp.bytes, format: inp.format, goVersion: inp.goVersion, error: inp.error, warnings: [...inp.warnings], series: inp.series, origin });
    for (const s of inp.snapshots) {
      if (!s.rows) {
        info.trace = pushTrace(inp.trace);
        rowStarts.push(b.goroutineCount);
        addTraceEndSnapshot(b, idx, b.traces[info.trace]);
        continue;
      }
      const si = b.addSnapshot(idx, { ...s.head });
      rowStarts.push(b.goroutineCount);
      const r = s.rows;
      const args = s.args;
      let w = 0;
      for (let i = 0; i < r.count; i++) {
        // a row's argument words go in before the row (ModelBuilder.pushArg)
        if (args) for (const end = w + args.perRow[i]; w < end; w++) b.pushArg(b.argAddress(args.value[w]), args.info[w]);
        b.addGoroutine({
          goid: r.goid[i],
          snapshot: si,
          state: sid[r.state[i]],
          waitMinutes: r.waitMinutes[i],
          flags: r.flags[i],
          stack: stackOf(r.stack[i]),
          createdBy: frameOf(r.createdBy[i]),
          creatorGoid: r.creatorGoid[i],
          labels: lid[r.labels[i]],
          weight: r.weight[i],
          value2: r.value2[i],
          thread: r.thread[i],
          bubble: r.bubble[i],
        });
      }
      b.endSnapshot(si);
    }
    if (inp.trace >= 0) info.trace = pushTrace(inp.trace);
  });
  for (const a of c.ancestors) b.ancestors.push({ row: rowStarts[a.snapshot] + a.row, goid: a.goid, stack: stackOf(a.stack), createdBy: frameOf(a.createdBy) });
}

/** The trace with its string and stack references in the builder's ids. */
function remapTrace(t: TraceModel, sid: number[], kid: Int32Array): TraceModel {
  const out = { ...t } as unknown as Record<string, Record<string, unknown>>;
  for (const { table, column, kind, values } of traceRefColumns(t)) {
    if (kind !== 'string' && kind !== 'stack') continue;
    const vals = new Float64Array(values.length);
    for (let i = 0; i < values.length; i++) vals[i] = kind === 'string' ? sid[values[i]] : values[i] >= 0 ? kid[values[i]] : -1;
    if (out[table] === (t as unknown as Record<string, unknown>)[table]) out[table] = { ...out[table] };
    out[table][column] = sameType(values, vals);
  }
  return out as unknown as TraceModel;
}
