/** Ways bytes get to the worker: files, paste, the bundled example. The UI never parses. */
import { useEffect } from 'react';
import { useApp } from '../store/store';

export const EXAMPLE = { name: 'go1.27-leak-debug2.txt', url: 'examples/go1.27-leak-debug2.txt', title: 'Go 1.27 goroutineleak dump (debug=2) with 46 planted leaks' };
/** A small real execution trace (test/fixtures/extra-traces/go1.27-multigen.trace) */
export const EXAMPLE_TRACE = {
  name: 'go1.27-leak-trace.trace',
  url: 'examples/go1.27-leak-trace.trace',
  title: 'Go 1.27 execution trace: 20 goroutines, with leaked channel senders and lockers',
};

export function loadFileList(list: FileList | File[] | null): void {
  if (!list) return;
  const files = Array.from(list).map((f) => ({ name: f.name || 'file', blob: f as Blob }));
  void useApp.getState().loadFiles(files);
}

export function loadText(text: string, name = 'pasted text'): void {
  if (!text.trim()) return;
  void useApp.getState().loadFiles([{ name, blob: new Blob([text], { type: 'text/plain' }) }]);
}

export async function loadExample(example: { name: string; url: string } = EXAMPLE): Promise<void> {
  const res = await fetch(example.url);
  if (!res.ok) throw new Error(`cannot load the bundled example: HTTP ${res.status}`);
  const blob = await res.blob();
  await useApp.getState().loadFiles([{ name: example.name, blob }]);
}

function isEditable(t: EventTarget | null): boolean {
  const el = t as HTMLElement | null;
  return !!el && (el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' || el.isContentEditable);
}

/** Ctrl+V anywhere (outside text fields) loads the clipboard's text or files. */
export function usePasteToLoad(): void {
  useEffect(() => {
    const onPaste = (e: ClipboardEvent) => {
      if (isEditable(e.target)) return;
      const dt = e.clipboardData;
      if (!dt) return;
      if (dt.files.length) {
        e.preventDefault();
        loadFileList(dt.files);
        return;
      }
      const text = dt.getData('text/plain');
      if (text) {
        e.preventDefault();
        loadText(text);
      }
    };
    window.addEventListener('paste', onPaste);
    return () => window.removeEventListener('paste', onPaste);
  }, []);
}
