/**
 * After files were added to a workspace that already held dumps: says where they went — compared
 * with an earlier series because they plainly continue it, or opened as another process — and
 * offers the other choices (compare with …, keep separate, replace what was loaded).
 */
import { useState } from 'react';
import { useApp } from '../store/store';

export function PlacementBar() {
  const placed = useApp((s) => s.placed);
  const ws = useApp((s) => s.workspace);
  const placeLast = useApp((s) => s.placeLast);
  const dismiss = useApp((s) => s.dismissPlaced);
  const [remember, setRemember] = useState(false);
  if (!placed || !ws || placed.mode === 'first' || placed.mode === 'replaced') return null;
  const name = (id: number) => ws.series.find((s) => s.id === id)?.label ?? `series ${id}`;
  const files = placed.inputs.map((i) => ws.inputs[i]?.file).filter(Boolean).join(', ');
  return (
    <div className="placement notice" role="status" data-testid="placement">
      {placed.mode === 'compared' ? (
        <span>
          <strong>{files}</strong> {placed.evidence ? 'is the same process as' : 'was added to'} <strong>{name(placed.series)}</strong>
          {placed.evidence ? ` (${placed.evidence.reason})` : ''}: compared with it as later snapshots.
        </span>
      ) : (
        <span>
          <strong>{files}</strong> opened as a separate process{placed.candidates.length ? ': not compared with what was loaded' : ''}.
        </span>
      )}
      <span className="placement-actions">
        {placed.mode === 'compared' && (
          <button className="btn small" onClick={() => void placeLast(-1, remember)} data-testid="place-separate">
            Keep separate
          </button>
        )}
        {placed.mode === 'separate' &&
          placed.candidates.slice(0, 3).map((c) => (
            <button key={c.series} className="btn small" onClick={() => void placeLast(c.series, remember)} data-testid="place-compare">
              Compare with {c.label}
            </button>
          ))}
        <button className="btn small" onClick={() => void placeLast('replace', remember)} data-testid="place-replace">
          Replace what was loaded
        </button>
        <label className="small">
          <input type="checkbox" checked={remember} onChange={(e) => setRemember(e.target.checked)} /> remember
        </label>
        <button className="btn small" onClick={dismiss} aria-label="Dismiss">
          ✕
        </button>
      </span>
    </div>
  );
}
