import { useEffect, useRef } from 'react';
import { useApp } from '../../store/store';
import { useShare } from '../../store/share';
import { formatCount } from '../../analysis/units';
import type { RedactOptions } from '../../share/redact';
import './share.css';

/** The header's Share button and its dialog (one-line hook in Header.tsx). */
export function ShareButton() {
  const hasData = useApp((s) => s.hasData);
  const busy = useApp((s) => s.loading !== null || s.restoring);
  const open = useShare((s) => s.dialog);
  const show = useShare((s) => s.showDialog);
  if (!hasData) return null;
  return (
    <>
      <button className="btn" onClick={show} disabled={busy} title="A link to this view, or a snapshot file" data-testid="share-open">
        Share…
      </button>
      {open && <ShareDialog />}
    </>
  );
}

const CHOICES: { key: keyof RedactOptions; label: string; options: [string, string][]; note: string }[] = [
  { key: 'paths', label: 'File paths', options: [['keep', 'keep'], ['strip', 'file names only'], ['hash', 'hash directories']], note: 'the report groups by function; paths only locate the source' },
  { key: 'args', label: 'Argument values', options: [['strip', 'remove'], ['keep', 'keep']], note: 'panic values and parser warnings lose them; the addresses in frames\' arguments (what goroutines wait on) become placeholders, equal ones still equal' },
  { key: 'labels', label: 'Label values', options: [['keep', 'keep'], ['hash', 'hash'], ['strip', 'remove']], note: 'hashes keep equal values equal, so counts by label stay' },
];

function ShareDialog() {
  const st = useShare();
  const ws = useApp((s) => s.workspace);
  const linkRef = useRef<HTMLTextAreaElement>(null);
  useEffect(() => {
    const key = (e: KeyboardEvent) => {
      if (e.key === 'Escape') useShare.getState().hideDialog();
    };
    window.addEventListener('keydown', key);
    return () => window.removeEventListener('keydown', key);
  }, []);
  useEffect(() => {
    if (st.copied === 'manual') linkRef.current?.select();
  }, [st.copied]);
  const p = st.preview;
  const files = (ws?.inputs ?? []).filter((i) => !i.error).map((i) => i.file);
  return (
    <div className="modal-backdrop" onPointerDown={(e) => e.target === e.currentTarget && st.hideDialog()}>
      <div className="modal card" role="dialog" aria-modal="true" aria-label="Share" data-testid="share-dialog">
        <h2>Share what is loaded</h2>
        <p className="muted small">
          The link carries a snapshot of this view — goroutines, stacks, the report's numbers — in its <code>#</code> fragment, which browsers never send to a server. Whoever opens it sees
          the same view with the same numbers, also offline. Nothing is uploaded anywhere.
        </p>
        <div className="redact" data-testid="share-redact">
          {CHOICES.map((c) => (
            <div key={c.key} className="redact-row">
              <span className="redact-label">{c.label}</span>
              <span className="redact-options" role="radiogroup" aria-label={c.label}>
                {c.options.map(([v, label]) => (
                  <label key={v}>
                    <input type="radio" name={`redact-${c.key}`} value={v} checked={st.redact[c.key] === v} onChange={() => st.setRedact({ [c.key]: v } as Partial<RedactOptions>)} data-testid={`redact-${c.key}-${v}`} />
                    {label}
                  </label>
                ))}
              </span>
              <span className="muted small">{c.note}</span>
            </div>
          ))}
        </div>
        <section className="share-preview" data-testid="share-preview" aria-busy={st.busy}>
          <h3>What will be shared</h3>
          {!p && st.busy && <div className="muted">Making the snapshot…</div>}
          {p && (
            <>
              <div>
                {formatCount(p.counts.goroutines)} goroutine rows of {files.length === 1 ? files[0] : `${files.length} files (${files.slice(0, 3).join(', ')}${files.length > 3 ? ', …' : ''})`}, {formatCount(p.counts.stacks)} stacks,{' '}
                {formatCount(p.counts.strings)} names and paths; the view: tab, snapshot, selection, filter, grouping and sort.
              </div>
              {p.samples.length > 0 && (
                <table className="grid compact redact-samples" data-testid="share-samples">
                  <thead>
                    <tr>
                      <th>before</th>
                      <th>shared as</th>
                    </tr>
                  </thead>
                  <tbody>
                    {p.samples.map((s, i) => (
                      <tr key={i}>
                        <td className="mono">{s.before}</td>
                        <td className="mono">{s.after}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
              {p.redacted.length > 0 && <div className="small">Redacted: {p.redacted.join('; ')}.</div>}
              {p.leftOut.length > 0 && (
                <div className="small" data-testid="share-leftout">
                  Too large for a link as it is: the link carries a reduced snapshot (the leak report, park sites, state-flow counts, and the lifecycles of the goroutines alive at the end and of
                  the busiest). Left out:
                  <ul>
                    {p.leftOut.map((l, i) => (
                      <li key={i}>{l}</li>
                    ))}
                  </ul>
                  Save snapshot keeps everything.
                </div>
              )}
              {p.view.dropped.length > 0 && <div className="small muted">The link's view leaves out the filter on {p.view.dropped.join(', ')} (not in the snapshot).</div>}
              <div className={`small ${p.fits ? 'muted' : 'bad'}`} data-testid="share-size">
                {p.fits ? `The link is ${formatCount(p.link.length)} characters long.` : `Even reduced, the link would be ${formatCount(p.linkChars)} characters, more than the ${formatCount(p.budget)} a link may carry: save a snapshot file instead.`}
              </div>
            </>
          )}
          {st.error && <div className="bad small">{st.error}</div>}
        </section>
        {p?.fits && <textarea ref={linkRef} className="share-link mono" readOnly value={p.link} rows={3} onFocus={(e) => e.currentTarget.select()} data-testid="share-link" aria-label="Link" />}
        <div className="row">
          <button className="btn primary" onClick={() => void st.copyLink()} disabled={!p?.fits || st.busy} data-testid="share-copy">
            Copy link
          </button>
          <button className="btn" onClick={() => void st.saveSnapshot()} disabled={st.busy} title="Everything loaded, as a .parkscope file (opens by drop, Open files… or from the system)" data-testid="share-save">
            Save snapshot
          </button>
          <button className="btn" onClick={st.hideDialog}>
            Close
          </button>
          <span className="small" role="status" data-testid="share-status">
            {st.copied === 'clipboard' ? 'Copied.' : st.copied === 'manual' ? 'The link is selected: press Ctrl+C (this browser did not allow the clipboard).' : ''}
          </span>
        </div>
      </div>
    </div>
  );
}
