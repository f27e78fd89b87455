import { useEffect, useRef, useState } from 'react';
import { useApp } from '../store/store';

/** Where frame links go: an editor URL template and build-path → local-path mappings (saved locally). */
export function EditorSettingsButton() {
  const [open, setOpen] = useState(false);
  const box = useRef<HTMLDivElement>(null);
  // Esc and a click outside close it, as any popover
  useEffect(() => {
    if (!open) return;
    const key = (e: KeyboardEvent) => {
      if (e.key === 'Escape') setOpen(false);
    };
    const down = (e: PointerEvent) => {
      if (box.current && !box.current.contains(e.target as Node)) setOpen(false);
    };
    window.addEventListener('keydown', key);
    window.addEventListener('pointerdown', down);
    return () => {
      window.removeEventListener('keydown', key);
      window.removeEventListener('pointerdown', down);
    };
  }, [open]);
  return (
    <div className="popover-anchor" ref={box}>
      <button className="btn icon" onClick={() => setOpen((o) => !o)} title="Editor links" aria-label="Editor link settings" aria-expanded={open} data-testid="settings">
        ⚙
      </button>
      {open && <EditorSettingsPanel onClose={() => setOpen(false)} />}
    </div>
  );
}

function EditorSettingsPanel({ onClose }: { onClose: () => void }) {
  const editor = useApp((s) => s.editor);
  const setEditor = useApp((s) => s.setEditor);
  const [template, setTemplate] = useState(editor?.template ?? '');
  const [maps, setMaps] = useState((editor?.mappings ?? []).map((m) => `${m.from} => ${m.to}`).join('\n'));
  const save = () => {
    const mappings = maps
      .split('\n')
      .map((l) => l.split('=>').map((x) => x.trim()))
      .filter((p) => p.length === 2 && p[0])
      .map(([from, to]) => ({ from, to }));
    setEditor(template.trim() ? { template: template.trim(), mappings } : null);
    onClose();
  };
  return (
    <div className="popover" role="dialog" aria-label="Editor links" data-testid="settings-popover">
      <h2>Open frames in your editor</h2>
      <label className="field">
        <span>Link template</span>
        <input autoFocus value={template} onChange={(e) => setTemplate(e.target.value)} placeholder="vscode://file/{path}:{line}" spellCheck={false} />
        <span className="muted small">
          <code>{'{path}'}</code> <code>{'{line}'}</code> <code>{'{func}'}</code>. Without a template, standard-library frames link to the Go source of the dump's version and module frames to pkg.go.dev.
        </span>
      </label>
      <label className="field">
        <span>Path mappings, one per line</span>
        <textarea value={maps} onChange={(e) => setMaps(e.target.value)} placeholder="/home/build/src => /Users/me/src" rows={3} spellCheck={false} />
      </label>
      <div className="row">
        <button className="btn primary" onClick={save}>
          Save
        </button>
        <button className="btn" onClick={onClose}>
          Cancel
        </button>
        <span className="muted small">Saved in this browser only.</span>
      </div>
    </div>
  );
}
