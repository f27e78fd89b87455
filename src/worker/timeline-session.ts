/**
 * The timeline's questions (api.ts TimelineLayout / TimelineWindow / TimelineSegment /
 * SeriesTimeline) answered from a frozen model: Session delegates to this, one instance per
 * generation, with its caches (groupings, reason classes, the overview). Answers are typed arrays
 * sized by what is drawn.
 */
import type { ModelView } from '../model/read';
import { GO_STATES, GoState, segmentEnd, segmentReason, segmentStack, segmentState, segmentUnblockedBy, type TraceModel } from '../model/trace';
import { NC, TL, leakCandidates, reasonClasses, rowColumns, segmentAt, segmentClass, stackedColumns, timelineGroups, waitClass, wakes, wholeColumns, type TimelineGroupBy, type TimelineGroups, type TimelineSort, type WholeColumns } from '../analysis/timeline';
import type { FrameDisplay, SeriesTimeline, TimelineLayout, TimelineOverview, TimelineSegment, TimelineWindow, TimelineWindowRequest } from './api';

/**
 * Groups whose whole-trace stacked areas are kept (the biggest; a smaller one is computed when
 * asked, through its own rows): at 1,000 columns 52 KB each, 3.3 MB for all of them, and while
 * computed twice that in Float64 twice over (fractions and whole columns).
 */
const WHOLE_SLOTS = 64;
/** wake-up marks per row and window at most */
const WAKES_PER_ROW = 64;

export class TimelineQueries {
  private classes = new Map<number, Uint8Array>();
  private groupings = new Map<string, TimelineGroups>();
  private pins = new Map<number, Pick<TimelineLayout, 'pinned' | 'pinnedCounts' | 'gc' | 'stw'>>();
  /** the whole trace's columns by `${input}|${by}|${width}`: overview and the biggest groups' stacked areas */
  private wholes = new Map<string, { slotOfLabel: Map<string, number>; cols: WholeColumns }>();

  constructor(
    private view: ModelView,
    private parkByStack: Int32Array,
    private frameDisplay: (frame: number) => FrameDisplay,
  ) {}

  private trace(input: number): TraceModel {
    const inp = this.view.model.inputs[input];
    const t = inp && inp.trace >= 0 ? this.view.model.traces[inp.trace] : undefined;
    if (!t) throw new Error(`input ${input} has no execution trace`);
    return t;
  }

  private rc(input: number, t: TraceModel): Uint8Array {
    let c = this.classes.get(input);
    if (!c) this.classes.set(input, (c = reasonClasses(t, (id) => this.view.str(id))));
    return c;
  }

  private grouping(input: number, by: TimelineGroupBy, sort: TimelineSort): TimelineGroups {
    const key = `${input}|${by}|${sort}`;
    let g = this.groupings.get(key);
    if (!g) {
      const v = this.view;
      const park = this.parkByStack;
      g = timelineGroups(this.trace(input), by, sort, { str: (id) => v.str(id), parkFunc: (st) => (st >= 0 && park[st] >= 0 ? v.frameFunc(park[st]) : '') });
      if (this.groupings.size > 8) this.groupings.clear();
      this.groupings.set(key, g);
    }
    return g;
  }

  /** What a layout holds besides its grouping: the leak candidates and the GC / STW bands, once per trace. */
  private pinnedOf(input: number): Pick<TimelineLayout, 'pinned' | 'pinnedCounts' | 'gc' | 'stw'> {
    let p = this.pins.get(input);
    if (!p) {
      const t = this.trace(input);
      const pinned = leakCandidates(t);
      const pinnedCounts: Record<string, number> = {};
      for (const r of pinned) {
        const k = `${GO_STATES[t.goroutines.lastState[r]]}|${this.view.str(t.goroutines.lastReason[r])}`;
        pinnedCounts[k] = (pinnedCounts[k] ?? 0) + 1;
      }
      const pairs = (rg: TraceModel['gc']) => {
        const out = new Float64Array(rg.count * 2);
        for (let i = 0; i < rg.count; i++) {
          out[2 * i] = Math.max(0, rg.start[i]);
          out[2 * i + 1] = rg.end[i] < 0 ? t.durationNs : rg.end[i];
        }
        return out;
      };
      this.pins.set(input, (p = { pinned, pinnedCounts, gc: pairs(t.gc), stw: pairs(t.stw) }));
    }
    return p;
  }

  layout(input: number, by: TimelineGroupBy, sort: TimelineSort): TimelineLayout {
    const t = this.trace(input);
    const g = this.grouping(input, by, sort);
    const p = this.pinnedOf(input);
    const inp = this.view.model.inputs[input];
    const snap = inp.snapshotEnd > inp.snapshotStart ? this.view.model.snapshots[inp.snapshotStart] : null;
    return {
      input,
      durationNs: t.durationNs,
      rowStart: snap && snap.kind === 'trace-end' ? snap.rowStart : -1,
      labels: g.labels,
      // copies: what is kept here stays, the answer's buffers are transferred
      offsets: g.offsets.slice(),
      rows: g.rows.slice(),
      blockedAtEnd: g.blockedAtEnd.slice(),
      pinned: p.pinned.slice(),
      pinnedCounts: p.pinnedCounts,
      gc: p.gc.slice(),
      stw: p.stw.slice(),
    };
  }

  /**
   * Makes ahead what the timeline's first frame will ask, while the page is idle after a load: the
   * layout of (by, sort) and, with a width, the whole trace's columns at that width (the overview
   * strip and the biggest groups' stacked areas). Kept like the answers themselves.
   */
  prepare(input: number, by: TimelineGroupBy, sort: TimelineSort, width: number): true {
    this.grouping(input, by, sort);
    this.pinnedOf(input);
    if (width >= 1) this.whole(input, by, sort, Math.min(8192, Math.floor(width)));
    return true;
  }

  /**
   * The whole trace at `width` columns — every goroutine (the overview strip) and the biggest
   * groups of `by` — in one walk over the segments, kept: the first frame and every zoomed-out
   * one read it instead of walking each group's rows.
   */
  private whole(input: number, by: TimelineGroupBy, sort: TimelineSort, width: number): { slotOfLabel: Map<string, number>; cols: WholeColumns } {
    const key = `${input}|${by}|${width}`;
    let w = this.wholes.get(key);
    if (!w) {
      const t = this.trace(input);
      // the groups are the same for every sort (only their order differs): any grouping of `by` will do
      const g = this.grouping(input, by, sort);
      const ng = g.labels.length;
      const bySize = Array.from({ length: ng }, (_, i) => i).sort((a, b) => g.offsets[b + 1] - g.offsets[b] - (g.offsets[a + 1] - g.offsets[a]) || a - b);
      const slots = Math.min(ng, WHOLE_SLOTS);
      const slotOf = new Int32Array(t.goroutines.count).fill(-1);
      const slotOfLabel = new Map<string, number>();
      for (let k = 0; k < slots; k++) {
        const gi = bySize[k];
        slotOfLabel.set(g.labels[gi], k);
        for (let j = g.offsets[gi]; j < g.offsets[gi + 1]; j++) slotOf[g.rows[j]] = k;
      }
      w = { slotOfLabel, cols: wholeColumns(t, this.rc(input, t), slotOf, slots, t.durationNs, width) };
      if (this.wholes.size >= 4) this.wholes.clear();
      this.wholes.set(key, w);
    }
    return w;
  }

  /** The whole trace's goroutines by class at `bins` columns (the overview strip); made with the groups' whole-trace areas of `by`. */
  overview(input: number, by: TimelineGroupBy, sort: TimelineSort, bins: number): TimelineOverview {
    const width = Math.max(1, Math.min(8192, Math.floor(bins)));
    return { bins: width, overview: this.whole(input, by, sort, width).cols.overview.slice() };
  }

  window(q: TimelineWindowRequest): TimelineWindow {
    const t = this.trace(q.input);
    const rc = this.rc(q.input, t);
    const width = Math.max(1, Math.min(8192, Math.floor(q.width)));
    const rowCols = rowColumns(t, rc, q.rows, q.t0, q.t1, width);
    const groupCols = new Float32Array(q.groups.length * width * NC);
    if (q.groups.length) {
      const g = this.grouping(q.input, q.by, q.sort);
      // the whole trace: the kept columns (the same as stackedColumns of the group's rows)
      const whole = q.t0 === 0 && q.t1 === t.durationNs ? this.whole(q.input, q.by, q.sort, width) : null;
      const W = width * NC;
      for (let k = 0; k < q.groups.length; k++) {
        const gi = q.groups[k];
        if (gi < 0 || gi >= g.labels.length) continue;
        const slot = whole ? whole.slotOfLabel.get(g.labels[gi]) : undefined;
        if (whole && slot !== undefined) groupCols.set(whole.cols.groups.subarray(slot * W, (slot + 1) * W), k * W);
        else groupCols.set(stackedColumns(t, rc, g.rows.subarray(g.offsets[gi], g.offsets[gi + 1]), q.t0, q.t1, width), k * W);
      }
    }
    const tg = t.goroutines;
    const rowGoid = new Float64Array(q.rows.length);
    const rowStartFunc: string[] = [];
    for (let k = 0; k < q.rows.length; k++) {
      const r = q.rows[k];
      rowGoid[k] = r >= 0 && r < tg.count ? tg.goid[r] : -1;
      rowStartFunc.push(r >= 0 && r < tg.count ? this.view.str(tg.startFunc[r]) : '');
    }
    const w = wakes(t, q.rows, q.t0, q.t1, WAKES_PER_ROW);
    return { t0: q.t0, t1: q.t1, width, rowCols, groupCols, rowGoid, rowStartFunc, wakeRow: w.row, wakeTime: w.time, wakeSegment: w.segment, waker: w.waker };
  }

  segment(input: number, row: number, time: number, slackNs: number): TimelineSegment | null {
    const t = this.trace(input);
    const i = segmentAt(t, row, time, slackNs);
    if (i < 0) return null;
    const v = this.view;
    const state = segmentState(t, i);
    const waker = segmentUnblockedBy(t, i);
    const stack = segmentStack(t, i);
    const stackWhat =
      state === GoState.Waiting
        ? 'where it parked'
        : state === GoState.Syscall
          ? 'the system call'
          : state === GoState.Runnable
            ? waker >= 0 || t.segments.ctx[i] === 1
              ? 'the waker'
              : i === t.segments.offset[row]
                ? 'where it was created'
                : 'where it was preempted or yielded'
            : 'stack';
    return {
      row,
      goid: t.goroutines.goid[row],
      segment: i,
      state: GO_STATES[state] ?? '?',
      reason: v.str(segmentReason(t, i)),
      cls: segmentClass(t, this.rc(input, t), i),
      startNs: t.segments.start[i],
      endNs: segmentEnd(t, i, row),
      stackWhat,
      frames: stack >= 0 ? v.stackFrames(stack).slice(0, 24).map((f) => this.frameDisplay(f)) : [],
      unblockedBy: waker,
      unblockedByGoid: waker >= 0 ? t.goroutines.goid[waker] : -1,
    };
  }

  series(seriesId: number, snapshots: number[]): SeriesTimeline {
    const m = this.view.model;
    const g = m.goroutines;
    const snaps = snapshots.filter((i) => m.snapshots[i] && m.snapshots[i].hasIds && m.snapshots[i].rowEnd > m.snapshots[i].rowStart && m.inputs[m.snapshots[i].input].series === seriesId);
    const ids = new Map<number, number>();
    const goids: number[] = [];
    const firstRow: number[] = [];
    for (const si of snaps) {
      const s = m.snapshots[si];
      for (let r = s.rowStart; r < s.rowEnd; r++) {
        const id = g.goid[r];
        if (id < 0 || ids.has(id)) continue;
        ids.set(id, goids.length);
        goids.push(id);
        firstRow.push(r);
      }
    }
    const n = goids.length;
    const k = snaps.length;
    const marks = new Uint8Array(n * k);
    const markRows = new Int32Array(n * k).fill(-1);
    const stateClass = new Map<number, number>();
    const classOf = (stateId: number) => {
      let c = stateClass.get(stateId);
      if (c === undefined) {
        const st = this.view.str(stateId).toLowerCase();
        c = st === 'running' ? TL.Running : st === 'runnable' ? TL.Runnable : st === 'syscall' ? TL.Syscall : waitClass(st);
        stateClass.set(stateId, c);
      }
      return c;
    };
    snaps.forEach((si, j) => {
      const s = m.snapshots[si];
      for (let r = s.rowStart; r < s.rowEnd; r++) {
        const at = ids.get(g.goid[r]);
        if (at === undefined) continue;
        marks[at * k + j] = 1 + classOf(g.state[r]);
        markRows[at * k + j] = r;
      }
    });
    const startFunc = firstRow.map((r) => {
      const st = g.stack[r];
      const frames = st >= 0 ? this.view.stackFrames(st) : [];
      return frames.length ? this.view.frameFunc(frames[frames.length - 1]) : '';
    });
    return {
      snapshots: snaps.map((i) => {
        const s = m.snapshots[i];
        const inp = m.inputs[s.input];
        return { index: i, label: inp.snapshotEnd - inp.snapshotStart > 1 && s.label ? `${inp.file} — ${s.label}` : inp.file };
      }),
      goids: Float64Array.from(goids),
      marks,
      markRows,
      startFunc,
    };
  }
}
