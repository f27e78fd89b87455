/**
 * The leak report — the first thing a user sees. Suspects ordered by evidence, in named tiers
 * (ranking.ts: each with its own sort key, kept in the suspect):
 *   0    proven leaked: goroutines the runtime marked leaked (goroutineleak profile, `(leaked)`),
 *        directly or carried over from a leak profile loaded with the dump;
 *   1    grew / persisted: groups that grew between snapshots, goroutines whose ids persist;
 *        for traces, blocked through the trace: most of it, all of it, or `forever`;
 *   1.3  blocked on each other: a deadlock cycle, a WaitGroup and its blocked workers, a send
 *        and a receive in one function or on one address, a lock whose holder is blocked
 *        (the wait-for analysis, waitfor.ts);
 *   1.4  the test is blocked: the goroutine running a test;   1.6  blocked forever: nil
 *        channels, select {};
 *   2    blocked longest: a blocking leak pattern (channel, select, sync) seen once;
 *   2.5  idle loops: library selects and receives (classify.ts libraryIdleLoop);
 *   3    other waits: weak patterns (IO wait, sleep, syscalls, reasons the input hides).
 * Background goroutines are listed apart; running/transient ones are only counted. Pure; plain data.
 */
import type { ModelView } from '../model/read';
import { GFlag } from '../model/model';
import { GO_STATES, GoState, TraceGFlag, goroutineCreatorGoid } from '../model/trace';
import { formatDuration } from './units';
import type { Groups } from './group';
import { groupRowsIn, WAIT_BUCKET_LOWER } from './group';
import { classifyGoroutine, classifyTraceGoroutine, type Classification, type Confidence } from './classify';
import { PATTERNS, type PatternId, type PatternKind } from './patterns';
import { parkSiteIndex } from './park-site';
import { frameKindOf } from './stack-info';
import { creatorIndex, groupCreatorChains, groupCreators, type CreatorSummary } from './creators';
import type { LeakCarry } from './leak-match';
import type { SnapshotDiff } from './diff';
import { placeSuspect, rankDumpSuspects, rankSuspects, tiersOf, type EvidenceItem, type SortKey, type TierId, type TierInfo } from './ranking';
import { waitFor, type WaitForResult } from './waitfor';

export { rankSuspects };

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

/** What every suspect has: a group of goroutines blocked alike, its pattern, evidence and rank. */
interface SuspectCommon {
  /** the snapshot whose goroutine rows `rows` are (a dump snapshot, or a trace's trace-end snapshot) */
  snapshot: number;
  pattern: PatternId;
  kind: PatternKind;
  title: string;
  confidence: Confidence;
  detail: string | null;
  fix: string;
  state: string;
  parkSite: ParkSiteRef | null;
  count: number;
  creators: CreatorSummary[];
  labels: { key: string; value: string; count: number }[];
  stack: StackDisplay | null;
  /** the suspect's goroutines: model rows of `snapshot`, always */
  rows: Int32Array;
  /** the evidence as short texts (`evidenceItems[i].text`) */
  evidence: string[];
  /** the evidence with a longer explanation each (for a tooltip); the pattern's item last */
  evidenceItems: EvidenceItem[];
  /** the tier's place in the order (0 first; ranking.ts TIERS), its id and its name (a section title) */
  tier: number;
  tierId: TierId;
  tierName: string;
  /** what the suspect is sorted by within its tier, with its value */
  sortKey: SortKey;
  /** a library's idle loop (vendored or third-party select / receive with none of the program's frames) */
  idleLoop: { module: string; text: string; explanation: string } | null;
  score: number;
}

/** A group of goroutines of a dump or profile snapshot (`group` indexes the analysis' groups). */
export interface DumpSuspect extends SuspectCommon {
  source: 'dump';
  group: number;
  /** growth against the first snapshot of the series (null: one snapshot only) */
  growth: { first: number; delta: number; perMinute: number | null; counts: number[] } | null;
  persisting: number;
  /** goroutines proven leaked: marked by the runtime, and how many of those carried from a leak profile */
  leaked: number;
  leakedCarried: number;
  /** wait minutes printed in the headers (null: none printed) */
  wait: { minMinutes: number; maxMinutes: number; histogram: number[] } | null;
  creatorChains: { funcs: string[]; goids: number[]; count: number }[];
  /** for mutex/once: goroutines inside the locking function but not waiting at the lock */
  holders: LockHolder[] | null;
  holderNote: string | null;
  /** its goroutines in the wait-for analysis: the object groups they wait on (keys of `LeakReport.waitFor.groups`), how many are flagged stuck, the main group's verdict */
  waitFor: { groups: string[]; stuck: number; verdict: string | null } | null;
}

/** Goroutines of an execution trace alive at its end, alike in state, reason and park stack. */
export interface TraceSuspect extends SuspectCommon {
  source: 'trace';
  /** index into Model.traces */
  trace: number;
  blocked: { minNs: number; maxNs: number; fractionOfTrace: number; wholeTrace: number };
}

export type Suspect = DumpSuspect | TraceSuspect;

export interface BackgroundEntry {
  source: 'dump' | 'trace';
  what: string;
  state: string;
  parkSite: string | null;
  count: number;
  /** model rows */
  rows: Int32Array;
}

export interface LeakReport {
  /** what the report is about: a dump series (at `snapshot`), one trace, or nothing to report on */
  subject: 'dumps' | 'trace' | 'none';
  /** the snapshot the report describes (a trace's trace-end snapshot for traces; -1: none) */
  snapshot: number;
  snapshotLabel: string;
  file: string;
  goVersion: string | null;
  /** snapshots of the series compared, in order, ending at `snapshot` */
  series: number[];
  /** goroutine stacks in the snapshot as printed, per-thread g0 stacks included (the summary's count) */
  goroutines: number;
  /** of those, per-thread `goroutine 0` stacks (crash dumps): not goroutines, never grouped */
  g0: number;
  suspects: Suspect[];
  background: BackgroundEntry[];
  /** goroutines not blocked (running/runnable) and in transient runtime states */
  busy: number;
  transient: number;
  /** leak proof carried over from goroutineleak profiles */
  leakCarry: { sources: number[]; carried: number; sourceLeaked: number; unmatched: number } | null;
  notes: string[];
  /** the tiers of `suspects`, in order, with their names (section titles), sort keys and counts */
  tiers: (TierInfo & { id: TierId; suspects: number })[];
  /** who waits for whom in the snapshot (traceback dumps; null otherwise) */
  waitFor: WaitForResult | null;
}

export interface ReportInput {
  view: ModelView;
  groups: Groups;
  /** classification per group */
  classes: Classification[];
  /** the snapshot the report is about (-1: none) */
  current: number;
  /** snapshots of its series, in order, ending at `current` */
  series: number[];
  diff: SnapshotDiff | null;
  carry: LeakCarry | null;
}

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
const WAIT_BUCKETS = WAIT_BUCKET_LOWER.length;

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

/** What one subject's goroutines yield: ranked suspects, background goroutines apart, the rest counted. */
interface Findings {
  suspects: Suspect[];
  background: BackgroundEntry[];
  busy: number;
  transient: number;
  notes: string[];
  waitFor?: WaitForResult | null;
}

export function buildReport(inp: ReportInput): LeakReport {
  const { view, current } = inp;
  const m = view.model;
  const snap = current >= 0 ? m.snapshots[current] : null;
  const trace = snap?.kind === 'trace-end' ? m.inputs[snap.input].trace : -1;
  const found: Findings = trace >= 0 ? traceFindings(view, trace, current) : snap ? dumpFindings(inp) : { suspects: [], background: [], busy: 0, transient: 0, notes: [] };
  let g0 = 0;
  if (snap) for (let r = snap.rowStart; r < snap.rowEnd; r++) if (m.goroutines.flags[r] & GFlag.G0) g0++;
  const { carry } = inp;
  const suspects = rankSuspects(found.suspects);
  return {
    subject: trace >= 0 ? 'trace' : snap ? 'dumps' : 'none',
    snapshot: current,
    snapshotLabel: snap?.label ?? '',
    file: snap ? (m.inputs[snap.input]?.file ?? '') : '',
    goVersion: snap ? (snap.goVersion ?? m.inputs[snap.input]?.goVersion ?? null) : null,
    series: inp.series,
    // a trace by its summary's count: a trace reduced for a link (src/share) keeps that, not every row
    goroutines: trace >= 0 ? (m.traces[trace].summary?.goroutines ?? m.traces[trace].goroutines.count) : snap ? snapshotGoroutines(view, current) : 0,
    g0,
    suspects,
    background: found.background.sort((a, b) => b.count - a.count || cmp(a.what, b.what)),
    busy: found.busy,
    transient: found.transient,
    leakCarry: carry ? { sources: carry.sources, carried: carry.carriedCount, sourceLeaked: carry.sourceLeaked, unmatched: carry.unmatched } : null,
    notes: found.notes,
    tiers: tiersOf(suspects),
    waitFor: found.waitFor ?? null,
  };
}

/** Goroutines of a snapshot as the summary counts them: every block as printed (records by weight). */
function snapshotGoroutines(view: ModelView, snapshot: number): number {
  const { rowStart, rowEnd } = view.model.snapshots[snapshot];
  const w = view.model.goroutines.weight;
  let n = 0;
  for (let r = rowStart; r < rowEnd; r++) n += w[r];
  return n;
}

function dumpFindings(inp: ReportInput): Findings {
  const { view, groups, classes, current, series, diff, carry } = inp;
  const m = view.model;
  const g = m.goroutines;
  const snap = m.snapshots[current];
  const S = groups.snapshots;
  const out: Findings = { suspects: [], background: [], busy: 0, transient: 0, notes: [] };
  const cidx = creatorIndex(view, current);
  const items: EvidenceItem[][] = [];
  if (!snap.hasStates) out.notes.push('This input has no goroutine states: patterns are inferred from the stacks.');
  if (m.inputs[snap.input]?.format === 'goroutine-profile-text')
    out.notes.push('debug=1 profiles hide the runtime frames at the top of each stack: channel operations, selects and running goroutines cannot be told apart there (pattern "reason hidden").');
  if (carry && carry.sources.length) {
    out.notes.push(
      `Leak proof carried over from ${carry.sources.length} goroutineleak snapshot${carry.sources.length === 1 ? '' : 's'}: ${carry.carriedCount} goroutine${carry.carriedCount === 1 ? '' : 's'} of this dump match a leaked stack` +
        (carry.unmatched ? `; ${carry.unmatched} leaked goroutine${carry.unmatched === 1 ? '' : 's'} of the profile match nothing here (another moment or another process?)` : '') +
        '.',
    );
  }
  for (let gi = 0; gi < groups.count; gi++) {
    const count = groups.bySnapshot[gi * S + current];
    if (count === 0) continue;
    const c = classes[gi];
    const info = PATTERNS[c.pattern];
    const rows = groupRowsIn(view, groups, gi, current).slice();
    const pf = groups.parkFrame[gi];
    const state = snap.hasStates ? view.str(groups.state[gi]) : '';
    if (info.kind === 'background') {
      out.background.push({ source: 'dump', what: c.detail ?? 'background', state, parkSite: pf >= 0 ? view.frameFunc(pf) : null, count, rows });
      continue;
    }
    if (info.kind === 'not-leak') {
      if (c.pattern === 'busy') out.busy += count;
      else out.transient += count;
      continue;
    }
    let leaked = 0;
    let leakedCarried = 0;
    for (const r of rows) {
      const w = g.weight[r];
      if (g.flags[r] & GFlag.Leaked) leaked += w;
      else if (carry && carry.target === current && carry.carried[r - snap.rowStart]) {
        leaked += w;
        leakedCarried += w;
      }
    }
    let growth: DumpSuspect['growth'] = null;
    if (series.length > 1) {
      const counts = series.map((s) => groups.bySnapshot[gi * S + s]);
      const delta = counts[counts.length - 1] - counts[0];
      growth = { first: counts[0], delta, perMinute: diff?.minutes ? delta / diff.minutes : null, counts };
    }
    const persisting = diff ? diff.persistingByGroup[gi] : 0;
    const wmin = groups.waitMin[gi];
    const wmax = groups.waitMax[gi];
    const wait = wmax >= 0 ? { minMinutes: wmin, maxMinutes: wmax, histogram: Array.from(groups.waitHist.subarray(gi * WAIT_BUCKETS, (gi + 1) * WAIT_BUCKETS)) } : null;
    const ev: EvidenceItem[] = [];
    if (leaked > 0)
      ev.push({
        id: 'proven-leaked',
        text: leakedCarried ? `${leaked} proven leaked by the runtime (${leakedCarried} matched from a goroutineleak profile)` : `${leaked} marked (leaked) by the runtime`,
        explanation: leakedCarried
          ? 'A goroutineleak profile of this process proved goroutines with these stacks leaked (its leak-detecting GC found nothing that can wake them); they are matched to this dump by stack.'
          : 'The runtime’s leak-detecting GC (goroutineleak profile, Go 1.26+) found nothing reachable that can wake these goroutines and marked them ` (leaked)`.',
      });
    if (growth && growth.delta > 0)
      ev.push({
        id: 'grew',
        text: `grew by ${growth.delta} (${growth.counts.join(' → ')})${growth.perMinute !== null ? `, ${round(growth.perMinute)}/min` : ''}`,
        explanation: 'The same group (state and stack) holds more goroutines in the last snapshot of this process than in the first: a leak grows with time or load.',
      });
    if (persisting > 0)
      ev.push({
        id: 'persisted',
        text: `${persisting} goroutine${persisting === 1 ? '' : 's'} present in an earlier snapshot (same ids)`,
        explanation: 'Goroutine ids are never reused: an id seen in an earlier snapshot is the same goroutine, still waiting.',
      });
    if (wait)
      ev.push({
        id: 'waiting',
        text: `waiting ${wmin === wmax ? `${wmax}` : `${wmin}–${wmax}`} minutes`,
        explanation: 'The wait printed in the goroutine headers: a lower bound, counted from the first GC that saw it blocked (Go prints it only from 1 minute on).',
      });
    ev.push({
      id: 'pattern',
      text: `${PATTERNS[c.pattern].title}${c.confidence === 'inferred' ? ' (inferred from stack)' : c.confidence === 'stack' ? ' (from the stack)' : ''}`,
      explanation: PATTERNS[c.pattern].explanation,
    });
    items.push(ev);
    const score = (growth && growth.delta > 0 ? growth.delta * 1e6 : 0) + count * (1 + Math.max(0, wmax));
    const holder = MUTEX_LIKE.has(c.pattern) && snap.kind === 'traceback' ? lockHolders(view, groups, classes, gi, current) : null;
    out.suspects.push({
      source: 'dump',
      group: gi,
      snapshot: current,
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
      creators: groupCreators(view, groups, gi, current).slice(0, 5),
      creatorChains: groupCreatorChains(view, groups, gi, cidx, 3).map((cc) => ({ funcs: cc.chain.map((s) => s.func), goids: cc.chain.map((s) => s.goid), count: cc.count })),
      labels: labelsOf(view, rows),
      stack: stackDisplay(view, groups.stack[gi]),
      rows,
      holders: holder ? holder.holders : null,
      holderNote: holder ? holder.note : null,
      waitFor: null,
      evidence: ev.map((e) => e.text),
      evidenceItems: ev,
      // placed by rankDumpSuspects below
      tier: 0,
      tierId: 'longest',
      tierName: '',
      sortKey: { value: 0, then: 0, text: '', by: '' },
      idleLoop: null,
      score,
    });
  }
  // who waits for whom: evidence that ties suspects together, and the tiers
  const wf = snap.kind === 'traceback' ? waitFor(view, current, { earlier: series.slice(0, -1) }) : null;
  rankDumpSuspects(view, current, out.suspects as DumpSuspect[], items, wf);
  out.waitFor = wf;
  return out;
}

/** Trace suspects: goroutines alive at the end of the trace, grouped by (state, reason, park stack). */
function traceFindings(view: ModelView, ti: number, endSnapshot: number): Findings {
  const t = view.model.traces[ti];
  const tg = t.goroutines;
  const base = view.model.snapshots[endSnapshot].rowStart;
  const dur = t.durationNs > 0 ? t.durationNs : 1;
  const out: Findings = { suspects: [], background: [], busy: 0, transient: 0, notes: [] };
  const byKey = new Map<string, number[]>();
  for (let r = 0; r < tg.count; r++) {
    const st = tg.lastState[r];
    if (st === GoState.NotExist) continue;
    const key = `${st}|${tg.lastReason[r]}|${tg.lastStack[r]}`;
    const list = byKey.get(key);
    if (list) list.push(r);
    else byKey.set(key, [r]);
  }
  if (t.incomplete) out.notes.push('The trace ended early (a truncated file or a damaged generation): goroutines "alive at end" are those alive when it stopped.');
  let stackless = 0;
  for (const traceRows of byKey.values()) {
    const r0 = traceRows[0];
    const state = GO_STATES[tg.lastState[r0]] ?? 'Undetermined';
    const reason = view.str(tg.lastReason[r0]);
    const stack = tg.lastStack[r0];
    // a goroutine without a stack (it ended, or the trace never showed where it waits) names no park site: it is not a suspect
    if (stack < 0) {
      stackless += traceRows.length;
      continue;
    }
    const funcs = view.stackFrames(stack).map((f) => view.frameFunc(f));
    const c = classifyTraceGoroutine(state, reason, funcs, view.str(tg.startFunc[r0]));
    const info = PATTERNS[c.pattern];
    const disp = stackDisplay(view, stack);
    const pf = disp && disp.parkIndex >= 0 ? disp.frames[disp.parkIndex] : -1;
    const rows = Int32Array.from(traceRows, (r) => base + r);
    const shownState = reason ? `${state}: ${reason}` : state;
    if (info.kind === 'background') {
      out.background.push({ source: 'trace', what: c.detail ?? 'background', state: shownState, parkSite: pf >= 0 ? view.frameFunc(pf) : null, count: rows.length, rows });
      continue;
    }
    if (info.kind === 'not-leak') {
      if (c.pattern === 'busy') out.busy += rows.length;
      else out.transient += rows.length;
      continue;
    }
    let minNs = Infinity;
    let maxNs = 0;
    let whole = 0;
    for (const r of traceRows) {
      const since = tg.lastChangeNs[r] < 0 ? 0 : tg.lastChangeNs[r];
      const blockedNs = t.durationNs - since;
      minNs = Math.min(minNs, blockedNs);
      maxNs = Math.max(maxNs, blockedNs);
      if (tg.flags[r] & TraceGFlag.PreExisting && tg.starts[r] === 0 && tg.blocks[r] === 0) whole++;
    }
    const fraction = maxNs / dur;
    const forever = reason === 'forever';
    const ev: EvidenceItem[] = [];
    ev.push({
      id: 'trace-blocked',
      text: `${rows.length} blocked at the end of the trace, never unblocked since (${formatDuration(minNs)}${minNs !== maxNs ? `–${formatDuration(maxNs)}` : ''}, ${Math.round(fraction * 100)}% of the trace)`,
      explanation: 'Measured from the trace’s own events: how long these goroutines had been blocked when the trace ended, and what share of the trace that is.',
    });
    if (whole) ev.push({ id: 'trace-whole', text: `${whole} blocked for the whole trace (never ran)`, explanation: 'They were blocked when tracing started and never ran during it.' });
    if (forever) ev.push({ id: 'trace-forever', text: 'trace reason "forever": blocked permanently by construction', explanation: 'The runtime records "forever" for select {} and operations on nil channels: nothing can wake them.' });
    ev.push({ id: 'pattern', text: info.title + (reason ? ` (trace reason "${reason}")` : ''), explanation: info.explanation });
    const long = forever || whole > 0 || fraction >= 0.5;
    const tierId: TierId = info.kind === 'leak' ? (long ? 'trace' : 'longest') : 'other';
    out.suspects.push({
      source: 'trace',
      trace: ti,
      snapshot: endSnapshot,
      pattern: c.pattern,
      kind: info.kind,
      title: info.title,
      confidence: c.confidence,
      detail: c.detail,
      fix: info.fix,
      state: shownState,
      parkSite: parkRef(view, pf),
      count: rows.length,
      blocked: { minNs, maxNs, fractionOfTrace: fraction, wholeTrace: whole },
      creators: traceCreators(view, t, traceRows),
      labels: [],
      stack: disp,
      rows,
      evidence: ev.map((e) => e.text),
      evidenceItems: ev,
      tier: 0,
      tierId,
      tierName: '',
      sortKey: { value: 0, then: 0, text: '', by: '' },
      idleLoop: null,
      score: rows.length * (1 + maxNs / 60e9),
    });
    const placed = out.suspects[out.suspects.length - 1];
    placeSuspect(placed, tierId, tierId === 'other' ? { value: rows.length, then: maxNs, text: `${rows.length} goroutine${rows.length === 1 ? '' : 's'}` } : { value: maxNs, then: rows.length, text: `blocked ${formatDuration(maxNs)}, ${rows.length} goroutine${rows.length === 1 ? '' : 's'}` });
  }
  if (stackless)
    out.notes.push(`${stackless} goroutine${stackless === 1 ? ' is' : 's are'} alive at the end without a stack in the trace (the trace never showed where ${stackless === 1 ? 'it waits' : 'they wait'}): not suspects.`);
  return out;
}

type TraceModelT = ModelView['model']['traces'][number];

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

function round(x: number): number {
  return Math.abs(x) >= 10 ? Math.round(x) : Math.round(x * 10) / 10;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
