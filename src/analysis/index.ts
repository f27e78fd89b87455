/**
 * One entry point for the leak analysis: `analyze(view)` runs once per load in the worker (and
 * in the CLI) and returns plain, structured-cloneable data — no class instances, no Maps; typed
 * arrays where the data is per goroutine — for the UI: the leak report, the groups, the
 * snapshot diff and the creator tree.
 */
import type { ModelView } from '../model/read';
import type { Snapshot } from '../model/model';
import { parkSitesByStack } from './park-site';
import { groupGoroutines, type GroupLevel, type Groups, WAIT_BUCKET_LABELS } from './group';
import { buildReport, classifyGroups, type LeakReport } from './report';
import { diffSnapshots, seriesOf, type SnapshotDiff } from './diff';
import { carryLeakMarks, leakSourceSnapshots, type LeakCarry } from './leak-match';
import { creatorIndex, creatorTree, type CreatorTree } from './creators';
import { PATTERN_ORDER, type PatternId } from './patterns';

export interface AnalyzeOptions {
  /** grouping level (default 'exact') */
  level?: GroupLevel;
  /** the snapshot the report describes (default: `defaultSnapshot`) */
  snapshot?: number;
  /** park-site frame per stack, when the caller already computed it (parkSitesByStack) */
  parkByStack?: Int32Array;
  /** groups at this level, when the caller already computed them */
  groups?: Groups;
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
  /** the snapshot the report, creators and labels describe; -1 when there is none to report on */
  currentSnapshot: number;
  report: LeakReport;
  groups: GroupsData;
  /** present when the current snapshot has earlier snapshots in its series */
  diff: SnapshotDiff | null;
  creators: CreatorTree | null;
  timingsMs: Record<string, number>;
}

const STACK_KINDS = new Set<Snapshot['kind']>(['traceback', 'profile']);

/**
 * The snapshot a report is about when the user has not picked one: the latest goroutine snapshot
 * (traceback or profile) of the last series loaded, preferring full dumps over goroutineleak
 * profiles (which then serve as proof for it), then schedtrace, then a trace's goroutines.
 * Latest = last in time when every candidate has a time, else last loaded. -1 when nothing fits.
 */
export function defaultSnapshot(view: ModelView, series = lastSeries(view)): number {
  const snaps = view.model.snapshots;
  const inputs = view.model.inputs;
  const pick = (ok: (s: Snapshot) => boolean): number => {
    const c: number[] = [];
    snaps.forEach((s, i) => {
      if (ok(s) && s.rowEnd > s.rowStart && inputs[s.input].series === series) c.push(i);
    });
    if (!c.length) return -1;
    if (c.every((i) => snaps[i].timeMs !== null)) return c.reduce((a, b) => (snaps[b].timeMs! >= snaps[a].timeMs! ? b : a));
    return c[c.length - 1];
  };
  for (const ok of [(s: Snapshot) => STACK_KINDS.has(s.kind) && !s.leakProfile, (s: Snapshot) => STACK_KINDS.has(s.kind), (s: Snapshot) => s.kind === 'schedtrace', (s: Snapshot) => s.kind === 'trace-end']) {
    const i = pick(ok);
    if (i >= 0) return i;
  }
  return -1;
}

function lastSeries(view: ModelView): number {
  let series = -1;
  for (const s of view.model.snapshots) if (s.rowEnd > s.rowStart) series = Math.max(series, view.model.inputs[s.input].series);
  return series;
}

/** The snapshot to report on for every series loaded (a dump series, or one trace), in load order. */
export function reportSubjects(view: ModelView): number[] {
  const seen = new Set<number>();
  for (const i of view.model.inputs) if (i.series >= 0) seen.add(i.series);
  return [...seen]
    .sort((a, b) => a - b)
    .map((s) => defaultSnapshot(view, s))
    .filter((s) => s >= 0);
}

/** Whether a snapshot gets a leak report (time profiles are weights, not goroutines). */
export function reportable(s: Snapshot): boolean {
  return s.kind !== 'time-profile';
}

export function analyze(view: ModelView, opts: AnalyzeOptions = {}): Analysis {
  const t: Record<string, number> = {};
  const time = <T>(name: string, f: () => T): T => {
    const t0 = performance.now();
    const v = f();
    t[name] = Math.round((performance.now() - t0) * 10) / 10;
    return v;
  };
  const m = view.model;
  const parkByStack = opts.parkByStack ?? time('parkSites', () => parkSitesByStack(view));
  const groups = opts.groups ?? time('group', () => groupGoroutines(view, { level: opts.level ?? 'exact', parkByStack }));
  const classes = time('classify', () => classifyGroups(view, groups));
  let current = opts.snapshot ?? defaultSnapshot(view);
  if (current >= m.snapshots.length || (current >= 0 && !reportable(m.snapshots[current]))) current = -1;
  const snap = current >= 0 ? m.snapshots[current] : null;
  const dumps = snap !== null && snap.kind !== 'trace-end';
  const series = dumps ? seriesOf(view, current) : current >= 0 ? [current] : [];
  const diff = series.length > 1 ? time('diff', () => diffSnapshots(view, groups, series)) : null;
  let carry: LeakCarry | null = null;
  if (snap?.kind === 'traceback') {
    const sources = leakSourceSnapshots(view).filter((s) => s !== current && m.inputs[m.snapshots[s].input].series === m.inputs[snap.input].series);
    if (sources.length) carry = time('leakCarry', () => carryLeakMarks(view, current, sources));
  }
  const report = time('report', () => buildReport({ view, groups, classes, current, series, diff, carry }));
  const creators = dumps ? time('creators', () => creatorTree(view, groups, current, creatorIndex(view, current))) : null;
  const patternIndex = new Map(PATTERN_ORDER.map((p, i) => [p, i]));
  const pattern = new Uint8Array(groups.count);
  for (let i = 0; i < groups.count; i++) pattern[i] = patternIndex.get(classes[i].pattern)!;
  return {
    version: 1,
    currentSnapshot: current,
    report,
    groups: { ...groups, waitBuckets: [...WAIT_BUCKET_LABELS], pattern, patterns: [...PATTERN_ORDER] },
    diff,
    creators,
    timingsMs: t,
  };
}

