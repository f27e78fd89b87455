/**
 * Sharing, saving and the app's own life (zustand, apart from the main store): the Share dialog's
 * redaction choices and preview, the link it copies, Save snapshot, and the "update available"
 * state the service worker reports. The worker makes the snapshot (it owns the model); this only
 * turns its bytes into a link or a file.
 */
import { create } from 'zustand';
import { useApp } from './store';
import { unlessWorkerDies, workerApi } from './client';
import { encodeSharedView, viewOf } from './url';
import { toBase64Url } from '../share/compress';
import { DEFAULT_REDACTION, isRedactOptions, type RedactOptions } from '../share/redact';
import type { Reply, SnapshotReply, SnapshotRequest } from '../worker/api';

export type SharePreview = Omit<SnapshotReply, 'bytes'> & { link: string };

export interface ShareState {
  dialog: boolean;
  redact: RedactOptions;
  busy: boolean;
  preview: SharePreview | null;
  error: string | null;
  /** the last link copied (or selected to copy by hand) */
  copied: 'clipboard' | 'manual' | null;
  /** set by the service worker registration: applies the waiting version (reloads the page) */
  update: (() => Promise<void>) | null;
  showDialog(): void;
  hideDialog(): void;
  setRedact(r: Partial<RedactOptions>): void;
  copyLink(): Promise<void>;
  saveSnapshot(): Promise<void>;
}

const REDACT_KEY = 'parkscope.redact';

function storedRedact(): RedactOptions {
  try {
    const v: unknown = JSON.parse(localStorage.getItem(REDACT_KEY) ?? 'null');
    return isRedactOptions(v) ? v : DEFAULT_REDACTION;
  } catch {
    return DEFAULT_REDACTION;
  }
}

let previewSeq = 0;

async function ask(target: SnapshotRequest['target'], redact: RedactOptions): Promise<SnapshotReply | null> {
  const app = useApp.getState();
  const ws = app.workspace;
  if (!ws) return null;
  const q = workerApi().encodeSnapshot(ws.generation, { target, redact, view: { snapshot: app.snapshot, selectedRow: app.selectedRow, filter: app.filter.spec } }) as Promise<Reply<SnapshotReply>>;
  const r = await unlessWorkerDies(q);
  return r.stale ? null : r.value;
}

/** The link for a reply: this page's address with the snapshot and the renumbered view in its fragment. */
function linkOf(r: SnapshotReply, redact: RedactOptions): string {
  const app = useApp.getState();
  const chips = { ...app.filter.chips };
  for (const k of r.view.dropped) delete chips[k as keyof typeof chips];
  const spec = { ...r.view.filter };
  // what the user typed or clicked names label values: not in a link whose values are redacted
  if (redact.labels !== 'keep') {
    delete spec.labelText;
    if (chips.label) chips.label = chips.label.replace(/=.*/, '=…');
  }
  const view = { ...viewOf(app), snapshot: r.view.snapshot, selectedRow: r.view.selectedRow, filter: { spec, chips } };
  return `${location.origin}${location.pathname}#${encodeSharedView(toBase64Url(r.bytes), view)}`;
}

function fileName(): string {
  const first = useApp.getState().workspace?.inputs.find((i) => !i.error)?.file ?? 'parkscope';
  return `${first.replace(/\.(txt|log|out|trace|pb|gz|pprof|parkscope)$/g, '').replace(/[^\w.-]+/g, '_') || 'parkscope'}.parkscope`;
}

export const useShare = create<ShareState>((set, get) => {
  const refresh = async () => {
    const mine = ++previewSeq;
    const redact = get().redact;
    set({ busy: true, error: null, copied: null });
    try {
      const r = await ask('link', redact);
      if (mine !== previewSeq) return;
      if (!r) return set({ busy: false, preview: null });
      const { bytes: _b, ...rest } = r;
      set({ busy: false, preview: { ...rest, link: linkOf(r, redact) } });
    } catch (e) {
      if (mine === previewSeq) set({ busy: false, error: String((e as Error)?.message ?? e) });
    }
  };
  return {
    dialog: false,
    redact: storedRedact(),
    busy: false,
    preview: null,
    error: null,
    copied: null,
    update: null,
    showDialog() {
      set({ dialog: true, preview: null });
      void refresh();
    },
    hideDialog() {
      previewSeq++;
      set({ dialog: false, busy: false });
    },
    setRedact(r) {
      const redact = { ...get().redact, ...r };
      try {
        localStorage.setItem(REDACT_KEY, JSON.stringify(redact));
      } catch {
        /* kept for this page only */
      }
      set({ redact });
      void refresh();
    },
    async copyLink() {
      const link = get().preview?.link;
      if (!link) return;
      try {
        await navigator.clipboard.writeText(link);
        set({ copied: 'clipboard' });
      } catch {
        // no clipboard permission: the link is selected in its field for Ctrl+C
        set({ copied: 'manual' });
      }
    },
    async saveSnapshot() {
      set({ busy: true, error: null });
      try {
        const r = await ask('file', get().redact);
        if (!r) return;
        const url = URL.createObjectURL(new Blob([r.bytes as Uint8Array<ArrayBuffer>], { type: 'application/x-parkscope' }));
        const a = document.createElement('a');
        a.href = url;
        a.download = fileName();
        document.body.append(a);
        a.click();
        a.remove();
        setTimeout(() => URL.revokeObjectURL(url), 10_000);
      } catch (e) {
        set({ error: String((e as Error)?.message ?? e) });
      } finally {
        set({ busy: false });
      }
    },
  };
});
