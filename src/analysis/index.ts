/**
 * One entry point for the leak analysis: `analyze(view)` runs once per load in the worker (and
 * in the CLI) and returns plain, structured-cloneable data — no class instances, no Maps; typed
 * arrays where the data is per goroutine — for the UI: the leak report, the groups, the
 * snapshot diff, the creator tree and the label index.
 */
import type { ModelView } from '../model/read';
import type { Snapshot } from '../model/model';
import { parkSitesByStack } from './park-site';
import { groupGoroutines, type GroupLevel, type Groups, WAIT_BUCKET_LABELS } from './group';
import { buildReport, classifyGroups, type LeakReport } from './report';
import { diffSnapshots, seriesOf, type SnapshotDiff } from './diff';
import { carryLeakMarks, leakSourceSnapshots, type LeakCarry } from './leak-match';
import { creatorIndex, creatorTree, type CreatorTree } from './creators';
import { labelIndex, type LabelIndex } from './labels';
import { PATTERN_ORDER, PATTERNS, type PatternId } from './patterns';

export interface AnalyzeOptions {
  /** grouping level (default 'exact') */
  level?: GroupLevel;
  /** the snapshot the report describes (default: chosen by `currentSnapshot`) */
  snapshot?: number;
  /** park-site frame per stack, when the caller already computed it (parkSitesByStack) */
  parkByStack?: Int32Array;
}

/** The groups as typed arrays plus, per group, the pattern (index into `patterns`). */
export interface GroupsData extends Groups {
  waitBuckets: string[];
  /** pattern of each group: index into `patterns` */
  pattern: Uint8Array;
  patterns: PatternId[];
}

export interface Analysis {
  version: 1;
  /** the snapshot the report, creators and labels describe; -1 when only traces are loaded */
  currentSnapshot: number;
  report: LeakReport;
  groups: GroupsData;
  /** present when the current snapshot has earlier snapshots of the same kind */
  diff: SnapshotDiff | null;
  creators: CreatorTree | null;
  labels: LabelIndex | null;
  timingsMs: Record<string, number>;
}

const STACK_KINDS = new Set<Snapshot['kind']>(['traceback', 'profile']);

/**
 * The snapshot a report is about: the latest goroutine snapshot (traceback or profile), preferring
 * full dumps over goroutineleak profiles (which then serve as proof for it), then schedtrace.
 * Latest = last in time when every candidate has a time, else last loaded.
 */
export function currentSnapshot(view: ModelView): number {
  const snaps = view.model.snapshots;
  const pick = (ok: (s: Snapshot) => boolean): number => {
    const c: number[] = [];
    snaps.forEach((s, i) => {
      if (ok(s) && s.rowEnd > s.rowStart) c.push(i);
    });
    if (!c.length) return -1;
    if (c.every((i) => snaps[i].timeMs !== null)) return c.reduce((a, b) => (snaps[b].timeMs! >= snaps[a].timeMs! ? b : a));
    return c[c.length - 1];
  };
  let cur = pick((s) => STACK_KINDS.has(s.kind) && !s.leakProfile);
  if (cur < 0) cur = pick((s) => STACK_KINDS.has(s.kind));
  if (cur < 0) cur = pick((s) => s.kind === 'schedtrace');
  return cur;
}

export function analyze(view: ModelView, opts: AnalyzeOptions = {}): Analysis {
  const t: Record<string, number> = {};
  const time = <T>(name: string, f: () => T): T => {
    const t0 = performance.now();
    const v = f();
    t[name] = Math.round((performance.now() - t0) * 10) / 10;
    return v;
  };
  const parkByStack = opts.parkByStack ?? time('parkSites', () => parkSitesByStack(view));
  const groups = time('group', () => groupGoroutines(view, { level: opts.level ?? 'exact', parkByStack }));
  const classes = time('classify', () => classifyGroups(view, groups));
  const current = opts.snapshot ?? currentSnapshot(view);
  const series = current >= 0 ? seriesOf(view, current) : [];
  const diff = series.length > 1 ? time('diff', () => diffSnapshots(view, groups, series)) : null;
  let carry: LeakCarry | null = null;
  if (current >= 0 && view.model.snapshots[current].kind === 'traceback') {
    const sources = leakSourceSnapshots(view).filter((s) => s !== current);
    if (sources.length) carry = time('leakCarry', () => carryLeakMarks(view, current, sources));
  }
  const report = time('report', () => buildReport({ view, groups, classes, current, series, diff, carry }));
  let creators: CreatorTree | null = null;
  let labels: LabelIndex | null = null;
  if (current >= 0) {
    const snap = view.model.snapshots[current];
    creators = time('creators', () => creatorTree(view, groups, current, creatorIndex(view, current)));
    labels = time('labels', () => labelIndex(view, groups, snap.rowStart, snap.rowEnd));
  }
  const patternIndex = new Map(PATTERN_ORDER.map((p, i) => [p, i]));
  const pattern = new Uint8Array(groups.count);
  for (let i = 0; i < groups.count; i++) pattern[i] = patternIndex.get(classes[i].pattern)!;
  return {
    version: 1,
    currentSnapshot: current,
    report,
    groups: groupsData(groups, pattern),
    diff,
    creators,
    labels,
    timingsMs: t,
  };
}

function groupsData(g: Groups, pattern: Uint8Array): GroupsData {
  return { ...g, waitBuckets: [...WAIT_BUCKET_LABELS], pattern, patterns: [...PATTERN_ORDER] };
}

export { PATTERNS, PATTERN_ORDER };
export type { PatternId } from './patterns';
export type { LeakReport, Suspect, BackgroundEntry, StackDisplay } from './report';
export type { SnapshotDiff } from './diff';
export type { CreatorTree } from './creators';
export type { LabelIndex } from './labels';
export type { GroupLevel } from './group';
export { FrameKind } from './stack-info';
