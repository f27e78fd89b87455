/**
 * The timeline's resource rows (issue #12): the toggles that add P, thread and task/region rows
 * above the goroutine rows, and the tooltip of an interval on them. Text from the file is written
 * as React text only.
 */
import type { CSSProperties } from 'react';
import { formatDuration } from '../../analysis/units';
import { useTimelineResources } from '../../store/timeline-resources';
import type { ResourceKind, TimelineResourceHit } from '../../worker/api';

const TOGGLES: { kind: ResourceKind; label: string; title: string }[] = [
  { kind: 'procs', label: 'Processors', title: 'A row per P: which goroutine ran on it' },
  { kind: 'threads', label: 'Threads', title: 'A row per thread (M): running with a P, in a syscall, idle' },
  { kind: 'tasks', label: 'Tasks & regions', title: 'A row per user region name and per user task (runtime/trace)' },
];

export function ResourceToggles() {
  const shown = useTimelineResources((s) => s.shown);
  const setShown = useTimelineResources((s) => s.setShown);
  return (
    <span className="tl-res-toggles" role="group" aria-label="Rows above the goroutines">
      <span className="muted small">Rows</span>
      {TOGGLES.map((t) => (
        <label key={t.kind} className="tl-check" title={t.title}>
          <input type="checkbox" checked={shown[t.kind]} onChange={(e) => setShown(t.kind, e.target.checked)} data-testid={`tl-res-${t.kind}`} /> {t.label}
        </label>
      ))}
    </span>
  );
}

/** What the resource rows' colours mean, when any of them shows. */
export function ResourceLegend() {
  const shown = useTimelineResources((s) => s.shown);
  if (!shown.procs && !shown.threads && !shown.tasks) return null;
  return (
    <span className="tl-legend-item" data-testid="tl-res-legend">
      {[shown.procs && 'P rows: a goroutine in the colour of its start function, pale: P held without one, line: idle', shown.threads && 'thread rows: running / in syscall / line: idle', shown.tasks && 'region rows: height = regions open'].filter(Boolean).join(' · ')}
    </span>
  );
}

export function ResourceTooltip({ r, style }: { r: TimelineResourceHit; style: CSSProperties }) {
  const span = `from ${formatDuration(r.startNs)} for ${formatDuration(r.endNs - r.startNs)}`;
  let title: string;
  let detail: string | null = null;
  if (r.kind === 'procs') {
    title = r.goroutine >= 0 ? `P${r.proc} · G${r.goid} running` : `P${r.proc} · ${r.state === 'Running' ? 'held, no goroutine' : r.state.toLowerCase()}`;
    detail = r.thread >= 0 ? `on thread M ${r.thread}` : null;
  } else if (r.kind === 'threads') {
    title = `M ${r.thread} · ${r.state.toLowerCase()}${r.proc >= 0 ? ` with P${r.proc}` : ''}`;
    detail = r.goroutine >= 0 ? `running G${r.goid}` : null;
  } else if (r.state === 'task') {
    title = `task ${r.name || '(unnamed)'} #${r.taskId}`;
  } else {
    title = `region ${r.name || '(unnamed)'}`;
    detail = `${r.goid >= 0 ? `on G${r.goid}` : ''}${r.taskId > 0 ? ` · task #${r.taskId}` : ''}${r.open > 1 ? ` · ${r.open} open then` : ''}`.trim() || null;
  }
  return (
    <div className="tl-tooltip" style={style} data-testid="tl-tooltip" data-kind={r.kind} data-goid={r.goid} data-proc={r.proc} data-thread={r.thread} data-start={r.startNs} data-end={r.endNs} data-name={r.name}>
      <div className="tl-tt-title">{title}</div>
      <div>{span}</div>
      {detail && <div>{detail}</div>}
      {r.func && <div className="muted mono">{r.func}</div>}
      {r.kind === 'procs' && r.goroutine >= 0 && <div className="muted small">click: this goroutine</div>}
    </div>
  );
}
