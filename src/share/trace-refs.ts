/**
 * Which columns of a TraceModel hold ids of something else, so a snapshot can renumber them:
 * string ids and stack ids (into the model's tables), goroutine rows and segment indices (within
 * the trace). Every other column is plain data and travels as it is. When the trace model gains a
 * column, test/share-session.test.ts fails until the column is listed here or as plain.
 */
import type { TraceModel } from '../model/trace';

export type RefKind = 'string' | 'stack' | 'goroutine';

/** table → column (one value per row of the table) → what its values are ids of (-1, or 0 for strings, means none). */
export const TRACE_REFS: Record<string, Record<string, RefKind>> = {
  goroutines: { creator: 'goroutine', createStack: 'stack', startFunc: 'string', lastReason: 'string', lastStack: 'stack', label: 'string' },
  segments: { stack: 'stack' },
  gc: { kind: 'string', goroutine: 'goroutine' },
  stw: { kind: 'string', goroutine: 'goroutine' },
  tasks: { name: 'string' },
  regions: { name: 'string', goroutine: 'goroutine' },
  logs: { goroutine: 'goroutine', key: 'string' },
  reasonTransitions: { reason: 'string' },
  atEnd: { reason: 'string', stack: 'stack' },
};

/**
 * Columns that are not one value per row: the CSR offsets of the segment tables (one per goroutine
 * or resource, plus one), the segments' reason table (string ids) and thread table, the resource ids.
 * `string` ones are renumbered like references; the decoder checks the rest by their own rules.
 * `segments.ctx` is per row but mixed (P and thread, or an unblocking goroutine's row + 2): the
 * reducer and the decoder read it through its own rule.
 */
export const TRACE_SIDE: Record<string, Record<string, 'offsets' | 'string' | 'plain'>> = {
  segments: { offset: 'offsets', reasons: 'string', threads: 'plain' },
  procSegments: { offset: 'offsets', ids: 'plain' },
  threadSegments: { offset: 'offsets', ids: 'plain' },
};

/** Columns known to be plain data (times, counts, states, P and thread ids, goroutine ids). */
export const TRACE_PLAIN: Record<string, string[]> = {
  goroutines: ['goid', 'createdNs', 'endedNs', 'lastState', 'lastChangeNs', 'runningNs', 'runnableNs', 'waitingNs', 'syscallNs', 'blocks', 'syscalls', 'starts', 'flags'],
  segments: ['start', 'state', 'reason', 'ctx'],
  procSegments: ['start', 'end', 'state', 'other'],
  threadSegments: ['start', 'end', 'state', 'other'],
  gc: ['start', 'end'],
  stw: ['start', 'end'],
  tasks: ['id', 'parent', 'start', 'end'],
  regions: ['task', 'start', 'end'],
  logs: ['time', 'task', 'message'],
  goroutineFlow: ['transitions', 'timeInState'],
  procFlow: ['transitions', 'timeInState'],
  threadFlow: ['transitions', 'timeInState'],
  reasonTransitions: ['from', 'to', 'n'],
  atEnd: ['state', 'goroutines'],
};

type Column = Int8Array | Uint8Array | Int16Array | Uint16Array | Int32Array | Uint32Array | Float32Array | Float64Array;

/** Every (table, column, values) of a trace that holds references, with the kind (side columns of string ids included). */
export function traceRefColumns(t: TraceModel): { table: string; column: string; kind: RefKind; values: Column }[] {
  const out: { table: string; column: string; kind: RefKind; values: Column }[] = [];
  const tt = t as unknown as Record<string, Record<string, unknown>>;
  const all: [string, Record<string, RefKind>][] = [...Object.entries(TRACE_REFS), ...Object.entries(TRACE_SIDE).map(([tab, cols]) => [tab, Object.fromEntries(Object.entries(cols).filter(([, k]) => k === 'string'))] as [string, Record<string, RefKind>])];
  for (const [table, cols] of all) {
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
      if (ArrayBuffer.isView(v) && !TRACE_REFS[table]?.[column] && !TRACE_SIDE[table]?.[column] && !TRACE_PLAIN[table]?.includes(column)) out.push(`${table}.${column}`);
  }
  return out;
}
