/**
 * Which columns of a TraceModel hold ids of something else, so a snapshot can renumber them:
 * string ids and stack ids (into the model's tables), goroutine rows and segment indices (within
 * the trace). Every other column is plain data and travels as it is. When the trace model gains a
 * column, test/share-session.test.ts fails until the column is listed here or as plain.
 */
import type { TraceModel } from '../model/trace';

export type RefKind = 'string' | 'stack' | 'goroutine' | 'segment';

/** table → column → what its values are ids of (-1, or 0 for strings, means none). */
export const TRACE_REFS: Record<string, Record<string, RefKind>> = {
  goroutines: { creator: 'goroutine', createStack: 'stack', startFunc: 'string', lastReason: 'string', lastStack: 'stack', label: 'string', firstSegment: 'segment' },
  segments: { goroutine: 'goroutine', reason: 'string', stack: 'stack', unblockedBy: 'goroutine', unblockStack: 'stack', next: 'segment' },
  gc: { kind: 'string', goroutine: 'goroutine' },
  stw: { kind: 'string', goroutine: 'goroutine' },
  tasks: { name: 'string' },
  regions: { name: 'string', goroutine: 'goroutine' },
  logs: { goroutine: 'goroutine', key: 'string', value: 'string' },
  reasonTransitions: { reason: 'string' },
  atEnd: { reason: 'string', stack: 'stack' },
};

/** Columns known to be plain data (times, counts, states, P and thread ids, goroutine ids). */
export const TRACE_PLAIN: Record<string, string[]> = {
  goroutines: ['goid', 'creatorGoid', 'createdNs', 'endedNs', 'firstSeenNs', 'lastState', 'lastChangeNs', 'runningNs', 'runnableNs', 'waitingNs', 'syscallNs', 'blocks', 'syscalls', 'starts', 'flags'],
  segments: ['start', 'state', 'proc', 'thread'],
  procSegments: ['id', 'start', 'end', 'state', 'other'],
  threadSegments: ['id', 'start', 'end', 'state', 'other'],
  gc: ['start', 'end'],
  stw: ['start', 'end'],
  tasks: ['id', 'parent', 'start', 'end'],
  regions: ['task', 'start', 'end'],
  logs: ['time', 'task'],
  goroutineFlow: ['transitions', 'timeInState'],
  procFlow: ['transitions', 'timeInState'],
  threadFlow: ['transitions', 'timeInState'],
  reasonTransitions: ['from', 'to', 'n'],
  atEnd: ['state', 'goroutines'],
};

type Column = Int8Array | Uint8Array | Int16Array | Uint16Array | Int32Array | Uint32Array | Float32Array | Float64Array;

/** Every (table, column, values) of a trace that holds references, with the kind. */
export function traceRefColumns(t: TraceModel): { table: string; column: string; kind: RefKind; values: Column }[] {
  const out: { table: string; column: string; kind: RefKind; values: Column }[] = [];
  const tt = t as unknown as Record<string, Record<string, unknown>>;
  for (const [table, cols] of Object.entries(TRACE_REFS)) {
    const tab = tt[table];
    if (!tab || typeof tab !== 'object') continue;
    for (const [column, kind] of Object.entries(cols)) {
      const values = tab[column];
      if (ArrayBuffer.isView(values)) out.push({ table, column, kind, values: values as Column });
    }
  }
  return out;
}

/** Typed-array columns of a trace that are neither references nor known plain data (the test lists them). */
export function unclassifiedTraceColumns(t: TraceModel): string[] {
  const out: string[] = [];
  for (const [table, tab] of Object.entries(t as unknown as Record<string, unknown>)) {
    if (!tab || typeof tab !== 'object' || ArrayBuffer.isView(tab) || Array.isArray(tab)) continue;
    for (const [column, v] of Object.entries(tab as Record<string, unknown>))
      if (ArrayBuffer.isView(v) && !TRACE_REFS[table]?.[column] && !TRACE_PLAIN[table]?.includes(column)) out.push(`${table}.${column}`);
  }
  return out;
}
