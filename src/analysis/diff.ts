/**
 * Snapshots over time: two or more snapshots of the same process (several files, several dumps
 * in one log, a schedtrace series). Per group the count in each snapshot, new and gone groups,
 * goroutines persisting by id (ids are never reused: an id seen in two snapshots is a goroutine
 * that stayed), growth per minute when times are known, and chart data: goroutines per top park
 * site across snapshots. Pure; plain arrays.
 */
import type { ModelView } from '../model/read';
import type { Snapshot } from '../model/model';
import type { Groups } from './group';

export interface SeriesSnapshot {
  snapshot: number;
  label: string;
  file: string;
  /** ms: wall time (timeMs) or uptime (schedtrace) when known */
  timeMs: number | null;
  goroutines: number;
}

export interface GroupDiff {
  group: number;
  /** goroutines in each series snapshot */
  counts: number[];
  first: number;
  last: number;
  delta: number;
  /** delta per minute between the first and last snapshot, when both times are known */
  perMinute: number | null;
  status: 'new' | 'gone' | 'grew' | 'shrank' | 'same';
  /** goroutines of the group in the last snapshot whose id was already seen in an earlier one */
  persisting: number;
}

export interface SiteSeries {
  /** park-site function, or the state for stackless rows (schedtrace) */
  site: string;
  counts: number[];
}

export interface SnapshotDiff {
  series: SeriesSnapshot[];
  /** groups that changed or exist in the last snapshot, biggest change first (at most `limit`) */
  groups: GroupDiff[];
  newGroups: number;
  goneGroups: number;
  grewGroups: number;
  /** goroutines of the last snapshot whose ids were seen in an earlier snapshot, in all and per group */
  persistingGoroutines: number;
  persistingByGroup: Float64Array;
  /** minutes between the first and last snapshot when known */
  minutes: number | null;
  /** chart: goroutines per top park site across the series */
  chart: SiteSeries[];
}

/**
 * Snapshots that form a series with `current`: snapshots of the same series of inputs (one process,
 * see formats/load.ts) and the same kind, in time order when every one carries a time, else in
 * load order (natural file-name order, then order within a file).
 */
export function seriesOf(view: ModelView, current: number): number[] {
  const snaps = view.model.snapshots;
  const inputs = view.model.inputs;
  const c = snaps[current];
  const series = inputs[c.input].series;
  const same = (s: Snapshot) => inputs[s.input].series === series && s.kind === c.kind && s.leakProfile === c.leakProfile && s.hasStates === c.hasStates && s.rowEnd > s.rowStart;
  const list: number[] = [];
  snaps.forEach((s, i) => {
    if (same(s)) list.push(i);
  });
  const t = (s: Snapshot) => s.timeMs ?? s.uptimeMs;
  if (list.every((i) => t(snaps[i]) !== null) && list.every((i) => snaps[i].input === c.input || snaps[i].timeMs !== null)) {
    list.sort((a, b) => t(snaps[a])! - t(snaps[b])! || a - b);
  }
  // the series ends at the current snapshot
  const at = list.indexOf(current);
  return at >= 0 ? list.slice(0, at + 1) : [current];
}

export function diffSnapshots(view: ModelView, groups: Groups, series: number[], limit = 200, chartSites = 8): SnapshotDiff {
  const m = view.model;
  const g = m.goroutines;
  const S = groups.snapshots;
  const last = series[series.length - 1];
  const first = series[0];
  const timeOf = (s: number) => m.snapshots[s].timeMs ?? m.snapshots[s].uptimeMs;
  const t0 = timeOf(first);
  const t1 = timeOf(last);
  const minutes = t0 !== null && t1 !== null && t1 > t0 ? (t1 - t0) / 60000 : null;

  const seriesInfo: SeriesSnapshot[] = series.map((s) => {
    const sn = m.snapshots[s];
    let n = 0;
    for (let r = sn.rowStart; r < sn.rowEnd; r++) if (groups.rowGroup[r] >= 0) n += g.weight[r];
    return { snapshot: s, label: sn.label, file: m.inputs[sn.input]?.file ?? '', timeMs: timeOf(s), goroutines: n };
  });

  // persisting ids: goroutines of the last snapshot seen in an earlier snapshot of the series
  const persistingByGroup = new Float64Array(groups.count);
  let persistingGoroutines = 0;
  const lastSnap = m.snapshots[last];
  if (lastSnap.hasIds && series.length > 1) {
    const earlier = new Set<number>();
    for (const s of series.slice(0, -1)) {
      const sn = m.snapshots[s];
      if (!sn.hasIds) continue;
      for (let r = sn.rowStart; r < sn.rowEnd; r++) if (g.goid[r] > 0) earlier.add(g.goid[r]);
    }
    for (let r = lastSnap.rowStart; r < lastSnap.rowEnd; r++) {
      const gi = groups.rowGroup[r];
      if (gi >= 0 && g.goid[r] > 0 && earlier.has(g.goid[r])) {
        persistingByGroup[gi] += g.weight[r];
        persistingGoroutines += g.weight[r];
      }
    }
  }

  const diffs: GroupDiff[] = [];
  let newGroups = 0;
  let goneGroups = 0;
  let grewGroups = 0;
  for (let gi = 0; gi < groups.count; gi++) {
    const counts = series.map((s) => groups.bySnapshot[gi * S + s]);
    if (counts.every((c) => c === 0)) continue;
    const a = counts[0];
    const b = counts[counts.length - 1];
    const status: GroupDiff['status'] = a === 0 && b > 0 ? 'new' : a > 0 && b === 0 ? 'gone' : b > a ? 'grew' : b < a ? 'shrank' : 'same';
    if (status === 'new') newGroups++;
    else if (status === 'gone') goneGroups++;
    else if (status === 'grew') grewGroups++;
    diffs.push({ group: gi, counts, first: a, last: b, delta: b - a, perMinute: minutes ? (b - a) / minutes : null, status, persisting: persistingByGroup[gi] });
  }
  diffs.sort((x, y) => Math.abs(y.delta) - Math.abs(x.delta) || y.last - x.last || x.group - y.group);

  // chart: by park-site function (or state when there is no stack)
  const siteCounts = new Map<string, number[]>();
  for (let gi = 0; gi < groups.count; gi++) {
    const pf = groups.parkFrame[gi];
    const site = pf >= 0 ? view.frameFunc(pf) : `[${view.str(groups.state[gi]) || 'no stack'}]`;
    let arr = siteCounts.get(site);
    for (let i = 0; i < series.length; i++) {
      const c = groups.bySnapshot[gi * S + series[i]];
      if (c === 0) continue;
      if (!arr) siteCounts.set(site, (arr = new Array(series.length).fill(0)));
      arr[i] += c;
    }
  }
  const chart = [...siteCounts]
    .map(([site, counts]) => ({ site, counts }))
    .sort((x, y) => Math.max(...y.counts) - Math.max(...x.counts) || (x.site < y.site ? -1 : 1))
    .slice(0, chartSites);

  return { series: seriesInfo, groups: diffs.slice(0, limit), newGroups, goneGroups, grewGroups, persistingGoroutines, persistingByGroup, minutes, chart };
}
