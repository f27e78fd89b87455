/**
 * The worker boundary (see README.md here): what the page may ask, what comes back. The worker
 * owns the model; the page holds the small `Workspace` description and asks questions whose
 * answers are small: a list of row ids, the rows in view, one goroutine, one report.
 * Every answer carries the generation it was computed on; the page drops stale ones.
 */
import type { InputInfo, Snapshot } from '../model/model';
import type { SchedSnapshot } from '../model/sched';
import type { TraceSummary, TraceDetail } from '../model/trace';
import type { Summary } from '../analysis/summary';
import type { SnapshotDiff } from '../analysis/diff';
import type { CreatorTree } from '../analysis/creators';
import type { GroupLevel } from '../analysis/group';
import type { LeakReport, DumpSuspect, TraceSuspect, BackgroundEntry } from '../analysis/report';
import type { WaitForResult, WaitObjectGroup } from '../analysis/waitfor';
import type { SeriesInfo, SameProcess } from '../analysis/series';
import type { SnapshotChoices, SortSpec } from '../analysis/filter';
import type { LoadOutcome, LoadProgress } from '../formats/load';
import type { RedactOptions, RedactionSample } from '../share/redact';
import type { BlockedKind, FlameOrientation, FlameTree, FlameWeight } from '../analysis/flame';
import type { TimelineGroupBy, TimelineSort } from '../analysis/timeline';
import type { StateDistribution, StateFlow, TransitionSpec } from '../analysis/stateflow';

export type { LoadOutcome, LoadProgress };

export interface LoadFile {
  name: string;
  blob: Blob;
}

/**
 * Where a batch goes when something is loaded already:
 * - 'auto': into the series it plainly continues (same goroutine ids, creators and park sites),
 *   else a series of its own;
 * - 'compare': a later part of series `target` (growth is reported against it);
 * - 'separate': a series of its own (another process);
 * - 'replace': everything loaded before is closed (only when the batch loads).
 */
export type Placement = { mode: 'auto' } | { mode: 'compare'; target: number } | { mode: 'separate' } | { mode: 'replace' };

export interface Placed {
  /** the series the batch's goroutine snapshots ended in (-1: it had none) */
  series: number;
  /** inputs of the batch */
  inputs: number[];
  mode: 'first' | 'compared' | 'separate' | 'replaced';
  /** with 'compared' by 'auto': why it was judged the same process */
  evidence: SameProcess | null;
  /** the earlier series the user may compare it with instead (dump series, newest first) */
  candidates: { series: number; label: string }[];
}

/** A snapshot as the page sees it: without the per-goroutine status list of schedtrace blocks. */
export type SnapshotInfo = Omit<Snapshot, 'sched'> & { sched: Omit<SchedSnapshot, 'goroutineStatus'> | null };

/** What the page shows about a trace without asking: its summary and headline numbers. */
export interface TraceInfo {
  input: number;
  /** its goroutines as a snapshot (kind 'trace-end') */
  snapshot: number;
  summary: TraceSummary;
  writtenBy: string;
  family: 'v1' | 'v2';
  durationNs: number;
  generations: number;
  droppedGenerations: number;
  incomplete: boolean;
  detail: TraceDetail;
  gcCount: number;
  stwCount: number;
  cpuSamples: number;
}

/** Everything loaded, described (no per-goroutine data). Replaced on every generation. */
export interface Workspace {
  generation: number;
  inputs: InputInfo[];
  snapshots: SnapshotInfo[];
  series: SeriesInfo[];
  summary: Summary;
  traces: (TraceInfo | null)[];
  /** the snapshot to show first after this load (the newest of what was just loaded), -1 none */
  suggestedSnapshot: number;
}

export interface LoadReply {
  workspace: Workspace;
  outcomes: LoadOutcome[];
  cancelled: boolean;
  placed: Placed | null;
  /** ms the worker spent parsing and analysing */
  parseMs: number;
}

/** A suspect named by id: valid for the (generation, snapshot, level) the report was made for. */
export interface SuspectRef {
  snapshot: number;
  level: GroupLevel;
  /** `Suspect key` from the report: "g<group>" (dumps) or "t<trace>:<state>|<reason>|<stack>" (traces) */
  key: string;
}

/**
 * An object group or a deadlock cycle of a report's wait-for analysis, named by key: valid for the
 * (generation, snapshot, level) the report was made for, as a SuspectRef is.
 */
export interface WaitForRef {
  snapshot: number;
  level: GroupLevel;
  /** `ReportData.waitFor.groups[i].key` ("w<i>") or `ReportData.waitFor.cycles[i].key` ("c<i>") */
  key: string;
}

/**
 * A flame graph as the page asks for it (src/analysis/flame.ts buildFlameTree): which snapshot and
 * how. The tree is built in the worker; its typed arrays are transferred to the page.
 */
export interface FlameRequest {
  snapshot: number;
  orientation: FlameOrientation;
  weight: FlameWeight;
  /** runtime and standard-library frames inner to the park site folded into the wait reason */
  foldRuntime: boolean;
  /** creation chains under the start function */
  creators: boolean;
  /** diff: an earlier snapshot of the same series (widths from `snapshot`, colour by change), null none */
  baseline: number | null;
  /** sandwich: one side of this function (callers or callees), null the whole tree */
  focus: { func: string; side: 'callers' | 'callees' } | null;
  /** weight 'blocked' (execution traces): which intervals, within [t0, t1) ns from the trace start */
  trace: { kind: BlockedKind; t0: number; t1: number } | null;
}

export interface FlameReply {
  tree: FlameTree;
  /** ms the worker took to build it (0 when it came from its cache) */
  buildMs: number;
}

/**
 * A flame-graph node by what survives a rebuild: the request its tree was built for and the node's
 * path of keys from the root (src/analysis/flame-path.ts), not a node index.
 */
export interface FlameRef {
  request: FlameRequest;
  path: string[];
}

/** The goroutine table's filter: ids only (plus the text the user typed). */
export interface FilterSpec {
  state?: number;
  parkFunc?: number;
  label?: { key: number; value: number };
  creatorFunc?: number;
  stack?: number;
  traceEnd?: { state: number; reason: number; stack: number };
  suspect?: SuspectRef;
  /** exactly the goroutines of a wait-for object group (its waiters) or of a deadlock cycle */
  waitFor?: WaitForRef;
  /** exactly the goroutines under a flame-graph node (its count is the node's goroutines) */
  flame?: FlameRef;
  /** a trace's goroutines that made a state-flow transition (analysis/stateflow.ts) in a time range */
  transition?: TransitionSpec & { input: number };
  /** typed by the user: case-insensitive substring of a frame's function or `file:line` */
  text?: string;
  /** typed by the user: exactly `key=value`, or `key` for any value */
  labelText?: string;
}

/** One row of the goroutine table, resolved for display. */
export interface RowDisplay {
  row: number;
  /** goroutine id, -1 for aggregated records */
  goid: number;
  state: string;
  waitMinutes: number;
  /** blocked ns (trace goroutines at the end, time profiles), 0 when not known */
  blockedNs: number;
  weight: number;
  flags: number;
  parkSite: string;
  labels: string;
}

export interface RowsReply {
  /** model rows, in table order */
  rows: Int32Array;
  /** rows of the snapshot before filtering */
  total: number;
  /** goroutines the rows stand for (records by their weight) */
  goroutines: number;
  /** digits of the widest id (or record count) among the rows, to size the table's first column */
  idDigits: number;
  /** display of the first rows, so the table can draw at once */
  head: RowDisplay[];
}

export interface FrameDisplay {
  frame: number;
  func: string;
  file: string;
  line: number;
  /** FrameKind: 0 your code, 1 standard library, 2 runtime */
  kind: number;
  inlined: boolean;
}

export interface SegmentDisplay {
  startNs: number;
  durationNs: number;
  state: string;
  reason: string;
  /** model row of the goroutine that unblocked it, -1 */
  unblockedByRow: number;
  unblockedByGoid: number;
}

export interface TraceLife {
  createdNs: number;
  creatorRow: number;
  creatorGoid: number;
  endedNs: number;
  lastState: string;
  lastReason: string;
  runningNs: number;
  runnableNs: number;
  waitingNs: number;
  syscallNs: number;
  starts: number;
  blocks: number;
  syscalls: number;
  /** the first state changes (at most 200), when the trace kept them */
  segments: SegmentDisplay[];
  segmentCount: number;
  /** the trace kept reduced detail: states shorter than a microsecond merged into the next */
  reduced: boolean;
}

export interface GoroutineInfo {
  row: number;
  snapshot: number;
  goid: number;
  state: string;
  waitMinutes: number;
  flags: number;
  weight: number;
  value2: number;
  thread: number;
  frames: FrameDisplay[];
  parkFrame: number;
  labels: [string, string][];
  createdBy: FrameDisplay | null;
  creatorGoid: number;
  /** the creator's row in the same snapshot, -1 when it is not there */
  creatorRow: number;
  ancestors: { goid: number; frames: FrameDisplay[] }[];
  /** for a trace's goroutines */
  life: TraceLife | null;
  /** the goroutine as Go prints it (Copy) */
  text: string;
}

/**
 * A suspect as the page gets it: everything but its rows (the worker resolves those by `key`),
 * plus `callSites`: distinct park-site frames (function and line) among its goroutines — more than
 * one when a grouping level merges lines.
 */
export type SuspectInfo = (Omit<DumpSuspect, 'rows'> | Omit<TraceSuspect, 'rows'>) & { key: string; callSites: number };

/** What stopped the program, in its own words (a panic, a fatal error, a signal, a test timeout). */
export interface ReportCause {
  panic: string | null;
  fatal: string | null;
  signal: string | null;
  /** a `go test` timeout's running tests, with their durations as printed */
  runningTests: string[];
  /** the goroutine the cause names (the first one printed: the one that panicked), when there is one */
  goroutine: { row: number; goid: number; state: string; what: string; frames: FrameDisplay[] } | null;
}

/** The creator tree with each node's groups resolved: where its goroutines wait. */
export type CreatorTreeDisplay = Omit<CreatorTree, 'groups'> & { groups: { site: string; state: string; count: number }[][] };

/** An object group as the page gets it: everything but its rows (the worker resolves those by `key`). */
export type WaitObjectInfo = Omit<WaitObjectGroup, 'rows'>;

/**
 * The wait-for analysis of the report's snapshot for the page: object groups (the first
 * `WAIT_GROUPS_SHOWN`, most flagged first; `groupCount` says how many there are), deadlock cycles
 * with their rows, and per row of the snapshot (index = row − snapshot.rowStart) its operation, group
 * and flag (waitfor.ts WAIT_OPS, STUCK_REASONS).
 */
export type WaitForData = Omit<WaitForResult, 'groups'> & { groups: WaitObjectInfo[]; groupCount: number };

/** Object groups sent with a report; the rest are counted in `groupCount`. */
export const WAIT_GROUPS_SHOWN = 500;

export type ReportData = Omit<LeakReport, 'suspects' | 'background' | 'waitFor'> & {
  suspects: SuspectInfo[];
  /** who waits for whom (traceback snapshots), null otherwise */
  waitFor: WaitForData | null;
  background: Omit<BackgroundEntry, 'rows'>[];
  level: GroupLevel;
  diff: Omit<SnapshotDiff, 'persistingByGroup'> | null;
  creators: CreatorTreeDisplay | null;
  /** groups at this level in the whole model */
  groupCount: number;
  cause: ReportCause | null;
  /** with no suspects: why, in numbers (what the goroutines are doing instead) */
  noSuspects: string | null;
  timingsMs: Record<string, number>;
};

export interface ChoicesData extends SnapshotChoices {
  /** a trace's goroutines alive at the end, with the park site's function (trace-end snapshots) */
  traceEnd: { key: { state: number; reason: number; stack: number }; count: number; state: string; reason: string; parkSite: string }[];
}

export type ExportFormat = 'markdown' | 'json';

/**
 * Where the page is, in terms of ids a snapshot renumbers. The flame graph's orientation and zoom
 * and a timeline window will join as `flame` and `timeline` (they hold no model ids: they travel
 * unchanged).
 */
export interface SharedView {
  snapshot: number;
  selectedRow: number;
  filter: FilterSpec;
}

/** Share (a link) or Save snapshot (a `.parkscope` file) of everything loaded (src/share). */
export interface SnapshotRequest {
  target: 'link' | 'file';
  redact: RedactOptions;
  view: SharedView;
}

export interface SnapshotReply {
  /** the snapshot (transferred): a link carries it base64url-encoded, a file as it is */
  bytes: Uint8Array;
  /** characters of base64url it takes */
  linkChars: number;
  /** the link is within the budget (files always fit) */
  fits: boolean;
  budget: number;
  /** what a reduced link left out, and what redaction changed, in sentences */
  leftOut: string[];
  redacted: string[];
  /** before → after examples of redaction, for the preview */
  samples: RedactionSample[];
  /** the view with the ids it has once the snapshot is opened; filter terms it cannot keep are named in `dropped` */
  view: SharedView & { dropped: string[] };
  counts: { inputs: number; goroutines: number; strings: number; stacks: number };
}

/** The timeline of a trace (issue #12): its groups and rows, leak candidates, overview and GC/STW bands. */
export interface TimelineLayout {
  input: number;
  durationNs: number;
  /** model row of trace goroutine row 0 (the trace-end snapshot's first row), -1 when none */
  rowStart: number;
  /** group labels in display order; rows of group g: rows[offsets[g] .. offsets[g+1]) (trace rows) */
  labels: string[];
  offsets: Int32Array;
  rows: Int32Array;
  blockedAtEnd: Int32Array;
  /** leak candidates: blocked at the end, never unblocked since (longest first), and their counts by "State|reason" */
  pinned: Int32Array;
  pinnedCounts: Record<string, number>;
  /** GC and stop-the-world ranges as [start, end] pairs (ns) */
  gc: Float64Array;
  stw: Float64Array;
}

/** Goroutines per class over the whole trace: overview[c * NC + class], `bins` columns (the overview strip). */
export interface TimelineOverview {
  bins: number;
  overview: Float32Array;
}

/** A window of the timeline: rows × [t0, t1) × width columns. */
export interface TimelineWindowRequest {
  input: number;
  by: TimelineGroupBy;
  sort: TimelineSort;
  t0: number;
  t1: number;
  width: number;
  /** trace rows drawn as goroutine rows */
  rows: Int32Array;
  /** groups (display index of the layout) drawn as stacked areas */
  groups: Int32Array;
}

export interface TimelineWindow {
  t0: number;
  t1: number;
  width: number;
  /** the dominant class per row and column: rowCols[k * width + c] (analysis/timeline TL_CLASSES) */
  rowCols: Uint8Array;
  /** goroutines per class and column for each requested group: groupCols[(k * width + c) * NC + class] */
  groupCols: Float32Array;
  rowGoid: Float64Array;
  rowStartFunc: string[];
  /** wake-ups in the window: index into rows, time, segment, the waker's trace row */
  wakeRow: Int32Array;
  wakeTime: Float64Array;
  wakeSegment: Int32Array;
  waker: Int32Array;
}

/** The trace goroutines the goroutine table's filter holds: the timeline marks them (and can show only them). */
export interface TimelineMatches {
  input: number;
  /** trace rows (goroutine row of the trace, not model rows), ascending */
  rows: Int32Array;
}

/** One segment of the timeline, told on hover and click. */
export interface TimelineSegment {
  row: number;
  goid: number;
  segment: number;
  state: string;
  reason: string;
  cls: number;
  startNs: number;
  endNs: number;
  /** the stack of the transition that started it (park site, syscall site, waker's stack, creation site) */
  stackWhat: string;
  frames: FrameDisplay[];
  /** trace row of the goroutine that unblocked it, -1; its goid */
  unblockedBy: number;
  unblockedByGoid: number;
}

/** A series of dumps on a time axis of snapshots: a row per goroutine id, a mark where present. */
export interface SeriesTimeline {
  snapshots: { index: number; label: string }[];
  goids: Float64Array;
  /** per row and snapshot: 0 absent, else 1 + the TL class of its state there */
  marks: Uint8Array;
  /** model row of each mark (-1 absent), for the detail pane */
  markRows: Int32Array;
  startFunc: string[];
}
/** The resource rows of the timeline (issue #12): Ps, threads (Ms), user tasks and regions. */
export type ResourceKind = 'procs' | 'threads' | 'tasks';

/** What resource rows a trace has: one per P, one per thread, one per task and then one per region name. */
export interface TimelineResourceLayout {
  input: number;
  /** P ids by P row */
  procs: Float64Array;
  /** thread ids by thread row */
  threads: Float64Array;
  tasks: number;
  regionNames: number;
}

/** Rows first .. first+count-1 of one kind × [t0, t1) × width columns. */
export interface TimelineResourceRequest {
  input: number;
  kind: ResourceKind;
  first: number;
  count: number;
  t0: number;
  t1: number;
  width: number;
}

/** The answer for a TimelineResourceRequest: its window (as asked) and what covers each column. */
export interface TimelineResources extends Omit<TimelineResourceRequest, 'input'> {
  /** what covers most of each column (analysis/timeline-resources RC): cls[k * width + c] for row first + k */
  cls: Uint8Array;
  /** procs: index into goRows of the goroutine that ran most of the column there, -1; empty for other kinds */
  who: Int32Array;
  /** tasks: a task's coverage of the column, a region row's open regions on average over it; empty otherwise */
  level: Float32Array;
  /** the goroutines `who` names: trace row, goid, start function, colour (a hash of the start function) */
  goRows: Int32Array;
  goGoid: Float64Array;
  goFunc: string[];
  goHue: Uint8Array;
  /** label of each row */
  labels: string[];
  /** the worker's time for this answer */
  ms: number;
}

/** The interval under the pointer on a resource row. */
export interface TimelineResourceHit {
  kind: ResourceKind;
  row: number;
  state: string;
  startNs: number;
  endNs: number;
  /** the goroutine (trace row, -1), its goid and start function */
  goroutine: number;
  goid: number;
  func: string;
  proc: number;
  thread: number;
  /** a task's or a region's name and task id (-1) */
  name: string;
  taskId: number;
  /** region rows: regions of that name open then */
  open: number;
}

/** The state-flow numbers of a trace (nodes by FLOW_NODES index), with the trace's input and length. */
export type StateFlowData = StateFlow & { input: number; durationNs: number };

/** A reply: the value, or `stale` when the model changed since the question was asked. */
export type Reply<T> = { generation: number; stale: false; value: T } | { generation: number; stale: true };

export interface WorkerApi {
  load(files: LoadFile[], placement: Placement, onProgress: (p: LoadProgress) => void): Promise<LoadReply>;
  /** stops the running load; the batch is rolled back, earlier loads stay */
  cancel(): void;
  /** moves the inputs of a batch into another series (or a series of their own: target -1) */
  place(generation: number, inputs: number[], target: number): Promise<Reply<Workspace>>;
  /** forgets everything loaded */
  clear(): Promise<Workspace>;
  /** the view shown ('timeline', '' none): its questions are answered before other views' queued ones (queue.ts) */
  focus(view: 'timeline' | ''): void;

  report(generation: number, snapshot: number, level: GroupLevel): Promise<Reply<ReportData>>;
  exportReport(generation: number, snapshot: number, level: GroupLevel, format: ExportFormat): Promise<Reply<string>>;
  rows(generation: number, snapshot: number, filter: FilterSpec, sort: SortSpec): Promise<Reply<RowsReply>>;
  rowDisplay(generation: number, rows: Int32Array): Promise<Reply<RowDisplay[]>>;
  goroutine(generation: number, row: number): Promise<Reply<GoroutineInfo>>;
  choices(generation: number, snapshot: number): Promise<Reply<ChoicesData>>;
  sched(generation: number, snapshot: number): Promise<Reply<SchedSnapshot | null>>;
  /** the model row of goroutine `goid` in `snapshot`, -1 */
  findGoroutine(generation: number, snapshot: number, goid: number): Promise<Reply<number>>;
  /** the flame graph of a snapshot (typed arrays transferred) */
  flame(generation: number, request: FlameRequest): Promise<Reply<FlameReply>>;
  /** the G/M/P state-flow diagram of a trace input: edges in `range` (null: the whole trace), nodes at `cursor`, a replay series of `bins` */
  stateFlow(generation: number, input: number, range: { t0: number; t1: number } | null, cursor: number | null, bins: number): Promise<Reply<StateFlowData>>;
  /** a goroutine snapshot by state-flow node (the diagram of a dump or a SCHED block) */
  stateDistribution(generation: number, snapshot: number): Promise<Reply<StateDistribution>>;
  /** a snapshot of everything loaded, for a link or a file */
  encodeSnapshot(generation: number, request: SnapshotRequest): Promise<Reply<SnapshotReply>>;
  /** the timeline of input `input`'s trace grouped and sorted (typed arrays transferred) */
  timelineLayout(generation: number, input: number, by: TimelineGroupBy, sort: TimelineSort): Promise<Reply<TimelineLayout>>;
  /** makes ahead, while the page is idle after a load, the layout of (by, sort) and with a width > 0 the whole trace's columns at that width (TimelineQueries.prepare) */
  timelinePrepare(generation: number, input: number, by: TimelineGroupBy, sort: TimelineSort, width: number): Promise<Reply<true>>;
  /** the overview strip at `bins` columns, made in one walk with the whole-trace areas of the groups of `by` (a whole-trace window then reads them) */
  timelineOverview(generation: number, input: number, by: TimelineGroupBy, sort: TimelineSort, bins: number): Promise<Reply<TimelineOverview>>;
  timelineWindow(generation: number, request: TimelineWindowRequest): Promise<Reply<TimelineWindow>>;
  /** the segment of trace row `row` at `time` (or within `slackNs`), null none */
  timelineSegment(generation: number, input: number, row: number, time: number, slackNs: number): Promise<Reply<TimelineSegment | null>>;
  /** the goroutines of input `input`'s trace that pass `filter` (the table's), as trace rows (transferred) */
  timelineMatches(generation: number, input: number, filter: FilterSpec): Promise<Reply<TimelineMatches>>;
  /** a dump series' goroutines on a time axis of its snapshots */
  seriesTimeline(generation: number, series: number): Promise<Reply<SeriesTimeline>>;
  /** the resource rows (Ps, threads, tasks and regions) a trace has */
  timelineResourceLayout(generation: number, input: number): Promise<Reply<TimelineResourceLayout>>;
  /** a window of resource rows of one kind (typed arrays transferred) */
  timelineResources(generation: number, request: TimelineResourceRequest): Promise<Reply<TimelineResources>>;
  /** the interval of a resource row at `time` (or within `slackNs`), null none */
  timelineResourceAt(generation: number, input: number, kind: ResourceKind, row: number, time: number, slackNs: number): Promise<Reply<TimelineResourceHit | null>>;
}

/** Chunk size for reading a File in the worker: small enough for smooth progress. */
export const READ_CHUNK = 1 << 20;

/** Rows sent with a `rows` answer before the table asks for more. */
export const HEAD_ROWS = 120;
