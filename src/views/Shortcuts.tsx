/**
 * The `?` sheet: every view's keyboard shortcuts in one place, the current view's first. A view that
 * shows its own key list handles `?` itself (and calls preventDefault); otherwise this sheet opens.
 */
import { useEffect, useRef, useState } from 'react';
import { useApp, type TabName } from '../store/store';
import { FLAME_KEYS } from './flame/flame-text';

interface KeySection {
  view: string;
  tab: TabName | null;
  keys: [string, string][];
}

const SECTIONS: KeySection[] = [
  {
    view: 'Everywhere',
    tab: null,
    keys: [
      ['?', 'this list'],
      ['Esc', 'close a dialog or this list'],
      ['Ctrl+V', 'paste a dump (text) to load it'],
      ['Tab / Shift+Tab', 'move between controls; the focused one is outlined'],
    ],
  },
  {
    view: 'Leak report',
    tab: 'report',
    keys: [
      ['↑ / ↓', 'previous / next suspect (in the list)'],
      ['Enter', "show the suspect's goroutines in the table"],
    ],
  },
  { view: 'Flame graph', tab: 'flame', keys: FLAME_KEYS },
  {
    view: 'Goroutines',
    tab: 'goroutines',
    keys: [
      ['/', 'jump to the function or file filter'],
      ['↑ / ↓', 'previous / next goroutine (in the table)'],
    ],
  },
];

function isTyping(t: EventTarget | null): boolean {
  const el = t as HTMLElement | null;
  return !!el && (el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' || el.tagName === 'SELECT' || el.isContentEditable);
}

export function ShortcutSheet() {
  const [open, setOpen] = useState(false);
  const tab = useApp((s) => (s.hasData ? s.tab : null));
  const closeRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') setOpen(false);
      if (e.key !== '?' || e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || isTyping(e.target)) return;
      e.preventDefault();
      setOpen((o) => !o);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
  useEffect(() => {
    if (open) closeRef.current?.focus();
  }, [open]);
  if (!open) return null;
  const ordered = [...SECTIONS].sort((a, b) => Number(b.tab === tab) - Number(a.tab === tab));
  return (
    <div className="modal-backdrop" onClick={() => setOpen(false)}>
      <div className="modal card shortcuts" role="dialog" aria-modal="true" aria-label="Keyboard shortcuts" data-testid="shortcuts" onClick={(e) => e.stopPropagation()}>
        <div className="shortcuts-head">
          <h2>Keyboard shortcuts</h2>
          <button ref={closeRef} type="button" className="btn small" onClick={() => setOpen(false)}>
            Close
          </button>
        </div>
        {ordered.map((s) => (
          <section key={s.view} data-testid="shortcut-section">
            <h3>
              {s.view}
              {s.tab === tab && tab !== null && <span className="muted small"> · this view</span>}
            </h3>
            <table className="grid compact">
              <tbody>
                {s.keys.map(([k, what]) => (
                  <tr key={k}>
                    <td className="shortcut-key">
                      <kbd>{k}</kbd>
                    </td>
                    <td>{what}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        ))}
      </div>
    </div>
  );
}
