/**
 * Goroutines per top park site across the snapshots of a series: d3 scales and axes, each line
 * labelled at its end (labels pushed apart so flat, overlapping lines stay readable), the counts on
 * hover. The sites come from the worker's diff (`SnapshotDiff.chart`).
 */
import { useMemo } from 'react';
import { scaleLinear, scalePoint } from 'd3';
import type { ReportData } from '../../worker/api';
import { formatCount } from '../../analysis/units';
import { splitFunc } from '../common/GoName';

const W = 640;
const H = 200;
const M = { top: 12, right: 190, bottom: 34, left: 48 };
const LABEL_GAP = 13;

export function GrowthChart({ diff }: { diff: NonNullable<ReportData['diff']> }) {
  const { x, y, lines, labels, ticks } = useMemo(() => {
    const names = diff.series.map((_, i) => `${i}`);
    const x = scalePoint<string>().domain(names).range([M.left, W - M.right]).padding(0.2);
    const max = Math.max(1, ...diff.chart.flatMap((c) => c.counts));
    const y = scaleLinear().domain([0, max]).nice().range([H - M.bottom, M.top]);
    const lines = diff.chart.map((c, k) => ({ site: c.site, k, counts: c.counts, d: c.counts.map((v, i) => `${i ? 'L' : 'M'}${x(`${i}`)},${y(v)}`).join('') }));
    // labels at the last point, pushed apart vertically
    const order = lines.map((l) => ({ k: l.k, site: l.site, last: l.counts[l.counts.length - 1], first: l.counts[0], yy: y(l.counts[l.counts.length - 1]) })).sort((a, b) => a.yy - b.yy);
    // push apart downwards, then back up from the bottom edge, so every label stays inside the plot
    const gap = Math.min(LABEL_GAP, order.length > 1 ? (H - M.bottom - M.top) / (order.length - 1) : LABEL_GAP);
    for (let i = 1; i < order.length; i++) order[i].yy = Math.max(order[i].yy, order[i - 1].yy + gap);
    for (let i = order.length - 1; i >= 0; i--) order[i].yy = Math.min(order[i].yy, i === order.length - 1 ? H - M.bottom : order[i + 1].yy - gap);
    return { x, y, lines, labels: order, ticks: y.ticks(4) };
  }, [diff]);
  const lastX = x(`${diff.series.length - 1}`) ?? 0;
  return (
    <figure className="lr-chart" data-testid="growth-chart">
      <figcaption className="small muted">Goroutines at the top park sites, per snapshot of the series</figcaption>
      <svg viewBox={`0 0 ${W} ${H}`} width="100%" style={{ maxWidth: W }} role="img" aria-label="goroutines per park site across snapshots">
        {ticks.map((t) => (
          <g key={t} className="lr-axis">
            <line x1={M.left} x2={W - M.right} y1={y(t)} y2={y(t)} className="lr-grid" />
            <text x={M.left - 6} y={y(t)} dy="0.32em" textAnchor="end">
              {formatCount(t)}
            </text>
          </g>
        ))}
        {diff.series.map((s, i) => (
          <text key={i} className="lr-axis" x={x(`${i}`)} y={H - M.bottom + 16} textAnchor="middle">
            <title>{`${s.file}${s.label ? ` — ${s.label}` : ''}: ${formatCount(s.goroutines)} goroutines`}</title>
            {shortFile(s.file, i)}
          </text>
        ))}
        <text className="lr-axis" x={M.left - 40} y={M.top} transform={`rotate(-90 ${M.left - 40} ${M.top})`} textAnchor="end">
          goroutines
        </text>
        {lines.map((l) => (
          <g key={l.site} className={`lr-series s${l.k % 8}`}>
            <path d={l.d} fill="none" strokeWidth={2} />
            {l.counts.map((v, i) => (
              <circle key={i} cx={x(`${i}`)} cy={y(v)} r={3}>
                <title>{`${l.site}: ${formatCount(v)} in snapshot ${i + 1}`}</title>
              </circle>
            ))}
          </g>
        ))}
        {labels.map((o) => (
          <text key={o.site} className={`lr-series-label s${o.k % 8}`} x={lastX + 8} y={o.yy} dy="0.32em">
            <title>{o.site}</title>
            {`${splitFunc(o.site).tail} ${o.first === o.last ? formatCount(o.last) : `${formatCount(o.first)}→${formatCount(o.last)}`}`}
          </text>
        ))}
      </svg>
    </figure>
  );
}

function shortFile(f: string, i: number): string {
  const base = f.split('/').pop() ?? f;
  return base.length > 18 ? `#${i + 1} ${base.slice(0, 14)}…` : base;
}
