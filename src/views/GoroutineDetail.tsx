import { memo, useState } from 'react';
import { useApp } from '../store/store';
import { TraceLifecycle } from './TraceLifecycle';
import { GFlag } from '../model/model';
import { FrameKind } from '../analysis/stack-info';
import type { FrameDisplay } from '../worker/api';
import { flagBadges } from './badges';
import { formatCount, formatDuration, plural } from '../analysis/units';
import { ShowInTimeline } from './timeline/ShowInTimeline';

/** The selected goroutine: full stack, wait, flags, labels, creator (linked when in the dump). */
export const GoroutineDetail = memo(function GoroutineDetail() {
  const ws = useApp((s) => s.workspace)!;
  const row = useApp((s) => s.selectedRow);
  const d = useApp((s) => s.detail);
  const follow = useApp((s) => s.followRow);
  const back = useApp((s) => s.backRow);
  const trail = useApp((s) => s.trail);
  const table = useApp((s) => s.table);
  const filterTo = useApp((s) => s.filterTo);
  if (row < 0 || !d || d.row !== row) {
    return (
      <aside className="detail empty" data-testid="goroutine-detail">
        <div className="muted">{row >= 0 ? 'Loading…' : 'Select a goroutine to see its stack, who created it and its labels.'}</div>
      </aside>
    );
  }
  const snap = ws.snapshots[d.snapshot];
  const flags = d.flags;
  const inTable = !table || table.rows.includes(row);
  return (
    <aside className="detail" data-testid="goroutine-detail">
      {(trail.length > 0 || !inTable) && (
        <div className="detail-nav small">
          {trail.length > 0 && (
            <button className="btn small" onClick={back} data-testid="detail-back">
              ← back
            </button>
          )}
          {!inTable && (
            <span className="muted">
              not among the goroutines the table shows ·{' '}
              <button className="link" onClick={() => filterTo({})}>
                show all
              </button>
            </span>
          )}
        </div>
      )}
      <h2>
        {snap.hasIds ? `Goroutine ${d.goid}` : `${plural(d.weight, 'goroutine')} with this stack`}
        {snap.hasStates && <span className="detail-state"> [{d.state}]</span>}
      </h2>
      {snap.kind === 'trace-end' && <ShowInTimeline input={snap.input} row={d.row - snap.rowStart} />}
      <dl className="facts">
        {snap.hasStates && snap.kind !== 'trace-end' && (
          <>
            <dt>Waiting</dt>
            <dd>{d.waitMinutes >= 0 ? `at least ${plural(d.waitMinutes, 'minute')}` : 'under a minute, or not waiting'}</dd>
          </>
        )}
        {snap.kind === 'trace-end' && (
          <>
            <dt>At the end</dt>
            <dd>{d.value2 > 0 ? `blocked for the last ${formatDuration(d.value2)} of the trace` : d.state}</dd>
          </>
        )}
        {snap.kind === 'time-profile' && (
          <>
            <dt>Blocked</dt>
            <dd>
              {formatDuration(d.value2)} over {formatCount(d.weight)} intervals
            </dd>
          </>
        )}
        <dt>Flags</dt>
        <dd>
          {flagBadges(flags).length ? (
            flagBadges(flags).map((b) => (
              <span key={b} className={`badge b-${b.replace(' ', '-')}`}>
                {b}
              </span>
            ))
          ) : (
            <span className="muted">none</span>
          )}
          {flags & GFlag.Leaked ? <div className="small">The runtime proved this goroutine can never be woken (goroutineleak GC).</div> : null}
          {flags & GFlag.Locked ? <div className="small">Locked to its OS thread (runtime.LockOSThread).</div> : null}
        </dd>
        {d.thread >= 0 && (
          <>
            <dt>Thread</dt>
            <dd>M{d.thread}</dd>
          </>
        )}
        <dt>Labels</dt>
        <dd>
          {d.labels.length === 0 ? (
            <span className="muted">none</span>
          ) : (
            d.labels.map(([k, v]) => (
              <span key={k} className="label-pill mono">
                {k}={v}
              </span>
            ))
          )}
        </dd>
        <dt>Created by</dt>
        <dd>
          {d.createdBy ? (
            <>
              <span className="mono">{d.createdBy.func}</span>
              {d.creatorGoid >= 0 &&
                (d.creatorRow >= 0 ? (
                  <>
                    {' '}
                    in{' '}
                    <button className="link" onClick={() => follow(d.creatorRow)} data-testid="creator-link">
                      goroutine {d.creatorGoid}
                    </button>
                  </>
                ) : (
                  <span className="muted"> in goroutine {d.creatorGoid} (no longer in this dump)</span>
                ))}
              {d.createdBy.file && (
                <div className="mono small muted">
                  {d.createdBy.file}:{d.createdBy.line}
                </div>
              )}
            </>
          ) : (
            <span className="muted">
              {snap.kind === 'trace-end' ? 'not known: it existed before the trace started, or the runtime created it' : snap.hasIds ? 'not shown (goroutine 1, or a runtime-created goroutine)' : 'profiles do not record creators'}
            </span>
          )}
        </dd>
      </dl>
      <h3 className="stack-head">
        Stack{flags & GFlag.Elided ? ' (frames elided by the runtime)' : ''}
        <CopyButton text={d.text} label="Copy" />
      </h3>
      {flags & GFlag.NoStack ? <div className="muted">goroutine running on another thread; stack unavailable</div> : null}
      <StackList frames={d.frames} park={d.parkFrame} testid="stack" />
      {d.life && <TraceLifecycle life={d.life} />}
      {d.ancestors.map((a, i) => (
        <div key={i}>
          <h3>Originating from goroutine {a.goid}</h3>
          <StackList frames={a.frames} park={-1} />
        </div>
      ))}
    </aside>
  );
});

/** Frames innermost first: user code marked, standard library dimmed, the park site flagged. */
function StackList({ frames, park, testid }: { frames: FrameDisplay[]; park: number; testid?: string }) {
  return (
    <ol className="stack" data-testid={testid}>
      {frames.map((f, i) => (
        <li key={i} className={`frame${f.kind === FrameKind.User ? ' user' : ' std'}${f.frame === park ? ' park' : ''}`}>
          <div className="mono fn">
            {f.func}
            {f.inlined ? <span className="muted small"> (inlined)</span> : null}
            {f.frame === park && <span className="badge b-park">park site</span>}
          </div>
          {f.file && (
            <div className="mono small muted">
              {f.file}:{f.line}
            </div>
          )}
        </li>
      ))}
    </ol>
  );
}

function CopyButton({ text, label }: { text: string; label: string }) {
  const [done, setDone] = useState(false);
  return (
    <button
      className="btn small"
      onClick={() => {
        void navigator.clipboard?.writeText(text).then(
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
