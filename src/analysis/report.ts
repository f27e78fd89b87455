/**
 * The leak report — the first thing a user sees. Suspects ordered by evidence:
 *   tier 0  proven: goroutines the runtime marked leaked (goroutineleak profile, `(leaked)`),
 *           directly or carried over from a leak profile loaded with the dump;
 *   tier 1  time: groups that grew between snapshots, goroutines whose ids persist across
 *           snapshots; for traces, goroutines blocked for most of the trace (or `forever`);
 *   tier 2  a blocking leak pattern (channel, select, sync) seen once;
 *   tier 3  weak patterns (IO wait, sleep, syscalls, reasons the input hides).
 * Within a tier: growth, then goroutines × (1 + longest wait in minutes). Background goroutines
 * are listed apart; running/transient ones are only counted. Pure; plain data.
 */
import type { ModelView } from '../model/read';
import { GO_STATES, TraceGFlag, goroutineCreatorGoid } from '../model/trace';
import type { Groups } from './group';
import { groupRowsIn } from './group';
import { classifyGoroutine, classifyTraceGoroutine, type Classification, type Confidence } from './classify';
import { PATTERNS, type PatternId, type PatternKind } from './patterns';
import { parkSiteIndex } from './park-site';
import { frameKindOf } from './stack-info';
import { creatorIndex, groupCreatorChains, groupCreators, type CreatorIndex, type CreatorSummary } from './creators';
import type { LeakCarry } from './leak-match';
import type { SnapshotDiff } from './diff';

export interface StackDisplay {
  stack: number;
  /** innermost first */
  frames: number[];
  funcs: string[];
  files: string[];
  lines: number[];
  /** FrameKind per frame: 0 user (highlight), 1 standard library, 2 runtime (fold) */
  kinds: number[];
  /** index of the park-site frame in `frames`, -1 */
  parkIndex: number;
}

export interface ParkSiteRef {
  func: string;
  file: string;
  line: number;
  frame: number;
}

export interface LockHolder {
  row: number;
  goid: number;
  state: string;
  /** the frame inside the locking function */
  func: string;
  file: string;
  line: number;
}

export interface Suspect {
  /** 'dump' suspects are model goroutine groups; 'trace' suspects are goroutines of model.traces[trace] */
  source: 'dump' | 'trace';
  /** group index (dump), -1 for traces */
  group: number;
  snapshot: number;
  trace: number;
  pattern: PatternId;
  kind: PatternKind;
  title: string;
  confidence: Confidence;
  detail: string | null;
  fix: string;
  state: string;
  parkSite: ParkSiteRef | null;
  count: number;
  /** growth against the first snapshot of the series (null: one snapshot only) */
  growth: { first: number; delta: number; perMinute: number | null; counts: number[] } | null;
  persisting: number;
  /** goroutines proven leaked: marked by the runtime, and how many of those carried from a leak profile */
  leaked: number;
  leakedCarried: number;
  /** wait minutes (dumps) or blocked time (traces) */
  wait: { minMinutes: number; maxMinutes: number; histogram: number[] } | null;
  blocked: { minNs: number; maxNs: number; fractionOfTrace: number; wholeTrace: number } | null;
  creators: CreatorSummary[];
  creatorChains: { funcs: string[]; goids: number[]; count: number }[];
  labels: { key: string; value: string; count: number }[];
  stack: StackDisplay | null;
  /** goroutine rows of this suspect: model rows (dump) or trace goroutine rows (trace) */
  rows: Int32Array;
  /** for mutex/once: goroutines inside the locking function but not waiting at the lock */
  holders: LockHolder[] | null;
  holderNote: string | null;
  evidence: string[];
  tier: number;
  score: number;
}

export interface BackgroundEntry {
  source: 'dump' | 'trace';
  group: number;
  trace: number;
  what: string;
  state: string;
  parkSite: string | null;
  count: number;
  rows: Int32Array;
}

export interface LeakReport {
  /** the snapshot the report describes (-1: traces only) */
  snapshot: number;
  snapshotLabel: string;
  file: string;
  goVersion: string | null;
  /** earlier snapshots compared with it */
  series: number[];
  goroutines: number;
  suspects: Suspect[];
  background: BackgroundEntry[];
  /** goroutines not blocked (running/runnable) and in transient runtime states */
  busy: number;
  transient: number;
  /** leak proof carried over from goroutineleak profiles */
  leakCarry: { sources: number[]; carried: number; sourceLeaked: number; unmatched: number } | null;
  notes: string[];
}

export interface ReportInput {
  view: ModelView;
  groups: Groups;
  /** classification per group */
  classes: Classification[];
  current: number;
  series: number[];
  diff: SnapshotDiff | null;
  carry: LeakCarry | null;
}

/** Classification of every group (from its state and representative stack). */
export function classifyGroups(view: ModelView, groups: Groups): Classification[] {
  const m = view.model;
  const out: Classification[] = new Array(groups.count);
  const stateful = m.snapshots.map((s) => s.hasStates);
  for (let gi = 0; gi < groups.count; gi++) {
    const r = groups.rows[groups.rowOffsets[gi]];
    const funcs = groups.stack[gi] >= 0 ? view.stackFrames(groups.stack[gi]).map((f) => view.frameFunc(f)) : [];
    const cb = m.goroutines.createdBy[r];
    const state = stateful[m.goroutines.snapshot[r]] ? view.str(groups.state[gi]) : null;
    out[gi] = classifyGoroutine(state, funcs, cb >= 0 ? view.frameFunc(cb) : '');
  }
  return out;
}

export function stackDisplay(view: ModelView, stack: number): StackDisplay | null {
  if (stack < 0) return null;
  const frames = view.stackFrames(stack);
  const funcs = frames.map((f) => view.frameFunc(f));
  return {
    stack,
    frames,
    funcs,
    files: frames.map((f) => view.frameFile(f)),
    lines: frames.map((f) => view.frameLine(f)),
    kinds: funcs.map(frameKindOf),
    parkIndex: parkSiteIndex(funcs),
  };
}

function parkRef(view: ModelView, frame: number): ParkSiteRef | null {
  if (frame < 0) return null;
  return { func: view.frameFunc(frame), file: view.frameFile(frame), line: view.frameLine(frame), frame };
}

const MUTEX_LIKE = new Set<PatternId>(['mutex', 'once']);

/**
 * Possible lock holders for a mutex-blocked group: goroutines of the same snapshot whose stack
 * passes through the function that called Lock (the park site) at another line — they are inside
 * that function, before or past the Lock call, so possibly inside the critical section. This can
 * neither see holders that took the lock in another function nor holders that returned without
 * unlocking, and says so.
 */
function lockHolders(view: ModelView, groups: Groups, classes: Classification[], gi: number, snapshot: number): { holders: LockHolder[]; note: string } {
  const pf = groups.parkFrame[gi];
  if (pf < 0) return { holders: [], note: 'no park-site frame to look for' };
  const m = view.model;
  const lockFunc = m.frames.func[pf];
  const lockLine = m.frames.line[pf];
  const holders: LockHolder[] = [];
  const S = groups.snapshots;
  for (let other = 0; other < groups.count && holders.length < 20; other++) {
    if (other === gi || groups.bySnapshot[other * S + snapshot] === 0) continue;
    const st = groups.stack[other];
    if (st < 0) continue;
    let hit = -1;
    for (const f of view.stackFrames(st)) {
      if (m.frames.func[f] === lockFunc && !(m.frames.line[f] === lockLine && MUTEX_LIKE.has(classes[other].pattern))) {
        hit = f;
        break;
      }
    }
    if (hit < 0) continue;
    for (const r of groupRowsIn(view, groups, other, snapshot)) {
      if (holders.length >= 20) break;
      holders.push({ row: r, goid: m.goroutines.goid[r], state: view.str(m.goroutines.state[r]), func: view.frameFunc(hit), file: view.frameFile(hit), line: view.frameLine(hit) });
    }
  }
  const fn = view.str(lockFunc);
  const note = holders.length
    ? `${holders.length === 1 ? 'one goroutine is' : `${holders.length} goroutines are`} inside ${fn} but not waiting at its Lock call: possibly holding the lock (check what ${holders.length === 1 ? 'it waits' : 'they wait'} for)`
    : `no other goroutine in this snapshot is inside ${fn}: the lock was taken elsewhere, or its holder returned without Unlock`;
  return { holders, note };
}

function labelsOf(view: ModelView, rows: ArrayLike<number>): { key: string; value: string; count: number }[] {
  const g = view.model.goroutines;
  const bySet = new Map<number, number>();
  for (let i = 0; i < rows.length; i++) {
    const ls = g.labels[rows[i]];
    if (ls > 0) bySet.set(ls, (bySet.get(ls) ?? 0) + g.weight[rows[i]]);
  }
  const pairs = new Map<string, { key: string; value: string; count: number }>();
  for (const [ls, n] of bySet) {
    for (const [k, v] of view.labels(ls)) {
      const id = `${k}\u0000${v}`;
      const e = pairs.get(id);
      if (e) e.count += n;
      else pairs.set(id, { key: k, value: v, count: n });
    }
  }
  return [...pairs.values()].sort((a, b) => b.count - a.count || (a.key < b.key ? -1 : 1)).slice(0, 10);
}

export function buildReport(inp: ReportInput): LeakReport {
  const { view, groups, classes, current, series, diff, carry } = inp;
  const m = view.model;
  const g = m.goroutines;
  const suspects: Suspect[] = [];
  const background: BackgroundEntry[] = [];
  const notes: string[] = [];
  let busy = 0;
  let transient = 0;
  let goroutines = 0;
  const S = groups.snapshots;
  let cidx: CreatorIndex | null = null;

  if (current >= 0) {
    const snap = m.snapshots[current];
    cidx = creatorIndex(view, current);
    if (!snap.hasStates) notes.push('This input has no goroutine states: patterns are inferred from the stacks.');
    if (m.inputs[snap.input]?.format === 'goroutine-profile-text')
      notes.push('debug=1 profiles hide the runtime frames at the top of each stack: channel operations, selects and running goroutines cannot be told apart there (pattern "reason hidden").');
    for (let gi = 0; gi < groups.count; gi++) {
      const count = groups.bySnapshot[gi * S + current];
      if (count === 0) continue;
      goroutines += count;
      const c = classes[gi];
      const info = PATTERNS[c.pattern];
      const rows = groupRowsIn(view, groups, gi, current);
      const pf = groups.parkFrame[gi];
      const state = snap.hasStates ? view.str(groups.state[gi]) : '';
      if (info.kind === 'background') {
        background.push({ source: 'dump', group: gi, trace: -1, what: c.detail ?? 'background', state, parkSite: pf >= 0 ? view.frameFunc(pf) : null, count, rows: rows.slice() });
        continue;
      }
      if (info.kind === 'not-leak') {
        if (c.pattern === 'busy') busy += count;
        else transient += count;
        continue;
      }
      let leaked = 0;
      let leakedCarried = 0;
      for (const r of rows) {
        const w = g.weight[r];
        if (g.flags[r] & 2 /* GFlag.Leaked */) leaked += w;
        else if (carry && carry.target === current && carry.carried[r - snap.rowStart]) {
          leaked += w;
          leakedCarried += w;
        }
      }
      let growth: Suspect['growth'] = null;
      if (series.length > 1) {
        const counts = series.map((s) => groups.bySnapshot[gi * S + s]);
        const delta = counts[counts.length - 1] - counts[0];
        growth = { first: counts[0], delta, perMinute: diff?.minutes ? delta / diff.minutes : null, counts };
      }
      const persisting = diff ? diff.persistingByGroup[gi] : 0;
      const wmin = groups.waitMin[gi];
      const wmax = groups.waitMax[gi];
      const wait = wmax >= 0 ? { minMinutes: wmin, maxMinutes: wmax, histogram: Array.from(groups.waitHist.subarray(gi * 7, gi * 7 + 7)) } : null;
      const evidence: string[] = [];
      if (leaked > 0) evidence.push(leakedCarried ? `${leaked} proven leaked by the runtime (${leakedCarried} matched from a goroutineleak profile)` : `${leaked} marked (leaked) by the runtime`);
      if (growth && growth.delta > 0) evidence.push(`grew by ${growth.delta} (${growth.counts.join(' → ')})${growth.perMinute !== null ? `, ${round(growth.perMinute)}/min` : ''}`);
      if (persisting > 0) evidence.push(`${persisting} goroutine${persisting === 1 ? '' : 's'} present in an earlier snapshot (same ids)`);
      if (wait) evidence.push(`waiting ${wmin === wmax ? `${wmax}` : `${wmin}–${wmax}`} minutes`);
      evidence.push(`${PATTERNS[c.pattern].title}${c.confidence === 'inferred' ? ' (inferred from stack)' : c.confidence === 'stack' ? ' (from the stack)' : ''}`);
      const tier = leaked > 0 ? 0 : (growth && growth.delta > 0) || persisting > 0 ? 1 : info.kind === 'leak' ? 2 : 3;
      const score = (growth && growth.delta > 0 ? growth.delta * 1e6 : 0) + count * (1 + Math.max(0, wmax));
      let holders: LockHolder[] | null = null;
      let holderNote: string | null = null;
      if (MUTEX_LIKE.has(c.pattern) && snap.kind === 'traceback') {
        const h = lockHolders(view, groups, classes, gi, current);
        holders = h.holders;
        holderNote = h.note;
      }
      suspects.push({
        source: 'dump',
        group: gi,
        snapshot: current,
        trace: -1,
        pattern: c.pattern,
        kind: info.kind,
        title: info.title,
        confidence: c.confidence,
        detail: c.detail,
        fix: info.fix,
        state,
        parkSite: parkRef(view, pf),
        count,
        growth,
        persisting,
        leaked,
        leakedCarried,
        wait,
        blocked: null,
        creators: groupCreators(view, groups, gi, current).slice(0, 5),
        creatorChains: groupCreatorChains(view, groups, gi, cidx, 3).map((cc) => ({ funcs: cc.chain.map((s) => s.func), goids: cc.chain.map((s) => s.goid), count: cc.count })),
        labels: labelsOf(view, rows),
        stack: stackDisplay(view, groups.stack[gi]),
        rows: rows.slice(),
        holders,
        holderNote,
        evidence,
        tier,
        score,
      });
    }
  }

  m.traces.forEach((t, ti) => traceSuspects(view, ti, t, suspects, background, notes, (n, kind) => (kind === 'busy' ? (busy += n) : (transient += n))));

  suspects.sort(
    (a, b) =>
      a.tier - b.tier ||
      b.leaked - a.leaked ||
      b.score - a.score ||
      b.count - a.count ||
      cmp(a.parkSite?.func ?? '', b.parkSite?.func ?? '') ||
      a.group - b.group,
  );
  background.sort((a, b) => b.count - a.count || cmp(a.what, b.what));
  const snap = current >= 0 ? m.snapshots[current] : null;
  if (carry && carry.sources.length) {
    notes.push(
      `Leak proof carried over from ${carry.sources.length} goroutineleak snapshot${carry.sources.length === 1 ? '' : 's'}: ${carry.carriedCount} goroutine${carry.carriedCount === 1 ? '' : 's'} of this dump match a leaked stack` +
        (carry.unmatched ? `; ${carry.unmatched} leaked goroutine${carry.unmatched === 1 ? '' : 's'} of the profile match nothing here (another moment or another process?)` : '') +
        '.',
    );
  }
  return {
    snapshot: current,
    snapshotLabel: snap?.label ?? '',
    file: snap ? (m.inputs[snap.input]?.file ?? '') : (m.inputs.find((i) => i.trace >= 0)?.file ?? ''),
    goVersion: snap?.goVersion ?? m.inputs.find((i) => i.goVersion)?.goVersion ?? null,
    series,
    goroutines,
    suspects,
    background,
    busy,
    transient,
    leakCarry: carry ? { sources: carry.sources, carried: carry.carriedCount, sourceLeaked: carry.sourceLeaked, unmatched: carry.unmatched } : null,
    notes,
  };
}

type TraceModelT = ModelView['model']['traces'][number];

/** Trace suspects: goroutines alive at the end of the trace, grouped by (state, reason, park stack). */
function traceSuspects(
  view: ModelView,
  ti: number,
  t: TraceModelT,
  suspects: Suspect[],
  background: BackgroundEntry[],
  notes: string[],
  count: (n: number, kind: 'busy' | 'transient') => void,
): void {
  const tg = t.goroutines;
  const dur = t.durationNs > 0 ? t.durationNs : 1;
  const byKey = new Map<string, number[]>();
  for (let r = 0; r < tg.count; r++) {
    const st = tg.lastState[r];
    if (st === 1 /* NotExist */) continue;
    const key = `${st}|${tg.lastReason[r]}|${tg.lastStack[r]}`;
    const list = byKey.get(key);
    if (list) list.push(r);
    else byKey.set(key, [r]);
  }
  if (t.incomplete) notes.push(`Trace ${view.model.inputs.find((i) => i.trace === ti)?.file ?? ti}: the trace ended early; goroutines "alive at end" are those alive when it stopped.`);
  for (const rows of byKey.values()) {
    const r0 = rows[0];
    const state = GO_STATES[tg.lastState[r0]] ?? 'Undetermined';
    const reason = view.str(tg.lastReason[r0]);
    const stack = tg.lastStack[r0];
    const funcs = stack >= 0 ? view.stackFrames(stack).map((f) => view.frameFunc(f)) : [];
    const c = classifyTraceGoroutine(state, reason, funcs, view.str(tg.startFunc[r0]));
    const info = PATTERNS[c.pattern];
    const disp = stackDisplay(view, stack);
    const pf = disp && disp.parkIndex >= 0 ? disp.frames[disp.parkIndex] : -1;
    const rowsArr = Int32Array.from(rows);
    if (info.kind === 'background') {
      background.push({ source: 'trace', group: -1, trace: ti, what: c.detail ?? 'background', state: reason ? `${state}: ${reason}` : state, parkSite: pf >= 0 ? view.frameFunc(pf) : null, count: rows.length, rows: rowsArr });
      continue;
    }
    if (info.kind === 'not-leak') {
      count(rows.length, c.pattern === 'busy' ? 'busy' : 'transient');
      continue;
    }
    let minNs = Infinity;
    let maxNs = 0;
    let whole = 0;
    for (const r of rows) {
      const since = tg.lastChangeNs[r] < 0 ? 0 : tg.lastChangeNs[r];
      const blockedNs = t.durationNs - since;
      minNs = Math.min(minNs, blockedNs);
      maxNs = Math.max(maxNs, blockedNs);
      if (tg.flags[r] & TraceGFlag.PreExisting && tg.starts[r] === 0 && tg.blocks[r] === 0) whole++;
    }
    const fraction = maxNs / dur;
    const forever = reason === 'forever';
    const evidence: string[] = [];
    evidence.push(`${rows.length} blocked at the end of the trace, never unblocked since (${fmtNs(minNs)}${minNs !== maxNs ? `–${fmtNs(maxNs)}` : ''}, ${Math.round(fraction * 100)}% of the trace)`);
    if (whole) evidence.push(`${whole} blocked for the whole trace (never ran)`);
    if (forever) evidence.push('trace reason "forever": blocked permanently by construction');
    evidence.push(info.title + (reason ? ` (trace reason "${reason}")` : ''));
    const tier = forever || whole > 0 || fraction >= 0.5 ? (info.kind === 'leak' ? 1 : 3) : info.kind === 'leak' ? 2 : 3;
    suspects.push({
      source: 'trace',
      group: -1,
      snapshot: -1,
      trace: ti,
      pattern: c.pattern,
      kind: info.kind,
      title: info.title,
      confidence: c.confidence,
      detail: c.detail,
      fix: info.fix,
      state: reason ? `${state}: ${reason}` : state,
      parkSite: parkRef(view, pf),
      count: rows.length,
      growth: null,
      persisting: 0,
      leaked: 0,
      leakedCarried: 0,
      wait: null,
      blocked: { minNs, maxNs, fractionOfTrace: fraction, wholeTrace: whole },
      creators: traceCreators(view, t, rows),
      creatorChains: [],
      labels: [],
      stack: disp,
      rows: rowsArr,
      holders: null,
      holderNote: null,
      evidence,
      tier,
      score: rows.length * (1 + maxNs / 60e9),
    });
  }
}

function traceCreators(view: ModelView, t: TraceModelT, rows: number[]): CreatorSummary[] {
  const tg = t.goroutines;
  const by = new Map<number, { count: number; goids: Set<number>; frame: number }>();
  for (const r of rows) {
    const cs = tg.createStack[r];
    // the creation stack's innermost frame is the `go` statement's function
    const frame = cs >= 0 ? view.model.stacks.frame[cs] : -1;
    if (frame < 0) continue;
    const fn = view.model.frames.func[frame];
    let e = by.get(fn);
    if (!e) by.set(fn, (e = { count: 0, goids: new Set(), frame }));
    e.count++;
    const cg = goroutineCreatorGoid(t, r);
    if (cg >= 0) e.goids.add(cg);
  }
  return [...by.values()]
    .map((e) => ({ func: view.frameFunc(e.frame), file: view.frameFile(e.frame), line: view.frameLine(e.frame), count: e.count, goids: [...e.goids].slice(0, 20), distinctGoids: e.goids.size }))
    .sort((a, b) => b.count - a.count)
    .slice(0, 5);
}

export function fmtNs(ns: number): string {
  if (!Number.isFinite(ns)) return '?';
  if (ns >= 60e9) return `${round(ns / 60e9)} min`;
  if (ns >= 1e9) return `${round(ns / 1e9)} s`;
  if (ns >= 1e6) return `${round(ns / 1e6)} ms`;
  if (ns >= 1e3) return `${round(ns / 1e3)} µs`;
  return `${Math.round(ns)} ns`;
}

function round(x: number): number {
  return Math.abs(x) >= 10 ? Math.round(x) : Math.round(x * 10) / 10;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
