/**
 * What a snapshot holds, between the model and the bytes: its own tables (strings, frames,
 * stacks, label sets) with ids that index them, the inputs with their snapshots and goroutine rows,
 * and the traces. `fromModel` builds it from a frozen model (pruned, redacted, reduced),
 * `writeContent`/`readContent` turn it into bytes and back, `intoBuilder` adds it to a
 * ModelBuilder as inputs of their own, which then go through the same analysis as any dump.
 */
import type { InputInfo, Snapshot } from '../model/model';
import type { TraceModel } from '../model/trace';

/** Goroutine rows of one snapshot, as columns (ids index the content's tables). */
export interface RowColumns {
  count: number;
  goid: Float64Array;
  state: Float64Array;
  waitMinutes: Float64Array;
  flags: Float64Array;
  stack: Float64Array;
  createdBy: Float64Array;
  creatorGoid: Float64Array;
  labels: Float64Array;
  weight: Float64Array;
  value2: Float64Array;
  thread: Float64Array;
  bubble: Float64Array;
}

export const ROW_COLUMNS = ['goid', 'state', 'waitMinutes', 'flags', 'stack', 'createdBy', 'creatorGoid', 'labels', 'weight', 'value2', 'thread', 'bubble'] as const;

/** A snapshot's header: the model's Snapshot without its place in the model. */
export type SnapshotHead = Omit<Snapshot, 'input' | 'rowStart' | 'rowEnd'>;

/**
 * Argument words of a snapshot's rows (Model.args, for the wait-for analysis): words per row, each
 * word's value and its info (frame index, position, stale mark). Values are addresses, or — when
 * redaction strips argument values — placeholders that keep equal values equal.
 */
export interface ArgWords {
  perRow: Float64Array;
  value: Float64Array;
  info: Float64Array;
}

export interface ContentSnapshot {
  head: SnapshotHead;
  /** null for a trace's trace-end snapshot: derived from the trace when the snapshot is opened, as the trace parser derives it */
  rows: RowColumns | null;
  /** null when the rows have none (formats other than tracebacks) */
  args: ArgWords | null;
}

export type ContentInput = Omit<InputInfo, 'snapshotStart' | 'snapshotEnd' | 'origin'> & { snapshots: ContentSnapshot[] };

export interface ContentAncestor {
  /** the snapshot (index in the content) and the row within it */
  snapshot: number;
  row: number;
  goid: number;
  stack: number;
  createdBy: number;
}

/** What was left out or changed, said to whoever opens it. */
export interface SnapshotMeta {
  /** Unix ms when it was made */
  createdMs: number;
  /** the Parkscope encoding version that wrote it */
  version: number;
  /** reduced to fit a link: what was left out, in sentences (empty: everything is kept) */
  leftOut: string[];
  /** what redaction changed, in sentences (empty: nothing) */
  redacted: string[];
}

export interface SnapshotContent {
  meta: SnapshotMeta;
  /** index 0 is "" */
  strings: string[];
  frames: { count: number; func: Float64Array; file: Float64Array; line: Float64Array; flags: Float64Array };
  /** parents come before their children: parent < self, -1 outermost */
  stacks: { count: number; frame: Float64Array; parent: Float64Array };
  /** set i = pairs (key, value string ids) data[offsets[i]..offsets[i+1]); set 0 empty */
  labelSets: { count: number; offsets: Float64Array; data: Float64Array };
  inputs: ContentInput[];
  ancestors: ContentAncestor[];
  /** trace models with string, stack and goroutine ids of this content (trace-refs.ts) */
  traces: TraceModel[];
}
