/**
 * Ways the operating system hands the installed app something to open: the File Handling API
 * (`file_handlers` in the manifest; files arrive through `launchQueue`) and the Web Share Target
 * (`share_target`: the service worker answers the POST itself and keeps what was shared in this
 * browser's Cache Storage; the page reads it from there — nothing goes over the network).
 */
import { loadFileList, loadText } from '../input-sources';

interface LaunchParams {
  files?: readonly FileSystemHandle[];
}

declare global {
  interface Window {
    launchQueue?: { setConsumer(consumer: (params: LaunchParams) => void): void };
  }
}

/** The cache the service worker puts shared items in (sw.ts). */
export const SHARE_CACHE = 'parkscope-share-target';

export function startLaunchHandling(): void {
  window.launchQueue?.setConsumer((params) => {
    const handles = (params.files ?? []).filter((h): h is FileSystemFileHandle => h.kind === 'file');
    if (!handles.length) return;
    void Promise.all(handles.map((h) => h.getFile())).then((files) => loadFileList(files));
  });
  void openSharedItems();
}

/** `#share-target=<id>`: what the service worker kept of a share (text, or files). */
async function openSharedItems(): Promise<void> {
  const m = /(?:^#|&)share-target=([\w-]+)/.exec(location.hash);
  if (!m || typeof caches === 'undefined') return;
  history.replaceState(null, '', location.pathname + location.search);
  const cache = await caches.open(SHARE_CACHE);
  const prefix = `share-target/${m[1]}/`;
  const keys = (await cache.keys()).filter((r) => new URL(r.url).pathname.includes(prefix));
  const files: File[] = [];
  for (const k of keys) {
    const res = await cache.match(k);
    await cache.delete(k);
    if (!res) continue;
    const name = decodeURIComponent(res.headers.get('x-name') ?? 'shared text');
    const blob = await res.blob();
    if (res.headers.get('x-kind') === 'text') loadText(await blob.text(), name);
    else files.push(new File([blob], name));
  }
  if (files.length) loadFileList(files);
}
