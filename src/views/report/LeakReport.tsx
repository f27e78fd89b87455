/**
 * The leak report view: what stopped the program first (a panic, a fatal error, a test timeout,
 * in its own words), then the suspects in the ranking's tiers — each a section sorted by its key,
 * every column sortable — with a detail of the selected one (evidence, creators, labels, the
 * representative stack with your frames highlighted and runtime frames folded, the fix), growth
 * across snapshots, the creator tree, background goroutines apart. Reads the worker's ReportData;
 * text from files is rendered as React text nodes (never as HTML).
 */
import { useMemo, useState } from 'react';
import type { ReportData, SuspectInfo } from '../../worker/api';
import { useApp } from '../../store/store';
import { stacksText } from '../../analysis/export';
import type { EditorSettings } from '../../analysis/source-links';
import { formatCount, formatDuration, plural } from '../../analysis/units';
import { FuncName } from '../common/GoName';
import './report.css';
import { CreatorTreeView } from './CreatorTree';
import { GrowthChart } from './GrowthChart';
import { CauseBanner } from './CauseBanner';
import { DeadlockCycles, WaitObjects } from './WaitFor';
import { SuspectDetail } from './SuspectDetail';
import { tierTitle, waitText, WaitHistogram, EvidenceBadges } from './suspect-parts';

export interface LeakReportProps {
  report: ReportData;
  /** shows the goroutines of a suspect in the table */
  onOpenSuspect: (s: SuspectInfo) => void;
  editor?: EditorSettings | null;
  /** extra controls shown beside the export buttons (grouping level) */
  controls?: React.ReactNode;
  /** the selected suspect's key (kept by the store so it survives tab switches) */
  selected?: string | null;
  onSelect?: (key: string) => void;
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

type SortKey = 'rank' | 'pattern' | 'site' | 'count' | 'wait' | 'evidence';
const COLUMNS: { key: SortKey; label: string; cls: string; title: string }[] = [
  { key: 'rank', label: '#', cls: 'lr-rank', title: 'rank: the order of evidence (sort by it)' },
  { key: 'pattern', label: 'Pattern', cls: 'lr-c-pattern', title: 'how the goroutines block (leak pattern)' },
  { key: 'site', label: 'Park site', cls: 'lr-c-site', title: 'the first frame of your code where they wait' },
  { key: 'count', label: 'Goroutines', cls: 'lr-c-num', title: 'goroutines in this group' },
  { key: 'wait', label: 'Waiting', cls: 'lr-c-wait', title: 'how long they have been waiting: minutes as the runtime prints them, or time blocked at the end of a trace' },
  { key: 'evidence', label: 'Evidence', cls: 'lr-c-ev', title: 'why they are suspects' },
];

function waitKey(s: SuspectInfo): number {
  return s.source === 'dump' ? (s.wait?.maxMinutes ?? -1) : s.blocked.maxNs / 60e9;
}

function evidenceKey(s: SuspectInfo): number {
  return s.source === 'dump' ? s.leaked * 1e9 + Math.max(0, s.growth?.delta ?? 0) * 1e6 + s.persisting * 1e3 : s.blocked.fractionOfTrace * 1e3;
}

function compare(a: SuspectInfo, b: SuspectInfo, key: SortKey, rank: Map<string, number>): number {
  switch (key) {
    case 'rank':
      return rank.get(a.key)! - rank.get(b.key)!;
    case 'pattern':
      return a.pattern < b.pattern ? -1 : a.pattern > b.pattern ? 1 : 0;
    case 'site': {
      const x = a.parkSite?.func ?? '';
      const y = b.parkSite?.func ?? '';
      return x < y ? -1 : x > y ? 1 : 0;
    }
    case 'count':
      return a.count - b.count;
    case 'wait':
      return waitKey(a) - waitKey(b);
    case 'evidence':
      return evidenceKey(a) - evidenceKey(b);
  }
}

export function LeakReport({ report: r, onOpenSuspect, editor, controls, selected: selectedKey, onSelect }: LeakReportProps) {
  const base = (r.file || 'report').replace(/\.[^.]*$/, '');
  const [ownSel, setOwnSel] = useState<string | null>(null);
  const [sort, setSort] = useState<{ key: SortKey; desc: boolean }>({ key: 'rank', desc: false });
  const selKey = selectedKey !== undefined ? selectedKey : ownSel;
  const select = onSelect ?? setOwnSel;
  const rank = useMemo(() => new Map(r.suspects.map((s, i) => [s.key, i + 1])), [r]);
  // sections in tier order, each sorted by the chosen column (the ranking itself by default)
  const sections = useMemo(() => {
    const by = new Map<number, SuspectInfo[]>();
    for (const s of r.suspects) {
      const list = by.get(s.tier);
      if (list) list.push(s);
      else by.set(s.tier, [s]);
    }
    const dir = sort.desc ? -1 : 1;
    return [...by.entries()]
      .sort((a, b) => a[0] - b[0])
      .map(([tier, list]) => ({ tier, title: tierTitle(list[0]), info: r.tiers.find((t) => t.tier === tier), list: [...list].sort((a, b) => compare(a, b, sort.key, rank) * dir || rank.get(a.key)! - rank.get(b.key)!) }));
  }, [r, sort, rank]);
  const ordered = useMemo(() => sections.flatMap((s) => s.list), [sections]);
  const selected = ordered.find((s) => s.key === selKey) ?? ordered[0];
  // park sites that appear more than once (at different lines): show the line to tell them apart
  const repeated = useMemo(() => {
    const n = new Map<string, number>();
    for (const s of r.suspects) if (s.parkSite) n.set(s.parkSite.func, (n.get(s.parkSite.func) ?? 0) + 1);
    return n;
  }, [r]);
  const background = r.background.reduce((a, b) => a + b.count, 0);
  // columns with nothing to say take no room (a single debug=2 dump has no waits and often no evidence badges)
  const hasWait = r.suspects.some((s) => s.source === 'trace' || s.wait !== null);
  const hasEvidence = r.suspects.some((s) => (s.source === 'dump' ? s.leaked > 0 || (s.growth?.delta ?? 0) > 0 || s.persisting > 0 : s.blocked.wholeTrace > 0 || s.blocked.fractionOfTrace >= 0.5));
  const columns = COLUMNS.filter((c) => (c.key !== 'wait' || hasWait) && (c.key !== 'evidence' || hasEvidence));
  const onKey = (e: React.KeyboardEvent) => {
    const i = selected ? ordered.indexOf(selected) : -1;
    if (e.key === 'ArrowDown') select(ordered[Math.min(ordered.length - 1, i + 1)].key);
    else if (e.key === 'ArrowUp') select(ordered[Math.max(0, i - 1)].key);
    else if (e.key === 'Enter' && selected) onOpenSuspect(selected);
    else return;
    e.preventDefault();
  };
  const onSort = (key: SortKey) => setSort((s) => (s.key === key ? { key, desc: !s.desc } : { key, desc: key === 'count' || key === 'wait' || key === 'evidence' }));
  return (
    <div className="leak-report">
      {r.cause && <CauseBanner cause={r.cause} />}
      {r.waitFor && r.waitFor.cycles.length > 0 && <DeadlockCycles waitFor={r.waitFor} level={r.level} snapshot={r.snapshot} />}
      <div className="lr-head">
        <div className="lr-head-text">
          <h2>Leak report</h2>
          <div className="muted lr-summary" data-testid="report-summary">
            <span>{plural(r.suspects.length, 'suspect')}</span>
            <span>{formatCount(background)} background</span>
            <span>{formatCount(r.busy)} running</span>
            {r.subject !== 'none' && (
              <span>
                {stacksText(r)} in <span className="mono">{r.file}</span>
                {r.snapshotLabel && r.subject === 'dumps' && r.snapshotLabel !== 'dump' ? ` (${r.snapshotLabel})` : ''}
              </span>
            )}
            {r.goVersion && <span>{r.goVersion}</span>}
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
      {r.diff && r.diff.series.length > 1 && <GrowthChart diff={r.diff} />}
      {r.suspects.length === 0 && (
        <div className="muted lr-empty" data-testid="no-suspects">
          {r.noSuspects}
        </div>
      )}
      {r.suspects.length > 0 && (
        <div className="lr-split">
          <div className="lr-list" data-testid="suspects">
            <div className="lr-row lr-row-head">
              {columns.map((c) => (
                <button
                  key={c.key}
                  type="button"
                  className={`${c.cls} lr-sort`}
                  title={c.title}
                  onClick={() => onSort(c.key)}
                  aria-label={`${c.label || c.title}: sort${sort.key === c.key ? (sort.desc ? ' (sorted descending)' : ' (sorted ascending)') : ''}`}
                  data-sort={sort.key === c.key ? (sort.desc ? 'descending' : 'ascending') : 'none'}
                  data-testid={`sort-${c.key}`}
                >
                  {c.label}
                  {sort.key === c.key ? (sort.desc ? ' ▾' : ' ▴') : ''}
                </button>
              ))}
            </div>
            <div className="lr-list-body" role="listbox" tabIndex={0} onKeyDown={onKey} aria-label="Leak suspects">
            {sections.map((sec) => (
              <div key={sec.tier} className={`lr-section tier-${sec.tier}`} role="group" aria-label={sec.title} data-testid="suspect-section">
                <div className="lr-section-head" data-testid="section-title" title={sec.info?.explanation}>
                  {sec.title} <span className="muted">· {plural(sec.list.length, 'group')}, {plural(sec.list.reduce((a, s) => a + s.count, 0), 'goroutine')}</span>
                  {sec.info && sort.key === 'rank' && <span className="muted lr-section-by"> · by {sec.info.by}</span>}
                </div>
                {sec.list.map((s) => (
                  <div
                    key={s.key}
                    role="option"
                    aria-selected={s === selected}
                    className={`lr-row tier-${s.tier}${s === selected ? ' selected' : ''}`}
                    onClick={() => select(s.key)}
                    onDoubleClick={() => onOpenSuspect(s)}
                    title={s.sortKey ? `ranked in “${tierTitle(s)}” by ${s.sortKey.by}: ${s.sortKey.text}` : undefined}
                    data-sort-value={s.sortKey?.value}
                    data-sort-then={s.sortKey?.then}
                    data-testid="suspect"
                  >
                    <span className="lr-rank">{rank.get(s.key)}</span>
                    <span className="lr-c-pattern">
                      <span className={`lr-badge kind-${s.kind}`} title={s.title}>
                        {s.pattern}
                      </span>
                    </span>
                    <span className="lr-c-site mono" data-testid="suspect-site" data-func={s.parkSite?.func ?? ''}>
                      {s.parkSite ? <FuncName name={s.parkSite.func} line={(repeated.get(s.parkSite.func) ?? 0) > 1 ? s.parkSite.line : undefined} note={s.callSites > 1 ? `(${s.callSites} call sites)` : undefined} /> : '(no park site)'}
                    </span>
                    <span className="lr-c-num" data-testid="suspect-count">
                      {s.count.toLocaleString('en-US')}
                    </span>
                    {hasWait && (
                      <span className="lr-c-wait" title={waitText(s) ?? ''} data-testid="suspect-wait">
                        {s.source === 'dump' && s.wait ? <WaitHistogram wait={s.wait} /> : null}
                        <span className="lr-wait-text">{s.source === 'dump' ? (s.wait ? minutesRange(s.wait.minMinutes, s.wait.maxMinutes) : '') : formatDuration(s.blocked.maxNs)}</span>
                      </span>
                    )}
                    {hasEvidence && (
                      <span className="lr-c-ev">
                        <EvidenceBadges s={s} />
                      </span>
                    )}
                  </div>
                ))}
              </div>
            ))}
            </div>
          </div>
          {selected && <SuspectDetail s={selected} rank={rank.get(selected.key)!} goVersion={r.goVersion} editor={editor} onOpen={() => onOpenSuspect(selected)} />}
        </div>
      )}
      {r.waitFor && <WaitObjects waitFor={r.waitFor} level={r.level} snapshot={r.snapshot} />}
      {r.creators && <CreatorTreeView tree={r.creators} />}
      {r.background.length > 0 && (
        <section className="lr-background">
          <h3>Background goroutines (runtime and library idle loops — not blamed)</h3>
          <table>
            <tbody>
              {r.background.map((b, i) => (
                <tr key={i}>
                  <td className="num">{formatCount(b.count)}</td>
                  <td>{b.what}</td>
                  <td className="mono">{b.parkSite ? <FuncName name={b.parkSite} /> : ''}</td>
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

function minutesRange(min: number, max: number): string {
  return min === max ? `${formatCount(max)} min` : `${formatCount(min)}–${formatCount(max)} min`;
}
