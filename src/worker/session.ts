/**
 * The worker's state and every question the page may ask (api.ts), without comlink, so it runs
 * and is tested in Node too. A Session keeps one ModelBuilder; each finished load is frozen once
 * (typed columns shared, not copied) into the model the answers are computed from, with the
 * caches the answers reuse (park sites, groups and analyses per level and snapshot, filter
 * texts). A load in progress never changes what answers see: they read the last frozen model.
 */
import { ModelBuilder, FrameFlag, GFlag } from '../model/model';
import { ModelView } from '../model/read';
import type { SchedSnapshot } from '../model/sched';
import { loadSources, type LoadProgress, type LoadSource } from '../formats/load';
import { ParseCancelled } from '../formats/types';
import { summarize, type Summary } from '../analysis/summary';
import { parkSitesByStack } from '../analysis/park-site';
import { groupGoroutines, type GroupLevel, type Groups } from '../analysis/group';
import { analyze, defaultSnapshot, type Analysis } from '../analysis/index';
import { reportToJson, reportToMarkdown } from '../analysis/export';
import { FilterCache, filterRows, snapshotChoices, sortRows, traceEndGroups, type RowFilter, type SortSpec } from '../analysis/filter';
import { sameProcess, seriesList } from '../analysis/series';
import { frameKindOf } from '../analysis/stack-info';
import { goroutineLife } from '../analysis/trace-life';
import { GO_STATES } from '../model/trace';
import { buildFlameTree, rowPatterns, type FlameTree } from '../analysis/flame';
import { distinctRowsUnder, nodeAtPath } from '../analysis/flame-path';
import { countsAt, stateDistribution, stateFlow, type StateFlow } from '../analysis/stateflow';
import { LINK_BUDGET, makeSnapshot } from '../share/share';
import type { TimelineGroupBy, TimelineSort } from '../analysis/timeline';
import { TimelineQueries } from './timeline-session';
import { ResourceQueries } from './timeline-resources-session';
import {
  HEAD_ROWS,
  READ_CHUNK,
  WAIT_GROUPS_SHOWN,
  type ChoicesData,
  type CreatorTreeDisplay,
  type ExportFormat,
  type FilterSpec,
  type FlameRef,
  type FlameReply,
  type FlameRequest,
  type FrameDisplay,
  type GoroutineInfo,
  type LoadFile,
  type LoadReply,
  type Placed,
  type Placement,
  type ReportData,
  type Reply,
  type RowDisplay,
  type RowsReply,
  type SnapshotInfo,
  type SnapshotReply,
  type SnapshotRequest,
  type SeriesTimeline,
  type TimelineLayout,
  type TimelineMatches,
  type ResourceKind,
  type TimelineResourceHit,
  type TimelineResourceLayout,
  type TimelineResourceRequest,
  type TimelineResources,
  type TimelineOverview,
  type TimelineSegment,
  type TimelineWindow,
  type TimelineWindowRequest,
  type StateFlowData,
  type TraceInfo,
  type Workspace,
} from './api';

/** What answers are computed from: the model as of the last finished load, and its caches. */
interface Frozen {
  generation: number;
  view: ModelView;
  parkByStack: Int32Array;
  summary: Summary;
  filterCache: FilterCache;
  groups: Map<GroupLevel, Groups>;
  analyses: Map<string, Analysis>;
}

export class Session {
  private builder = new ModelBuilder();
  private frozen: Frozen;
  private generation = 0;
  private loading = false;
  private cancelRequested = false;
  /** the state-flow counts last asked for (analysis/stateflow.ts), by generation, input, range and bins */
  private lastFlow: { key: string; flow: StateFlow } | null = null;

  constructor() {
    this.frozen = this.freeze();
  }

  private freeze(): Frozen {
    const view = new ModelView(this.builder.freeze());
    const parkByStack = parkSitesByStack(view);
    return { generation: ++this.generation, view, parkByStack, summary: summarize(view, parkByStack), filterCache: new FilterCache(view), groups: new Map(), analyses: new Map() };
  }

  /** The model answers are computed from (tests and benchmarks read it). */
  get view(): ModelView {
    return this.frozen.view;
  }

  get currentGeneration(): number {
    return this.frozen.generation;
  }

  async load(files: LoadFile[], placement: Placement, onProgress?: (p: LoadProgress) => void): Promise<LoadReply> {
    if (this.loading) throw new Error('a load is already running: wait for it or cancel it');
    this.loading = true;
    this.cancelRequested = false;
    const t0 = performance.now();
    const replace = placement.mode === 'replace';
    const builder = replace ? new ModelBuilder() : this.builder;
    const before = builder.inputs.length;
    try {
      const outcomes = await loadSources(builder, files.map(blobSource), {
        onProgress,
        checkCancelled: () => {
          if (this.cancelRequested) throw new ParseCancelled();
        },
      });
      const loadedAny = outcomes.some((o) => !o.error);
      if (replace && !loadedAny) return { workspace: this.workspace(-1), outcomes, cancelled: false, placed: null, parseMs: performance.now() - t0 };
      if (replace) this.builder = builder;
      const batch: number[] = [];
      for (let i = before; i < builder.inputs.length; i++) batch.push(i);
      this.frozen = this.freeze();
      const placed = this.placeBatch(batch, replace ? 'replaced' : placement);
      return { workspace: this.workspace(this.suggestedSnapshot(batch)), outcomes, cancelled: false, placed, parseMs: performance.now() - t0 };
    } catch (e) {
      if (e instanceof ParseCancelled) return { workspace: this.workspace(-1), outcomes: [], cancelled: true, placed: null, parseMs: performance.now() - t0 };
      throw e;
    } finally {
      this.loading = false;
    }
  }

  cancel(): void {
    if (this.loading) this.cancelRequested = true;
  }

  clear(): Workspace {
    if (this.loading) throw new Error('a load is running: cancel it first');
    this.builder = new ModelBuilder();
    this.frozen = this.freeze();
    return this.workspace(-1);
  }

  /** Moves `inputs` into series `target` (-1: a series of their own). */
  place(generation: number, inputs: number[], target: number): Reply<Workspace> {
    return this.answer(generation, () => {
      this.assignSeries(inputs, target >= 0 ? target : this.freeSeriesId());
      this.frozen = { ...this.frozen, generation: ++this.generation, analyses: new Map() };
      return this.workspace(this.suggestedSnapshot(inputs));
    });
  }

  private freeSeriesId(): number {
    let max = -1;
    for (const i of this.builder.inputs) max = Math.max(max, i.series);
    return max + 1;
  }

  private assignSeries(inputs: number[], series: number): void {
    const frozenInputs = this.frozen.view.model.inputs;
    for (const i of inputs) {
      if (this.builder.inputs[i].trace >= 0) continue; // a trace is always a series of its own
      this.builder.inputs[i].series = series;
      if (frozenInputs[i]) frozenInputs[i].series = series;
    }
  }

  /** Where the batch's goroutine snapshots go (its traces are series of their own already). */
  private placeBatch(batch: number[], placement: Placement | 'replaced'): Placed | null {
    const m = this.frozen.view.model;
    const dumpInputs = batch.filter((i) => !m.inputs[i].error && m.inputs[i].trace < 0 && m.inputs[i].snapshotEnd > m.inputs[i].snapshotStart);
    const own = dumpInputs.length ? m.inputs[dumpInputs[0]].series : -1;
    const all = seriesList(m);
    const candidates = all
      .filter((s) => s.kind === 'dumps' && s.id !== own)
      .reverse()
      .map((s) => ({ series: s.id, label: s.label }));
    const placed: Placed = { series: own, inputs: batch, mode: 'separate', evidence: null, candidates };
    if (placement === 'replaced') return { ...placed, mode: 'replaced' };
    if (own < 0) return { ...placed, mode: candidates.length ? 'separate' : 'first' };
    if (!candidates.length) return { ...placed, mode: 'first' };
    if (placement.mode === 'separate') return placed;
    let target = -1;
    if (placement.mode === 'compare') target = placement.target;
    else {
      const later = all.find((s) => s.id === own)!;
      for (const c of candidates) {
        const ev = sameProcess(this.frozen.view, this.frozen.parkByStack, all.find((s) => s.id === c.series)!, later);
        if (ev.same) {
          placed.evidence = ev;
          target = c.series;
          break;
        }
      }
    }
    if (target < 0 || !all.some((s) => s.id === target && s.kind === 'dumps')) return placed;
    this.assignSeries(dumpInputs, target);
    return { ...placed, series: target, mode: 'compared', candidates: candidates.filter((c) => c.series !== target) };
  }

  private suggestedSnapshot(batch: number[]): number {
    const m = this.frozen.view.model;
    const ok = batch.filter((i) => !m.inputs[i].error);
    const dumps = ok.find((i) => m.inputs[i].trace < 0 && m.inputs[i].snapshotEnd > m.inputs[i].snapshotStart);
    if (dumps !== undefined) {
      const s = defaultSnapshot(this.frozen.view, m.inputs[dumps].series);
      if (s >= 0) return s;
    }
    for (const i of ok) if (m.inputs[i].snapshotEnd > m.inputs[i].snapshotStart) return m.inputs[i].snapshotEnd - 1;
    return -1;
  }

  workspace(suggestedSnapshot: number): Workspace {
    const { view, summary, generation } = this.frozen;
    const m = view.model;
    const snapshots: SnapshotInfo[] = m.snapshots.map((s) => ({ ...s, sched: s.sched ? { ...s.sched, goroutineStatus: undefined } : null }) as SnapshotInfo);
    const traces = m.inputs.map((inp, i): TraceInfo | null => {
      const t = inp.trace >= 0 ? m.traces[inp.trace] : null;
      if (!t) return null;
      const snapshot = inp.snapshotEnd > inp.snapshotStart ? inp.snapshotStart : -1;
      return {
        input: i,
        snapshot,
        summary: t.summary,
        writtenBy: t.writtenBy,
        family: t.family,
        durationNs: t.durationNs,
        generations: t.generations,
        droppedGenerations: t.droppedGenerations,
        incomplete: t.incomplete,
        detail: t.detail,
        gcCount: t.gc.count,
        stwCount: t.stw.count,
        cpuSamples: t.cpuSamples,
      };
    });
    return { generation, inputs: m.inputs, snapshots, series: seriesList(m), summary, traces, suggestedSnapshot };
  }

  /** Runs `f` on the frozen model if the question was asked of this generation. */
  private answer<T>(generation: number, f: () => T): Reply<T> {
    if (generation !== this.frozen.generation) return { generation: this.frozen.generation, stale: true };
    return { generation, stale: false, value: f() };
  }

  private groupsAt(level: GroupLevel): Groups {
    const fz = this.frozen;
    let g = fz.groups.get(level);
    if (!g) fz.groups.set(level, (g = groupGoroutines(fz.view, { level, parkByStack: fz.parkByStack })));
    return g;
  }

  private analysis(snapshot: number, level: GroupLevel): Analysis {
    const fz = this.frozen;
    const key = `${snapshot}|${level}`;
    let a = fz.analyses.get(key);
    if (!a) {
      a = analyze(fz.view, { level, snapshot: snapshot >= 0 ? snapshot : undefined, parkByStack: fz.parkByStack, groups: this.groupsAt(level) });
      if (fz.analyses.size > 16) fz.analyses.clear();
      fz.analyses.set(key, a);
    }
    return a;
  }

  report(generation: number, snapshot: number, level: GroupLevel): Reply<ReportData> {
    return this.answer(generation, () => {
      const a = this.analysis(snapshot, level);
      const r = a.report;
      return {
        ...r,
        level,
        suspects: r.suspects.map(({ rows, ...s }, i) => ({ ...s, key: `s${i}`, callSites: this.callSites(rows) })),
        background: r.background.map(({ rows: _rows, ...b }) => b),
        waitFor: r.waitFor
          ? { ...r.waitFor, groups: r.waitFor.groups.slice(0, WAIT_GROUPS_SHOWN).map(({ rows: _rows, ...g }) => g), groupCount: r.waitFor.groups.length }
          : null,
        diff: a.diff ? (({ persistingByGroup: _p, ...d }) => d)(a.diff) : null,
        creators: a.creators ? this.creatorDisplay(a) : null,
        groupCount: a.groups.count,
        timingsMs: a.timingsMs,
        cause: this.cause(snapshot >= 0 ? snapshot : r.snapshot),
        noSuspects: r.suspects.length ? null : noSuspectsText(r),
      };
    });
  }

  /** Distinct park-site frames among the rows' stacks. */
  private callSites(rows: Int32Array): number {
    const { view, parkByStack } = this.frozen;
    const stack = view.model.goroutines.stack;
    const seen = new Set<number>();
    for (let i = 0; i < rows.length && seen.size < 1000; i++) if (stack[rows[i]] >= 0) seen.add(parkByStack[stack[rows[i]]]);
    return seen.size;
  }

  private cause(snapshot: number): ReportData['cause'] {
    const m = this.frozen.view.model;
    const snap = m.snapshots[snapshot];
    if (!snap || snap.kind !== 'traceback') return null;
    const p = snap.preamble;
    if (!p.panic && !p.fatal && !p.signal && !p.runningTests?.length) return null;
    let goroutine: NonNullable<ReportData['cause']>['goroutine'] = null;
    if (snap.rowEnd > snap.rowStart && (p.panic || p.signal)) {
      // the runtime prints the goroutine that panicked (or ran when the signal came) first
      const row = snap.rowStart;
      const g = m.goroutines;
      goroutine = {
        row,
        goid: g.goid[row],
        state: this.frozen.view.str(g.state[row]),
        what: p.panic ? (/^test timed out/.test(p.panic) ? 'the test timeout fired in' : 'panicked in') : 'was running when the signal came',
        frames: this.frozen.view.stackFrames(g.stack[row]).slice(0, 12).map((f) => this.frameDisplay(f)),
      };
    }
    return { panic: p.panic ?? null, fatal: p.fatal ?? null, signal: p.signal ?? null, runningTests: p.runningTests ?? [], goroutine };
  }

  private creatorDisplay(a: Analysis): CreatorTreeDisplay {
    const v = this.frozen.view;
    const t = a.creators!;
    const { parkFrame, state } = a.groups;
    return {
      ...t,
      groups: t.groups.map((list) =>
        list.map(([gi, count]) => ({ site: parkFrame[gi] >= 0 ? v.frameFunc(parkFrame[gi]) : '(no park site)', state: v.str(state[gi]), count })).sort((x, y) => y.count - x.count),
      ),
    };
  }

  exportReport(generation: number, snapshot: number, level: GroupLevel, format: ExportFormat): Reply<string> {
    return this.answer(generation, () => {
      const r = this.analysis(snapshot, level).report;
      return format === 'markdown' ? reportToMarkdown(r) : JSON.stringify(reportToJson(r, this.frozen.view), null, 2);
    });
  }

  private rowFilter(f: FilterSpec): RowFilter {
    const { suspect, waitFor, labelText, flame, transition, ...rest } = f;
    const out: RowFilter = rest;
    if (transition) {
      const { input: _input, ...spec } = transition;
      out.transition = spec;
    }
    if (labelText !== undefined && labelText.trim() && rest.label === undefined) {
      const typed = labelText.trim();
      // exact: the typed key and value must be label strings of the model (-2 matches nothing)
      const eq = typed.indexOf('=');
      const strings = this.frozen.view.strings;
      const key = strings.find(eq < 0 ? typed : typed.slice(0, eq));
      const value = eq < 0 ? -1 : strings.find(typed.slice(eq + 1));
      out.label = key < 0 || (eq >= 0 && value < 0) ? { key: -2, value: -2 } : { key, value };
    }
    if (suspect) {
      const s = this.analysis(suspect.snapshot, suspect.level).report.suspects[Number(suspect.key.slice(1))];
      out.rows = s ? s.rows : new Int32Array(0);
    }
    if (waitFor) {
      const wf = this.analysis(waitFor.snapshot, waitFor.level).report.waitFor;
      const at = Number(waitFor.key.slice(1));
      const found = !wf ? undefined : waitFor.key.startsWith('w') ? wf.groups[at]?.rows : waitFor.key.startsWith('c') ? wf.cycles[at]?.rows : undefined;
      const rows = found ?? new Int32Array(0);
      // with a suspect too: the goroutines of both
      const picked = out.rows ? new Set(out.rows) : null;
      out.rows = picked ? rows.filter((r) => picked.has(r)) : rows;
    }
    if (flame) {
      const rows = this.flameRows(flame);
      const picked = out.rows ? new Set(out.rows) : null;
      out.rows = picked ? rows.filter((r) => picked.has(r)) : rows;
    }
    return out;
  }

  /** Flame trees of the current generation, by request (a few: the page's and the filter's). */
  private flameCache = new WeakMap<Frozen, Map<string, FlameTree>>();
  private flamePatterns = new WeakMap<Frozen, Map<number, Uint8Array>>();

  private flameTree(req: FlameRequest): { tree: FlameTree; built: boolean } {
    const fz = this.frozen;
    let cache = this.flameCache.get(fz);
    if (!cache) this.flameCache.set(fz, (cache = new Map()));
    const key = JSON.stringify([req.snapshot, req.orientation, req.weight, req.foldRuntime, req.creators, req.baseline, req.focus, req.trace]);
    const hit = cache.get(key);
    if (hit) return { tree: hit, built: false };
    const snap = fz.view.model.snapshots[req.snapshot];
    if (!snap) throw new Error(`no snapshot ${req.snapshot}`);
    const tree = buildFlameTree(fz.view, {
      snapshot: req.snapshot,
      orientation: req.orientation,
      weight: req.weight,
      foldRuntime: req.foldRuntime,
      creators: req.creators,
      baseline: req.baseline,
      focus: req.focus,
      trace: req.trace,
      parkByStack: fz.parkByStack,
      rowPattern: this.rowPatternsOf(req.snapshot),
    });
    if (cache.size >= 4) cache.delete(cache.keys().next().value!);
    cache.set(key, tree);
    return { tree, built: true };
  }

  /** Leak pattern per model row of the snapshot's analysis (for colouring by pattern). */
  private rowPatternsOf(snapshot: number): Uint8Array | null {
    const fz = this.frozen;
    const kind = fz.view.model.snapshots[snapshot]?.kind;
    if (kind === 'trace-end' || kind === 'time-profile') return null;
    let m = this.flamePatterns.get(fz);
    if (!m) this.flamePatterns.set(fz, (m = new Map()));
    let p = m.get(snapshot);
    if (!p) m.set(snapshot, (p = rowPatterns(this.analysis(snapshot, 'exact').groups)));
    return p;
  }

  /** The goroutines under a flame node (none when the tree has no such node). */
  private flameRows(ref: FlameRef): Int32Array {
    const { tree } = this.flameTree(ref.request);
    return distinctRowsUnder(tree, nodeAtPath(tree, ref.path));
  }

  /** A flame tree, its typed arrays copies (the cached tree keeps its own: the copies are transferred). */
  flame(generation: number, req: FlameRequest): Reply<FlameReply> {
    return this.answer(generation, () => {
      const t0 = performance.now();
      const { tree, built } = this.flameTree(req);
      const buildMs = built ? performance.now() - t0 : 0;
      return { tree: copyTree(tree), buildMs };
    });
  }

  rows(generation: number, snapshot: number, filter: FilterSpec, sort: SortSpec): Reply<RowsReply> {
    return this.answer(generation, () => {
      const fz = this.frozen;
      const m = fz.view.model;
      const s = m.snapshots[snapshot];
      if (!s) return { rows: new Int32Array(0), total: 0, goroutines: 0, idDigits: 1, head: [] };
      const picked = filterRows(fz.view, snapshot, this.rowFilter(filter), fz.parkByStack, fz.filterCache);
      const rows = sortRows(fz.view, picked, sort, fz.parkByStack, fz.filterCache);
      let goroutines = 0;
      let widest = 0;
      const g = m.goroutines;
      for (let i = 0; i < rows.length; i++) {
        goroutines += g.weight[rows[i]];
        const v = s.hasIds ? g.goid[rows[i]] : g.weight[rows[i]];
        if (v > widest) widest = v;
      }
      return { rows, total: s.rowEnd - s.rowStart, goroutines, idDigits: String(Math.round(widest)).length, head: this.display(rows.subarray(0, HEAD_ROWS)) };
    });
  }

  rowDisplay(generation: number, rows: Int32Array): Reply<RowDisplay[]> {
    return this.answer(generation, () => this.display(rows));
  }

  private display(rows: Int32Array): RowDisplay[] {
    const fz = this.frozen;
    const v = fz.view;
    const g = v.model.goroutines;
    const out: RowDisplay[] = [];
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i];
      if (r < 0 || r >= g.count) continue;
      const st = g.stack[r];
      const pf = st >= 0 ? fz.parkByStack[st] : -1;
      out.push({
        row: r,
        goid: g.goid[r],
        state: v.str(g.state[r]),
        waitMinutes: g.waitMinutes[r],
        blockedNs: g.value2[r],
        weight: g.weight[r],
        flags: g.flags[r],
        parkSite: pf >= 0 ? v.frameFunc(pf) : '',
        labels: fz.filterCache.labelsText(g.labels[r]),
      });
    }
    return out;
  }

  private frameDisplay(f: number): FrameDisplay {
    const v = this.frozen.view;
    const func = v.frameFunc(f);
    return { frame: f, func, file: v.frameFile(f), line: v.frameLine(f), kind: frameKindOf(func), inlined: (v.model.frames.flags[f] & FrameFlag.Inlined) !== 0 };
  }

  goroutine(generation: number, row: number): Reply<GoroutineInfo> {
    return this.answer(generation, () => {
      const fz = this.frozen;
      const v = fz.view;
      const m = v.model;
      const g = m.goroutines;
      if (row < 0 || row >= g.count) throw new Error(`no goroutine row ${row}`);
      const snapshot = g.snapshot[row];
      const snap = m.snapshots[snapshot];
      const st = g.stack[row];
      const creatorGoid = g.creatorGoid[row];
      const rowOf = (goid: number) => {
        if (goid < 0) return -1;
        for (let r = snap.rowStart; r < snap.rowEnd; r++) if (g.goid[r] === goid) return r;
        return -1;
      };
      const input = m.inputs[snap.input];
      const trace = snap.kind === 'trace-end' && input.trace >= 0 ? m.traces[input.trace] : null;
      let life: GoroutineInfo['life'] = null;
      if (trace) {
        const l = goroutineLife(v, trace, row - snap.rowStart);
        const toRow = (tg: number) => (tg >= 0 ? snap.rowStart + tg : -1);
        life = {
          ...l,
          creatorRow: toRow(l.creator),
          segments: l.segments.map((s) => ({ ...s, unblockedByRow: toRow(s.unblockedBy), unblockedByGoid: s.unblockedBy >= 0 ? trace.goroutines.goid[s.unblockedBy] : -1 })),
        };
      }
      const frames = v.stackFrames(st).map((f) => this.frameDisplay(f));
      const createdBy = g.createdBy[row] >= 0 ? this.frameDisplay(g.createdBy[row]) : null;
      const info: GoroutineInfo = {
        row,
        snapshot,
        goid: g.goid[row],
        state: v.str(g.state[row]),
        waitMinutes: g.waitMinutes[row],
        flags: g.flags[row],
        weight: g.weight[row],
        value2: g.value2[row],
        thread: g.thread[row],
        frames,
        parkFrame: st >= 0 ? fz.parkByStack[st] : -1,
        labels: v.labels(g.labels[row]),
        createdBy,
        creatorGoid,
        creatorRow: rowOf(creatorGoid),
        ancestors: m.ancestors.filter((a) => a.row === row).map((a) => ({ goid: a.goid, frames: v.stackFrames(a.stack).map((f) => this.frameDisplay(f)) })),
        life,
        text: '',
      };
      info.text = tracebackText(info, snap.hasIds);
      return info;
    });
  }

  choices(generation: number, snapshot: number): Reply<ChoicesData> {
    return this.answer(generation, () => {
      const fz = this.frozen;
      const v = fz.view;
      const m = v.model;
      const snap = m.snapshots[snapshot];
      if (!snap) throw new Error(`no snapshot ${snapshot}`);
      const c = snapshotChoices(v, snapshot, fz.parkByStack);
      const ti = snap.kind === 'trace-end' ? m.inputs[snap.input].trace : -1;
      const traceEnd =
        ti >= 0
          ? traceEndGroups(v, ti).map((e) => {
              const pf = e.key.stack >= 0 ? fz.parkByStack[e.key.stack] : -1;
              return { ...e, state: GO_STATES[e.key.state] ?? '?', reason: v.str(e.key.reason), parkSite: pf >= 0 ? v.frameFunc(pf) : '' };
            })
          : [];
      return { ...c, traceEnd };
    });
  }

  sched(generation: number, snapshot: number): Reply<SchedSnapshot | null> {
    return this.answer(generation, () => this.frozen.view.model.snapshots[snapshot]?.sched ?? null);
  }

  stateFlow(generation: number, input: number, range: { t0: number; t1: number } | null, cursor: number | null, bins: number): Reply<StateFlowData> {
    return this.answer(generation, () => {
      const v = this.frozen.view;
      const inp = v.model.inputs[input];
      if (!inp || inp.trace < 0) throw new Error(`input ${input} is not an execution trace`);
      const t = v.model.traces[inp.trace];
      const str = (id: number) => v.str(id);
      // the counts of a range are kept: moving the cursor only counts the states at it
      const key = `${this.frozen.generation}|${input}|${range ? `${range.t0}-${range.t1}` : ''}|${bins}`;
      if (this.lastFlow?.key !== key) this.lastFlow = { key, flow: stateFlow(t, str, { range, cursor: null, bins: Math.min(2000, Math.max(0, bins)) }) };
      const f = this.lastFlow.flow;
      // copies of the replay series: the answer's are transferred
      return { ...f, cursor, atCursor: cursor !== null ? countsAt(t, str, cursor) : f.atCursor, nodeCounts: f.nodeCounts.slice(), edgeCounts: f.edgeCounts.slice(), input, durationNs: t.durationNs };
    });
  }

  stateDistribution(generation: number, snapshot: number): Reply<ReturnType<typeof stateDistribution>> {
    return this.answer(generation, () => {
      const v = this.frozen.view;
      const s = v.model.snapshots[snapshot];
      if (!s) throw new Error(`no snapshot ${snapshot}`);
      return stateDistribution(v, snapshot, s.sched?.goroutineStatus ?? null);
    });
  }

  /** A snapshot of everything loaded (src/share), with the page's view renumbered for it. */
  async encodeSnapshot(generation: number, req: SnapshotRequest): Promise<Reply<SnapshotReply>> {
    if (generation !== this.frozen.generation) return { generation: this.frozen.generation, stale: true };
    const f = req.view.filter;
    const strings = [f.state, f.parkFunc, f.label?.key, f.creatorFunc, f.traceEnd?.reason, f.transition && f.transition.reason > 0 ? f.transition.reason : undefined].filter((x): x is number => x !== undefined);
    const stacks = [f.stack, f.traceEnd?.stack].filter((x): x is number => x !== undefined);
    const labelValues = f.label && f.label.value >= 0 ? [f.label.value] : [];
    const made = await makeSnapshot(this.frozen.view, { target: req.target, redact: req.redact, keep: { strings, stacks, labelValues } });
    const { ids } = made;
    const dropped: string[] = [];
    const filter: FilterSpec = { ...f };
    const put = <K extends keyof FilterSpec>(k: K, v: FilterSpec[K] | null) => {
      if (v === null) {
        delete filter[k];
        dropped.push(k);
      } else filter[k] = v;
    };
    const sid = (x: number) => (x < 0 ? x : ids.string(x));
    if (f.state !== undefined) put('state', sid(f.state) >= 0 ? sid(f.state) : null);
    if (f.parkFunc !== undefined) put('parkFunc', sid(f.parkFunc) >= 0 ? sid(f.parkFunc) : null);
    if (f.creatorFunc !== undefined) put('creatorFunc', sid(f.creatorFunc) >= 0 ? sid(f.creatorFunc) : null);
    if (f.stack !== undefined) put('stack', ids.stack(f.stack) >= 0 ? ids.stack(f.stack) : null);
    if (f.label) {
      const key = sid(f.label.key);
      const value = f.label.value < 0 ? f.label.value : ids.labelValue(f.label.value);
      put('label', key >= 0 && (value >= 0 || f.label.value < 0) ? { key, value } : null);
    }
    if (f.traceEnd) {
      const reason = f.traceEnd.reason > 0 ? ids.string(f.traceEnd.reason) : f.traceEnd.reason;
      const stack = f.traceEnd.stack >= 0 ? ids.stack(f.traceEnd.stack) : f.traceEnd.stack;
      put('traceEnd', reason >= 0 && (stack >= 0 || f.traceEnd.stack < 0) ? { ...f.traceEnd, reason, stack } : null);
    }
    if (f.transition && f.transition.reason > 0) {
      const reason = ids.string(f.transition.reason);
      put('transition', reason >= 0 ? { ...f.transition, reason } : null);
    }
    const view = { snapshot: req.view.snapshot, selectedRow: ids.row(req.view.selectedRow), filter, dropped };
    return {
      generation,
      stale: false,
      value: { bytes: made.bytes, linkChars: made.linkChars, fits: made.fits, budget: LINK_BUDGET, leftOut: made.leftOut, redacted: made.redacted, samples: made.samples, view, counts: made.counts },
    };
  }

  private timelineQueries: { generation: number; q: TimelineQueries } | null = null;

  /** The timeline's questions on the frozen model (a new instance, with new caches, per generation). */
  private timeline(): TimelineQueries {
    const fz = this.frozen;
    if (this.timelineQueries?.generation !== fz.generation) this.timelineQueries = { generation: fz.generation, q: new TimelineQueries(fz.view, fz.parkByStack, (f) => this.frameDisplay(f)) };
    return this.timelineQueries.q;
  }

  timelineLayout(generation: number, input: number, by: TimelineGroupBy, sort: TimelineSort): Reply<TimelineLayout> {
    return this.answer(generation, () => this.timeline().layout(input, by, sort));
  }

  timelinePrepare(generation: number, input: number, by: TimelineGroupBy, sort: TimelineSort, width: number): Reply<true> {
    return this.answer(generation, () => this.timeline().prepare(input, by, sort, width));
  }

  timelineOverview(generation: number, input: number, by: TimelineGroupBy, sort: TimelineSort, bins: number): Reply<TimelineOverview> {
    return this.answer(generation, () => this.timeline().overview(input, by, sort, bins));
  }

  timelineWindow(generation: number, request: TimelineWindowRequest): Reply<TimelineWindow> {
    return this.answer(generation, () => this.timeline().window(request));
  }

  timelineSegment(generation: number, input: number, row: number, time: number, slackNs: number): Reply<TimelineSegment | null> {
    return this.answer(generation, () => this.timeline().segment(input, row, time, slackNs));
  }

  /**
   * The goroutines of `input`'s trace that pass the table's filter, evaluated on the trace's
   * goroutines (its trace-end snapshot) with the rules the table uses, so the timeline marks exactly
   * the goroutines the table lists. A transition filter of another trace matches none.
   */
  timelineMatches(generation: number, input: number, filter: FilterSpec): Reply<TimelineMatches> {
    return this.answer(generation, () => {
      const fz = this.frozen;
      const m = fz.view.model;
      const inp = m.inputs[input];
      const snapshot = inp && inp.trace >= 0 && inp.snapshotEnd > inp.snapshotStart ? inp.snapshotStart : -1;
      const snap = snapshot >= 0 ? m.snapshots[snapshot] : undefined;
      if (!snap || snap.kind !== 'trace-end' || (filter.transition && filter.transition.input !== input)) return { input, rows: new Int32Array(0) };
      const picked = filterRows(fz.view, snapshot, this.rowFilter(filter), fz.parkByStack, fz.filterCache);
      const rows = new Int32Array(picked.length);
      for (let i = 0; i < picked.length; i++) rows[i] = picked[i] - snap.rowStart;
      return { input, rows: rows.sort() };
    });
  }

  seriesTimeline(generation: number, series: number): Reply<SeriesTimeline> {
    return this.answer(generation, () => this.timeline().series(series, seriesList(this.frozen.view.model).find((s) => s.id === series)?.snapshots ?? []));
  }

  private resourceQueries: { generation: number; q: ResourceQueries } | null = null;

  /** The timeline's resource-row questions (Ps, threads, tasks, regions), a new instance per generation. */
  private resources(): ResourceQueries {
    const fz = this.frozen;
    if (this.resourceQueries?.generation !== fz.generation) this.resourceQueries = { generation: fz.generation, q: new ResourceQueries(fz.view) };
    return this.resourceQueries.q;
  }

  timelineResourceLayout(generation: number, input: number): Reply<TimelineResourceLayout> {
    return this.answer(generation, () => this.resources().layout(input));
  }

  timelineResources(generation: number, request: TimelineResourceRequest): Reply<TimelineResources> {
    return this.answer(generation, () => this.resources().window(request));
  }

  timelineResourceAt(generation: number, input: number, kind: ResourceKind, row: number, time: number, slackNs: number): Reply<TimelineResourceHit | null> {
    return this.answer(generation, () => this.resources().at(input, kind, row, time, slackNs));
  }

  findGoroutine(generation: number, snapshot: number, goid: number): Reply<number> {
    return this.answer(generation, () => {
      const m = this.frozen.view.model;
      const s = m.snapshots[snapshot];
      if (!s) return -1;
      for (let r = s.rowStart; r < s.rowEnd; r++) if (m.goroutines.goid[r] === goid) return r;
      return -1;
    });
  }
}

/** A tree whose typed arrays are fresh copies (so they can be transferred). */
function copyTree(t: FlameTree): FlameTree {
  const out = { ...t } as FlameTree;
  for (const k of Object.keys(out) as (keyof FlameTree)[]) {
    const v = out[k];
    if (ArrayBuffer.isView(v)) (out as unknown as Record<string, unknown>)[k] = (v as Int32Array).slice();
  }
  out.names = [...t.names];
  out.files = [...t.files];
  return out;
}

/** The buffers of a tree's typed arrays, to transfer. */
export function flameBuffers(t: FlameTree): ArrayBuffer[] {
  const out: ArrayBuffer[] = [];
  for (const v of Object.values(t)) if (ArrayBuffer.isView(v)) out.push(v.buffer as ArrayBuffer);
  return out;
}

/** Why a report has no suspects, in numbers. */
function noSuspectsText(r: { subject: string; goroutines: number; g0: number; busy: number; transient: number; background: { count: number }[] }): string {
  if (r.subject === 'none') return 'This snapshot is not a goroutine snapshot (a time-weighted profile): its stacks by time blocked are on the Overview.';
  const bg = r.background.reduce((a, b) => a + b.count, 0);
  const parts = [r.busy ? `${r.busy} running or runnable` : '', bg ? `${bg} background (runtime or library loops)` : '', r.transient ? `${r.transient} in short-lived runtime states` : '', r.g0 ? `${r.g0} per-thread g0 stacks` : ''].filter(Boolean);
  const what = r.subject === 'trace' ? 'alive at the end of the trace' : 'in this snapshot';
  return `No suspects: nothing ${what} is blocked in a way that looks like a leak${parts.length ? ` — of ${r.goroutines} goroutine${r.goroutines === 1 ? '' : 's'}, ${parts.join(', ')}` : ''}.`;
}

function blobSource(f: LoadFile): LoadSource {
  const blob = f.blob;
  return {
    name: f.name,
    size: blob.size,
    chunks: (async function* () {
      for (let off = 0; off < blob.size; off += READ_CHUNK) yield new Uint8Array(await blob.slice(off, Math.min(blob.size, off + READ_CHUNK)).arrayBuffer());
    })(),
  };
}

/** The goroutine as Go prints it (header, frames, created by): reads back as a dump. */
function tracebackText(g: GoroutineInfo, hasIds: boolean): string {
  const lines: string[] = [];
  const extra = [g.waitMinutes >= 0 ? `${g.waitMinutes} minutes` : '', g.flags & GFlag.Locked ? 'locked to thread' : ''].filter(Boolean);
  lines.push(hasIds ? `goroutine ${g.goid} [${[g.state + (g.flags & GFlag.Leaked ? ' (leaked)' : ''), ...extra].join(', ')}]:` : `${g.weight} goroutines:`);
  for (const f of g.frames) {
    lines.push(`${f.func}(${f.inlined ? '...' : ''})`);
    if (f.file) lines.push(`\t${f.file}:${f.line}`);
  }
  if (g.createdBy) {
    lines.push(`created by ${g.createdBy.func}${g.creatorGoid >= 0 ? ` in goroutine ${g.creatorGoid}` : ''}`);
    if (g.createdBy.file) lines.push(`\t${g.createdBy.file}:${g.createdBy.line}`);
  }
  return lines.join('\n') + '\n';
}
