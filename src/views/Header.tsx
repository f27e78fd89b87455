import { useRef } from 'react';
import { useApp } from '../store/store';
import { loadExample, loadFileList } from './input-sources';
import { EditorSettingsButton } from './EditorSettings';
import { ShareButton } from './share/ShareDialog';

export function Header() {
  const fileRef = useRef<HTMLInputElement>(null);
  const theme = useApp((s) => s.theme);
  const toggleTheme = useApp((s) => s.toggleTheme);
  const hasData = useApp((s) => s.hasData);
  const clearAll = useApp((s) => s.clearAll);
  const loading = useApp((s) => s.loading !== null || s.restoring);
  return (
    <header className="header">
      <div className="brand">
        <svg width="22" height="22" viewBox="0 0 32 32" aria-hidden="true">
          <rect width="32" height="32" rx="7" fill="var(--accent)" />
          <circle cx="16" cy="16" r="8.5" fill="none" stroke="#fff" strokeWidth="3" />
          <rect x="12.5" y="12" width="2.6" height="8" rx="1" fill="#fff" />
          <rect x="17" y="12" width="2.6" height="8" rx="1" fill="#fff" />
        </svg>
        <span className="brand-name">Parkscope</span>
        <span className="brand-tag">where goroutines park</span>
      </div>
      <div className="header-actions">
        <button className="btn primary" onClick={() => fileRef.current?.click()} disabled={loading}>
          Open files…
        </button>
        <input
          ref={fileRef}
          type="file"
          multiple
          hidden
          data-testid="file-input"
          onChange={(e) => {
            loadFileList(e.currentTarget.files);
            e.currentTarget.value = '';
          }}
        />
        <button className="btn" onClick={() => void loadExample()} disabled={loading}>
          Example
        </button>
        {hasData && (
          <button className="btn" onClick={() => void clearAll()} disabled={loading} title="Forget everything loaded">
            Clear
          </button>
        )}
        <ShareButton />
        <EditorSettingsButton />
        <button className="btn icon" onClick={toggleTheme} title={`Switch to ${theme === 'dark' ? 'light' : 'dark'} theme`} aria-label="Toggle theme" data-testid="theme-toggle">
          {theme === 'dark' ? '☀' : '☾'}
        </button>
      </div>
    </header>
  );
}
