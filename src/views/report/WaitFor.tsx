/**
 * Who waits for whom (issue #16), in the report: deadlock cycles first — each as a small diagram of
 * its goroutines and the locks or channels between them, with the members' stacks — and the objects
 * goroutines wait on (a channel, a mutex, a WaitGroup …) with the verdict, the goroutines that hold
 * the same address, and a click that shows exactly the goroutines waiting on it.
 */
import { useEffect, useMemo, useState } from 'react';
import { line, curveBasis } from 'd3';
import type { GoroutineInfo, ReportData, WaitObjectInfo } from '../../worker/api';
import { useApp } from '../../store/store';
import { FrameKind } from '../../analysis/stack-info';
import { formatCount, plural } from '../../analysis/units';
import { FileLine, FuncName } from '../common/GoName';

type WaitForData = NonNullable<ReportData['waitFor']>;

const CERTAINTY: Record<string, string> = { certain: 'certain', likely: 'likely', hint: 'a hint' };

function shortAddr(g: WaitObjectInfo | undefined): string {
  if (!g) return '?';
  const a = g.address ?? g.container;
  const what = g.kind === 'waitgroup' ? 'WaitGroup' : g.kind === 'rwmutex' ? 'RWMutex' : g.kind === 'mutex' ? 'Mutex' : g.kind === 'cond' ? 'Cond' : g.kind === 'nil-chan' ? 'nil chan' : g.kind;
  return a ? `${what} …${a.slice(-4)}` : what;
}

/** The deadlock cycles, at the top of the report. */
export function DeadlockCycles({ waitFor, level, snapshot }: { waitFor: WaitForData; level: ReportData['level']; snapshot: number }) {
  const cycles = waitFor.cycles;
  const [showAll, setShowAll] = useState(false);
  if (!cycles.length) return null;
  const shown = showAll ? cycles : cycles.slice(0, 3);
  return (
    <section className="lr-deadlocks" data-testid="deadlocks">
      <h3>
        {cycles.length === 1 ? 'A deadlock' : `${formatCount(cycles.length)} deadlocks`}: goroutines that wait for each other
      </h3>
      {shown.map((c) => (
        <Cycle key={c.key} c={c} groups={waitFor.groups} level={level} snapshot={snapshot} />
      ))}
      {cycles.length > shown.length && (
        <button type="button" className="btn small" onClick={() => setShowAll(true)}>
          Show {cycles.length - shown.length} more
        </button>
      )}
    </section>
  );
}

function Cycle({ c, groups, level, snapshot }: { c: WaitForData['cycles'][number]; groups: WaitObjectInfo[]; level: ReportData['level']; snapshot: number }) {
  const loadGoroutines = useApp((s) => s.loadGoroutines);
  const filterTo = useApp((s) => s.filterTo);
  const [members, setMembers] = useState<GoroutineInfo[] | null>(null);
  const rows = useMemo(() => Array.from(c.rows).slice(0, 8), [c.rows]);
  useEffect(() => {
    let live = true;
    void loadGoroutines(rows).then((m) => live && setMembers(m));
    return () => {
      live = false;
    };
  }, [rows, loadGoroutines]);
  const byGroup = new Map(groups.map((g) => [g.key, g]));
  return (
    <article className="lr-cycle" data-testid="deadlock-cycle">
      <div className="lr-cycle-head">
        <strong>{c.text}</strong>{' '}
        <span className="muted small" title={c.explanation}>
          ({c.evidence === 'addresses' ? 'every step an address printed in the frames' : c.evidence === 'stale' ? 'an address marked stale (?) in the dump: a hint' : 'a step inferred from the code'})
        </span>{' '}
        <button type="button" className="btn small" onClick={() => filterTo({ waitFor: { snapshot, level, key: c.key } }, { waitFor: c.text })} data-testid="open-cycle">
          Show {plural(c.rows.length, 'goroutine')}
        </button>
      </div>
      <div className="lr-cycle-body">
        <CycleDiagram goids={c.goids} steps={c.steps.map((s) => ({ from: c.rows.indexOf(s.from), to: c.rows.indexOf(s.to), label: shortAddr(byGroup.get(s.group)), dashed: s.stale || s.inferred }))} />
        <div className="lr-cycle-members">
          <div className="muted small">{c.explanation}</div>
          {(members ?? []).map((g) => (
            <div key={g.row} className="lr-cycle-member" data-testid="cycle-member">
              <div className="mono">
                goroutine {g.goid} <span className="muted">[{g.state}]</span>
              </div>
              <ol className="lr-cycle-stack mono small">
                {cycleFrames(g)
                  .slice(0, 6)
                  .map((f, i) => (
                    <li key={i} className={f.kind === FrameKind.User ? 'user' : 'std'}>
                      <FuncName name={f.func} /> <span className="muted">{f.file && <FileLine file={f.file} line={f.line} />}</span>
                    </li>
                  ))}
              </ol>
            </div>
          ))}
        </div>
      </div>
    </article>
  );
}

/** A member's stack as a reader wants it: the call it waits in (the library frame right above its code), then its own frames. */
function cycleFrames(g: GoroutineInfo): GoroutineInfo['frames'] {
  const firstUser = g.frames.findIndex((f) => f.kind === FrameKind.User);
  if (firstUser < 0) return g.frames.filter((f) => f.kind !== FrameKind.Runtime);
  return [...(firstUser > 0 ? [g.frames[firstUser - 1]] : []), ...g.frames.slice(firstUser).filter((f) => f.kind === FrameKind.User)];
}

/** The goroutines of a cycle on a circle, an arrow from each waiter to the goroutine it waits for. */
function CycleDiagram({ goids, steps }: { goids: number[]; steps: { from: number; to: number; label: string; dashed: boolean }[] }) {
  const n = Math.max(2, goids.length);
  const W = 220;
  const H = 170;
  const R = n === 2 ? 70 : 60;
  const cx = W / 2;
  const cy = H / 2;
  const pos = goids.map((_, i) => ({ x: cx + R * Math.cos((2 * Math.PI * i) / n - Math.PI), y: cy + R * Math.sin((2 * Math.PI * i) / n - Math.PI) }));
  const curve = line<[number, number]>().curve(curveBasis);
  return (
    <svg className="lr-cycle-svg" width={W} height={H} viewBox={`0 0 ${W} ${H}`} role="img" aria-label={`deadlock between goroutines ${goids.join(', ')}`}>
      <defs>
        <marker id="lr-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
          <path d="M0,0 L10,5 L0,10 z" className="lr-arrowhead" />
        </marker>
      </defs>
      {steps.map((s, i) => {
        const a = pos[s.from];
        const b = pos[s.to];
        if (!a || !b) return null;
        // bend each arrow to one side so the two of a 2-cycle do not overlap
        const mx = (a.x + b.x) / 2;
        const my = (a.y + b.y) / 2;
        const dx = b.x - a.x;
        const dy = b.y - a.y;
        const len = Math.hypot(dx, dy) || 1;
        const bend = 28;
        const c1: [number, number] = [mx - (dy / len) * bend, my + (dx / len) * bend];
        const shrink = (p: { x: number; y: number }, q: [number, number], r: number): [number, number] => {
          const ux = q[0] - p.x;
          const uy = q[1] - p.y;
          const l = Math.hypot(ux, uy) || 1;
          return [p.x + (ux / l) * r, p.y + (uy / l) * r];
        };
        const start = shrink(a, c1, 20);
        const end = shrink(b, c1, 22);
        return (
          <g key={i}>
            <path d={curve([start, c1, end]) ?? ''} className={`lr-cycle-edge${s.dashed ? ' dashed' : ''}`} markerEnd="url(#lr-arrow)" fill="none" />
            <text x={c1[0]} y={c1[1]} className="lr-cycle-label" textAnchor="middle" dy="0.32em">
              {s.label}
            </text>
          </g>
        );
      })}
      {goids.map((g, i) => (
        <g key={g}>
          <circle cx={pos[i].x} cy={pos[i].y} r={18} className="lr-cycle-node" />
          <text x={pos[i].x} y={pos[i].y} textAnchor="middle" dy="0.32em" className="lr-cycle-node-label">
            {g}
          </text>
        </g>
      ))}
    </svg>
  );
}

/** The objects goroutines wait on, with their verdicts; a click shows exactly their goroutines. */
export function WaitObjects({ waitFor, level, snapshot }: { waitFor: WaitForData; level: ReportData['level']; snapshot: number }) {
  const filterTo = useApp((s) => s.filterTo);
  const [open, setOpen] = useState<string | null>(null);
  const [all, setAll] = useState(false);
  const groups = waitFor.groups;
  if (!groups.length) return null;
  const shown = all ? groups : groups.slice(0, 12);
  return (
    <section className="lr-waitfor" data-testid="wait-objects">
      <h3>What they wait on</h3>
      <div className="muted small">
        {plural(waitFor.blocked, 'goroutine')} blocked on a channel, lock, WaitGroup or select; {formatCount(waitFor.withObject)} of them show the object in their frames; {formatCount(waitFor.flagged)} look stuck for good.
        {waitFor.notes.map((n, i) => (
          <div key={i}>{n}</div>
        ))}
      </div>
      <table className="grid compact lr-wait-table">
        <tbody>
          {shown.map((g) => (
            <WaitRow key={g.key} g={g} open={open === g.key} onToggle={() => setOpen(open === g.key ? null : g.key)} onShow={() => filterTo({ waitFor: { snapshot, level, key: g.key } }, { waitFor: g.title })} />
          ))}
        </tbody>
      </table>
      {groups.length > shown.length && (
        <button type="button" className="btn small" onClick={() => setAll(true)}>
          Show all {formatCount(waitFor.groupCount)}
        </button>
      )}
      {waitFor.groupCount > groups.length && all && <div className="muted small">the first {groups.length} of {formatCount(waitFor.groupCount)} objects, most stuck first</div>}
    </section>
  );
}

function WaitRow({ g, open, onToggle, onShow }: { g: WaitObjectInfo; open: boolean; onToggle: () => void; onShow: () => void }) {
  return (
    <>
      <tr className="clickable" data-testid="wait-object" onClick={onToggle}>
        <td className="num" data-testid="wait-object-count">
          {formatCount(g.count)}
        </td>
        <td>
          <span className="mono">{g.title}</span>
          {g.parkSites.length > 0 && (
            <span className="muted small">
              {' '}
              at <FuncName name={g.parkSites[0].func} />
              {g.parkSites.length > 1 ? ` and ${g.parkSites.length - 1} more` : ''}
            </span>
          )}
        </td>
        <td>
          <span className={`lr-verdict c-${g.verdict.certainty}`} title={`${g.verdict.explanation} (${CERTAINTY[g.verdict.certainty] ?? g.verdict.certainty})`}>
            {g.verdict.text}
          </span>
          {g.persisted && <span className="lr-tag" title="the same goroutines waited on the same address in an earlier snapshot of this process"> also earlier</span>}
        </td>
        <td className="muted small">{g.references.length ? plural(g.references.length, 'other goroutine') + ' hold its address' : 'nobody else holds its address'}</td>
        <td>
          <button
            type="button"
            className="btn small"
            onClick={(e) => {
              e.stopPropagation();
              onShow();
            }}
            data-testid="open-wait-object"
          >
            Show
          </button>
        </td>
      </tr>
      {open && (
        <tr className="lr-wait-detail">
          <td />
          <td colSpan={4}>
            <div className="small">{g.explanation}</div>
            {g.references.length > 0 && (
              <ul className="small">
                {g.references.slice(0, 20).map((ref, i) => (
                  <li key={i} title={ref.explanation}>
                    goroutine {ref.goid} <span className="muted">[{ref.state}]</span> {ref.text} in <FuncName name={ref.func} /> <span className="muted">{ref.file && <FileLine file={ref.file} line={ref.line} />}</span>
                  </li>
                ))}
              </ul>
            )}
          </td>
        </tr>
      )}
    </>
  );
}
