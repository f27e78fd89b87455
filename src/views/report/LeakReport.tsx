/**
 * The leak report view: suspects first (pattern badge, park site, count and growth, wait, creators,
 * labels, representative stack with user frames highlighted and runtime frames folded, fix
 * direction), background goroutines apart, a small chart of goroutines per top park site across
 * snapshots, and export buttons. Reads `analyze()` output only; text from files is rendered as
 * React text nodes (never as HTML).
 */
import { useMemo, useState } from 'react';
import type { ReportData, SuspectInfo } from '../../worker/api';
import { useApp } from '../../store/store';
import { FrameKind } from '../../analysis/stack-info';
import { stacksText } from '../../analysis/export';
import { frameLinks, type EditorSettings } from '../../analysis/source-links';
import { formatDuration } from '../../analysis/units';
import './report.css';
import { CreatorTreeView } from './CreatorTree';

export interface LeakReportProps {
  report: ReportData;
  /** shows the goroutines of a suspect in the table */
  onOpenSuspect: (s: SuspectInfo) => void;
  editor?: EditorSettings | null;
  /** extra controls shown beside the export buttons (grouping level) */
  controls?: React.ReactNode;
}

function download(name: string, type: string, text: string) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

async function exportAs(format: 'markdown' | 'json', base: string) {
  const text = await useApp.getState().exportReport(format);
  if (text !== null) download(`${base}-leaks.${format === 'markdown' ? 'md' : 'json'}`, format === 'markdown' ? 'text/markdown' : 'application/json', text);
}

export function LeakReport({ report: r, onOpenSuspect, editor, controls }: LeakReportProps) {
  const base = (r.file || 'report').replace(/\.[^.]*$/, '');
  const [sel, setSel] = useState(0);
  const selected = r.suspects[Math.min(sel, r.suspects.length - 1)];
  const background = r.background.reduce((a, b) => a + b.count, 0);
  const onKey = (e: React.KeyboardEvent) => {
    if (e.key === 'ArrowDown') setSel((i) => Math.min(r.suspects.length - 1, i + 1));
    else if (e.key === 'ArrowUp') setSel((i) => Math.max(0, i - 1));
    else if (e.key === 'Enter' && selected) onOpenSuspect(selected);
    else return;
    e.preventDefault();
  };
  return (
    <div className="leak-report">
      <div className="lr-head">
        <div>
          <h2>Leak report</h2>
          <div className="muted" data-testid="report-summary">
            {r.suspects.length} suspect{r.suspects.length === 1 ? '' : 's'} · {background} background · {r.busy} running
            {r.subject !== 'none' ? ` · ${stacksText(r)} in ${r.file}${r.snapshotLabel && r.subject === 'dumps' && r.snapshotLabel !== 'dump' ? ` (${r.snapshotLabel})` : ''}` : ''}
          </div>
        </div>
        <div className="lr-actions">
          {controls}
          <button type="button" className="btn" onClick={() => void exportAs('markdown', base)}>
            Export Markdown
          </button>
          <button type="button" className="btn" onClick={() => void exportAs('json', base)}>
            Export JSON
          </button>
        </div>
      </div>
      {r.notes.map((n, i) => (
        <div key={i} className="lr-note">
          {n}
        </div>
      ))}
      {r.diff && r.diff.series.length > 1 && <SiteChart diff={r.diff} />}
      {r.suspects.length === 0 && <div className="muted lr-empty">{r.subject === 'none' ? 'This snapshot is not a goroutine snapshot (a time-weighted profile): see Overview for its stacks by time blocked.' : 'No suspects: nothing is blocked in a way that looks like a leak.'}</div>}
      {r.suspects.length > 0 && (
        <div className="lr-split">
          <div className="lr-list" role="listbox" tabIndex={0} onKeyDown={onKey} aria-label="Leak suspects" data-testid="suspects">
            <div className="lr-row lr-row-head">
              <span className="lr-rank">#</span>
              <span className="lr-c-pattern">Pattern</span>
              <span className="lr-c-site">Park site</span>
              <span className="lr-c-num">Goroutines</span>
              <span className="lr-c-ev">Evidence</span>
            </div>
            {r.suspects.map((s, i) => (
              <div
                key={s.key}
                role="option"
                aria-selected={s === selected}
                className={`lr-row tier-${s.tier}${s === selected ? ' selected' : ''}`}
                onClick={() => setSel(i)}
                onDoubleClick={() => onOpenSuspect(s)}
                data-testid="suspect"
              >
                <span className="lr-rank">{i + 1}</span>
                <span className="lr-c-pattern">
                  <span className={`lr-badge kind-${s.kind}`} title={s.title}>
                    {s.pattern}
                  </span>
                </span>
                <span className="lr-c-site mono" title={s.parkSite?.func ?? ''} data-testid="suspect-site">
                  {s.parkSite ? s.parkSite.func : '(no park site)'}
                </span>
                <span className="lr-c-num" data-testid="suspect-count">
                  {s.count.toLocaleString('en-US')}
                </span>
                <span className="lr-c-ev">
                  {s.source === 'dump' && s.leaked > 0 && <span className="lr-leaked">{s.leaked} leaked</span>}
                  {s.source === 'dump' && s.growth && s.growth.delta > 0 && <span className="lr-grow">+{s.growth.delta}</span>}
                  {s.source === 'dump' && s.persisting > 0 && <span className="lr-tag">{s.persisting} persist</span>}
                  {s.source === 'dump' && s.wait && s.wait.maxMinutes > 0 && <span className="lr-tag">≥{s.wait.maxMinutes} min</span>}
                  {s.source === 'trace' && <span className="lr-tag">{formatDuration(s.blocked.maxNs)}</span>}
                </span>
              </div>
            ))}
          </div>
          {selected && <SuspectDetail s={selected} rank={r.suspects.indexOf(selected) + 1} goVersion={r.goVersion} editor={editor} onOpen={() => onOpenSuspect(selected)} />}
        </div>
      )}
      {r.creators && <CreatorTreeView tree={r.creators} />}
      {r.background.length > 0 && (
        <section className="lr-background">
          <h3>Background goroutines (runtime and library idle loops — not blamed)</h3>
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

function SuspectDetail({ s, rank, goVersion, editor, onOpen }: { s: SuspectInfo; rank: number; goVersion: string | null; editor?: EditorSettings | null; onOpen: () => void }) {
  const wait =
    s.source === 'dump' ? (s.wait ? (s.wait.minMinutes === s.wait.maxMinutes ? `${s.wait.maxMinutes} min` : `${s.wait.minMinutes}–${s.wait.maxMinutes} min`) : null) : `blocked ${formatDuration(s.blocked.maxNs)} (${Math.round(s.blocked.fractionOfTrace * 100)}% of the trace)`;
  const evidence = s.evidence.filter((e) => !e.startsWith(s.title));
  return (
    <article className={`lr-detail tier-${s.tier}`} data-testid="suspect-detail">
      <div className="lr-title">
        <span className="lr-rank">#{rank}</span>
        <span className={`lr-badge kind-${s.kind}`}>{s.pattern}</span>
        <h3 className="lr-h">{s.title}</h3>
      </div>
      <div className="lr-sub">
        {s.state && <span className="mono muted">[{s.state}]</span>}
        {s.detail && <span className="muted">{s.detail}</span>}
        {wait && <span className="muted">{wait}</span>}
        {s.confidence !== 'reason' && <span className="muted">({s.confidence === 'inferred' ? 'inferred from the stack' : 'from the stack'})</span>}
      </div>
      <div className="lr-open">
        <span className="mono lr-site-big">{s.parkSite ? s.parkSite.func : '(no park site)'}</span>
        <button type="button" className="btn primary" onClick={onOpen} data-testid="open-suspect">
          Show {s.count.toLocaleString('en-US')} goroutine{s.count === 1 ? '' : 's'}
        </button>
      </div>
      <ul className="lr-facts">
        {evidence.map((e, i) => (
          <li key={i}>{e}</li>
        ))}
        {s.source === 'dump' && s.growth && s.growth.counts.length > 1 && <li>count per snapshot: {s.growth.counts.join(' → ')}</li>}
        {s.creators.length > 0 && (
          <li>
            created by <span className="mono">{s.creators[0].func}</span>
            {s.creators[0].goids.length > 0 && ` in goroutine${s.creators[0].distinctGoids === 1 ? '' : 's'} ${s.creators[0].goids.slice(0, 5).join(', ')}`}
            {s.source === 'dump' && s.creatorChains[0] && s.creatorChains[0].funcs.length > 1 && <span className="muted"> · chain: {[...s.creatorChains[0].funcs].reverse().join(' → ')}</span>}
          </li>
        )}
        {s.labels.length > 0 && <li>labels: {s.labels.map((l) => `${l.key}=${l.value} (${l.count})`).join(', ')}</li>}
        {s.source === 'dump' && s.holderNote && <li>lock holder: {s.holderNote}</li>}
      </ul>
      <div className="lr-fix">
        <strong>Fix: </strong>
        {s.fix}
      </div>
      {s.stack && (
        <>
          <h4>Representative stack</h4>
          <StackView s={s} goVersion={goVersion} editor={editor} />
        </>
      )}
    </article>
  );
}

function StackView({ s, goVersion, editor }: { s: SuspectInfo; goVersion: string | null; editor?: EditorSettings | null }) {
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

function Frame({ s, i, goVersion, editor }: { s: SuspectInfo; i: number; goVersion: string | null; editor?: EditorSettings | null }) {
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
function SiteChart({ diff: d }: { diff: NonNullable<ReportData['diff']> }) {
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
