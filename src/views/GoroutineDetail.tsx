import { useState } from 'react';
import { useApp } from '../store/store';
import { TraceLifecycle } from './TraceLifecycle';
import type { ModelView } from '../model/read';
import { FrameFlag, GFlag } from '../model/model';
import { isStdFunc } from '../analysis/park-site';
import { flagBadges, rowOfGoid } from './derive';
import { formatCount, formatNs } from './format';

/** The selected goroutine: full stack, wait, flags, labels, creator (linked when in the dump). */
export function GoroutineDetail() {
  const view = useApp((s) => s.view)!;
  const row = useApp((s) => s.selectedRow);
  const snapshot = useApp((s) => s.snapshot);
  const select = useApp((s) => s.selectRow);
  const parkByStack = useApp((s) => s.parkSiteByStack);
  if (row < 0 || row >= view.model.goroutines.count) {
    return (
      <aside className="detail empty" data-testid="goroutine-detail">
        <div className="muted">Select a goroutine to see its stack, who created it and its labels.</div>
      </aside>
    );
  }
  const m = view.model;
  const g = m.goroutines;
  const snap = m.snapshots[g.snapshot[row]];
  const frames = view.stackFrames(g.stack[row]);
  const park = g.stack[row] >= 0 ? parkByStack[g.stack[row]] : -1;
  const flags = g.flags[row];
  const creatorGoid = g.creatorGoid[row];
  const creatorRow = creatorGoid >= 0 ? rowOfGoid(view, snapshot, creatorGoid) : -1;
  const createdBy = g.createdBy[row];
  const labels = view.labels(g.labels[row]);
  const ancestors = m.ancestors.filter((a) => a.row === row);
  return (
    <aside className="detail" data-testid="goroutine-detail">
      <h2>
        {snap.hasIds ? `Goroutine ${view.goid(row)}` : `${formatCount(g.weight[row])} goroutine${g.weight[row] === 1 ? '' : 's'} with this stack`}
        {snap.hasStates && <span className="detail-state"> [{view.str(g.state[row])}]</span>}
      </h2>
      <dl className="facts">
        {snap.hasStates && snap.kind !== 'trace-end' && (
          <>
            <dt>Waiting</dt>
            <dd>{g.waitMinutes[row] >= 0 ? `at least ${g.waitMinutes[row]} minutes` : 'under a minute, or not waiting'}</dd>
          </>
        )}
        {snap.kind === 'trace-end' && (
          <>
            <dt>At the end</dt>
            <dd>{g.value2[row] > 0 ? `blocked for the last ${formatNs(g.value2[row])} of the trace` : view.str(g.state[row])}</dd>
          </>
        )}
        {snap.kind === 'time-profile' && (
          <>
            <dt>Blocked</dt>
            <dd>
              {formatNs(g.value2[row])} over {formatCount(g.weight[row])} intervals
            </dd>
          </>
        )}
        <dt>Flags</dt>
        <dd>
          {flagBadges(flags).length ? flagBadges(flags).map((b) => <span key={b} className={`badge b-${b.replace(' ', '-')}`}>{b}</span>) : <span className="muted">none</span>}
          {flags & GFlag.Leaked ? <div className="small">The runtime proved this goroutine can never be woken (goroutineleak GC).</div> : null}
          {flags & GFlag.Locked ? <div className="small">Locked to its OS thread (runtime.LockOSThread).</div> : null}
        </dd>
        {g.thread[row] >= 0 && (
          <>
            <dt>Thread</dt>
            <dd>M{g.thread[row]}</dd>
          </>
        )}
        <dt>Labels</dt>
        <dd>
          {labels.length === 0 ? (
            <span className="muted">none</span>
          ) : (
            labels.map(([k, v]) => (
              <span key={k} className="label-pill mono">
                {k}={v}
              </span>
            ))
          )}
        </dd>
        <dt>Created by</dt>
        <dd>
          {createdBy >= 0 ? (
            <>
              <span className="mono">{view.frameFunc(createdBy)}</span>
              {creatorGoid >= 0 &&
                (creatorRow >= 0 ? (
                  <>
                    {' '}
                    in{' '}
                    <button className="link" onClick={() => select(creatorRow)} data-testid="creator-link">
                      goroutine {creatorGoid}
                    </button>
                  </>
                ) : (
                  <span className="muted"> in goroutine {creatorGoid} (no longer in this dump)</span>
                ))}
              {view.frameFile(createdBy) && (
                <div className="mono small muted">
                  {view.frameFile(createdBy)}:{view.frameLine(createdBy)}
                </div>
              )}
            </>
          ) : (
            <span className="muted">{snap.kind === 'trace-end' ? 'not known: it existed before the trace started, or the runtime created it' : snap.hasIds ? 'not shown (goroutine 1, or a runtime-created goroutine)' : 'profiles do not record creators'}</span>
          )}
        </dd>
      </dl>
      <h3 className="stack-head">
        Stack{flags & GFlag.Elided ? ' (frames elided by the runtime)' : ''}
        <CopyButton text={() => stackAsText(view, row)} label="Copy" />
      </h3>
      {flags & GFlag.NoStack ? <div className="muted">goroutine running on another thread; stack unavailable</div> : null}
      <StackList view={view} frames={frames} park={park} testid="stack" />
      {snap.kind === 'trace-end' && m.inputs[snap.input].trace >= 0 && <TraceLifecycle trace={m.traces[m.inputs[snap.input].trace]} tg={row - snap.rowStart} />}
      {ancestors.map((a, i) => (
        <div key={i}>
          <h3>Originating from goroutine {a.goid}</h3>
          <StackList view={view} frames={view.stackFrames(a.stack)} park={-1} />
        </div>
      ))}
    </aside>
  );
}

/** Frames innermost first: user code marked, standard library dimmed, the park site flagged. */
function StackList({ view, frames, park, testid }: { view: ModelView; frames: number[]; park: number; testid?: string }) {
  return (
    <ol className="stack" data-testid={testid}>
      {frames.map((f, i) => {
        const fn = view.frameFunc(f);
        return (
          <li key={i} className={`frame${isStdFunc(fn) ? ' std' : ' user'}${f === park ? ' park' : ''}`}>
            <div className="mono fn">
              {fn}
              {view.model.frames.flags[f] & FrameFlag.Inlined ? <span className="muted small"> (inlined)</span> : null}
              {f === park && <span className="badge b-park">park site</span>}
            </div>
            {view.frameFile(f) && (
              <div className="mono small muted">
                {view.frameFile(f)}:{view.frameLine(f)}
              </div>
            )}
          </li>
        );
      })}
    </ol>
  );
}

/** The goroutine as Go prints it (header, frames, created by), for pasting into an issue. */
export function stackAsText(view: ModelView, row: number): string {
  const m = view.model;
  const g = m.goroutines;
  const snap = m.snapshots[g.snapshot[row]];
  const lines: string[] = [];
  const state = view.str(g.state[row]);
  const extra = [g.waitMinutes[row] >= 0 ? `${g.waitMinutes[row]} minutes` : '', g.flags[row] & GFlag.Locked ? 'locked to thread' : ''].filter(Boolean);
  lines.push(snap.hasIds ? `goroutine ${view.goid(row)} [${[state + (g.flags[row] & GFlag.Leaked ? ' (leaked)' : ''), ...extra].join(', ')}]:` : `${g.weight[row]} goroutines:`);
  for (const f of view.stackFrames(g.stack[row])) {
    lines.push(`${view.frameFunc(f)}(${m.frames.flags[f] & FrameFlag.Inlined ? '...' : ''})`);
    if (view.frameFile(f)) lines.push(`\t${view.frameFile(f)}:${view.frameLine(f)}`);
  }
  const cb = g.createdBy[row];
  if (cb >= 0) {
    lines.push(`created by ${view.frameFunc(cb)}${g.creatorGoid[row] >= 0 ? ` in goroutine ${g.creatorGoid[row]}` : ''}`);
    if (view.frameFile(cb)) lines.push(`\t${view.frameFile(cb)}:${view.frameLine(cb)}`);
  }
  return lines.join('\n') + '\n';
}

function CopyButton({ text, label }: { text: () => string; label: string }) {
  const [done, setDone] = useState(false);
  return (
    <button
      className="btn small"
      onClick={() => {
        void navigator.clipboard?.writeText(text()).then(
          () => {
            setDone(true);
            setTimeout(() => setDone(false), 1200);
          },
          () => setDone(false),
        );
      }}
      data-testid="copy-stack"
    >
      {done ? 'Copied' : label}
    </button>
  );
}
