/**
 * The leak report view: suspects first (pattern badge, park site, count and growth, wait, creators,
 * labels, representative stack with user frames highlighted and runtime frames folded, fix
 * direction), background goroutines apart, a small chart of goroutines per top park site across
 * snapshots, and export buttons. Reads `analyze()` output only; text from files is rendered as
 * React text nodes (never as HTML).
 */
import { useMemo, useState } from 'react';
import type { Analysis } from '../../analysis/index';
import type { ModelView } from '../../model/read';
import type { Suspect } from '../../analysis/report';
import { FrameKind } from '../../analysis/stack-info';
import { reportToJson, reportToMarkdown } from '../../analysis/export';
import { frameLinks, type EditorSettings } from '../../analysis/source-links';
import { fmtNs } from '../../analysis/report';
import './report.css';

export interface LeakReportProps {
  analysis: Analysis;
  view: ModelView;
  /** opens the goroutines of a suspect: model rows (dump) or trace goroutine rows (trace) */
  onOpenGroup: (rows: Int32Array, suspect: Suspect) => void;
  editor?: EditorSettings | null;
}

function download(name: string, type: string, text: string) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export function LeakReport({ analysis, view, onOpenGroup, editor }: LeakReportProps) {
  const r = analysis.report;
  const base = (r.file || 'report').replace(/\.[^.]*$/, '');
  return (
    <div className="leak-report">
      <div className="lr-head">
        <div>
          <h2>Leak report</h2>
          <div className="muted">
            {r.suspects.length} suspect{r.suspects.length === 1 ? '' : 's'} · {r.background.reduce((a, b) => a + b.count, 0)} background · {r.busy} running
            {r.snapshot >= 0 ? ` · ${r.goroutines} goroutines in ${r.file}${r.snapshotLabel ? ` (${r.snapshotLabel})` : ''}` : ''}
          </div>
        </div>
        <div className="lr-actions">
          <button type="button" onClick={() => download(`${base}-leaks.md`, 'text/markdown', reportToMarkdown(r))}>
            Export Markdown
          </button>
          <button type="button" onClick={() => download(`${base}-leaks.json`, 'application/json', JSON.stringify(reportToJson(r, view), null, 2))}>
            Export JSON
          </button>
        </div>
      </div>
      {r.notes.map((n, i) => (
        <div key={i} className="lr-note">
          {n}
        </div>
      ))}
      {analysis.diff && analysis.diff.series.length > 1 && <SiteChart analysis={analysis} />}
      {r.suspects.length === 0 && <div className="muted lr-empty">No suspects: nothing is blocked in a way that looks like a leak.</div>}
      <ol className="lr-suspects">
        {r.suspects.map((s, i) => (
          <SuspectCard key={`${s.source}-${s.group}-${s.trace}-${i}`} s={s} rank={i + 1} goVersion={r.goVersion} editor={editor} onOpen={() => onOpenGroup(s.rows, s)} />
        ))}
      </ol>
      {r.background.length > 0 && (
        <section className="lr-background">
          <h3>Background goroutines (not blamed)</h3>
          <table>
            <tbody>
              {r.background.map((b, i) => (
                <tr key={i}>
                  <td className="num">{b.count}</td>
                  <td>{b.what}</td>
                  <td className="mono">{b.parkSite ?? ''}</td>
                  <td className="muted">{b.state}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
    </div>
  );
}

function SuspectCard({ s, rank, goVersion, editor, onOpen }: { s: Suspect; rank: number; goVersion: string | null; editor?: EditorSettings | null; onOpen: () => void }) {
  const wait = s.wait ? (s.wait.minMinutes === s.wait.maxMinutes ? `${s.wait.maxMinutes} min` : `${s.wait.minMinutes}–${s.wait.maxMinutes} min`) : s.blocked ? `blocked ${fmtNs(s.blocked.maxNs)} (${Math.round(s.blocked.fractionOfTrace * 100)}% of the trace)` : null;
  return (
    <li className={`lr-suspect tier-${s.tier}`}>
      <div className="lr-title">
        <span className="lr-rank">{rank}</span>
        <span className={`lr-badge kind-${s.kind}`} title={s.title}>
          {s.pattern}
        </span>
        <button type="button" className="lr-site mono" onClick={onOpen} title="Open these goroutines">
          {s.parkSite ? s.parkSite.func : '(no park site)'}
        </button>
        <span className="lr-count">×{s.count}</span>
        {s.growth && s.growth.delta !== 0 && <span className={s.growth.delta > 0 ? 'lr-grow' : 'muted'}>{`${s.growth.delta > 0 ? '+' : ''}${s.growth.delta} (${s.growth.counts.join(' → ')})`}</span>}
        {s.leaked > 0 && <span className="lr-leaked">{s.leaked} proven leaked</span>}
      </div>
      <div className="lr-sub">
        <span>{s.title}</span>
        {s.state && <span className="mono muted">[{s.state}]</span>}
        {s.detail && <span className="muted">{s.detail}</span>}
        {wait && <span className="muted">{wait}</span>}
      </div>
      <ul className="lr-facts">
        {s.evidence.map((e, i) => (
          <li key={i}>{e}</li>
        ))}
        {s.creators.length > 0 && (
          <li>
            created by <span className="mono">{s.creators[0].func}</span>
            {s.creators[0].goids.length > 0 && ` in goroutine${s.creators[0].distinctGoids === 1 ? '' : 's'} ${s.creators[0].goids.slice(0, 5).join(', ')}`}
            {s.creatorChains[0] && s.creatorChains[0].funcs.length > 1 && <span className="muted"> · chain: {[...s.creatorChains[0].funcs].reverse().join(' → ')}</span>}
          </li>
        )}
        {s.labels.length > 0 && <li>labels: {s.labels.map((l) => `${l.key}=${l.value} (${l.count})`).join(', ')}</li>}
        {s.holderNote && <li>lock holder: {s.holderNote}</li>}
      </ul>
      {s.stack && <StackView s={s} goVersion={goVersion} editor={editor} />}
      <div className="lr-fix">
        <strong>Fix: </strong>
        {s.fix}
      </div>
    </li>
  );
}

function StackView({ s, goVersion, editor }: { s: Suspect; goVersion: string | null; editor?: EditorSettings | null }) {
  const [unfold, setUnfold] = useState(false);
  const st = s.stack!;
  const items: ({ i: number } | { folded: number; key: number })[] = [];
  let run = 0;
  for (let i = 0; i < st.funcs.length; i++) {
    const fold = !unfold && st.kinds[i] === FrameKind.Runtime && i !== st.parkIndex;
    if (fold) {
      run++;
      continue;
    }
    if (run) items.push({ folded: run, key: i });
    run = 0;
    items.push({ i });
  }
  if (run) items.push({ folded: run, key: st.funcs.length });
  return (
    <div className="lr-stack mono">
      {items.map((it) =>
        'folded' in it ? (
          <button type="button" key={`f${it.key}`} className="lr-folded" onClick={() => setUnfold(true)}>
            … {it.folded} runtime frame{it.folded === 1 ? '' : 's'}
          </button>
        ) : (
          <Frame key={it.i} s={s} i={it.i} goVersion={goVersion} editor={editor} />
        ),
      )}
    </div>
  );
}

function Frame({ s, i, goVersion, editor }: { s: Suspect; i: number; goVersion: string | null; editor?: EditorSettings | null }) {
  const st = s.stack!;
  const links = frameLinks(st.funcs[i], st.files[i], st.lines[i], goVersion, editor);
  const cls = st.kinds[i] === FrameKind.User ? 'lr-frame user' : st.kinds[i] === FrameKind.Runtime ? 'lr-frame runtime' : 'lr-frame std';
  const loc = `${st.files[i]}${st.lines[i] > 0 ? `:${st.lines[i]}` : ''}`;
  return (
    <div className={cls + (i === st.parkIndex ? ' park' : '')}>
      <div>{st.funcs[i]}</div>
      <div className="lr-loc">
        {links.editor ? <a href={links.editor}>{loc}</a> : links.source ? <a href={links.source} target="_blank" rel="noreferrer noopener">{loc}</a> : loc}
      </div>
    </div>
  );
}

/** Goroutines per top park site across the snapshot series (SVG polylines). */
function SiteChart({ analysis }: { analysis: Analysis }) {
  const d = analysis.diff!;
  const { lines, max } = useMemo(() => {
    const max = Math.max(1, ...d.chart.flatMap((c) => c.counts));
    return { lines: d.chart, max };
  }, [d]);
  const W = 360;
  const H = 120;
  const n = d.series.length;
  const x = (i: number) => (n === 1 ? W / 2 : 8 + (i * (W - 16)) / (n - 1));
  const y = (v: number) => H - 8 - (v / max) * (H - 16);
  return (
    <figure className="lr-chart">
      <svg viewBox={`0 0 ${W} ${H}`} width={W} height={H} role="img" aria-label="goroutines per park site across snapshots">
        {lines.map((c, k) => (
          <polyline key={c.site} fill="none" strokeWidth={2} className={`lr-series s${k % 8}`} points={c.counts.map((v, i) => `${x(i)},${y(v)}`).join(' ')}>
            <title>{`${c.site}: ${c.counts.join(' → ')}`}</title>
          </polyline>
        ))}
      </svg>
      <figcaption>
        {lines.map((c, k) => (
          <span key={c.site} className={`lr-legend s${k % 8}`}>
            <span className="mono">{c.site}</span> {c.counts.join(' → ')}
          </span>
        ))}
      </figcaption>
    </figure>
  );
}
