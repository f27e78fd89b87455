/// <reference lib="webworker" />
/**
 * The service worker (vite-plugin-pwa, injectManifest): precaches the app's own files so it opens
 * offline, answers navigations with the cached page, and answers the share target's POST itself —
 * what was shared goes into Cache Storage and the page opens it from there. It fetches nothing but
 * the app's own files (the precache), never another origin.
 */
import { cleanupOutdatedCaches, createHandlerBoundToURL, precacheAndRoute } from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';

declare let self: ServiceWorkerGlobalScope;

precacheAndRoute(self.__WB_MANIFEST);
cleanupOutdatedCaches();
registerRoute(new NavigationRoute(createHandlerBoundToURL('index.html')));

const SHARE_CACHE = 'parkscope-share-target';

// the first version takes the page that installed it at once (so it works offline without a reload);
// a later version waits until the user updates (the page asks with SKIP_WAITING)
self.addEventListener('activate', (e) => e.waitUntil(self.clients.claim()));

self.addEventListener('message', (e) => {
  if ((e.data as { type?: string } | null)?.type === 'SKIP_WAITING') void self.skipWaiting();
});

self.addEventListener('fetch', (e) => {
  const url = new URL(e.request.url);
  if (e.request.method !== 'POST' || url.origin !== self.location.origin || !url.pathname.endsWith('/share-target')) return;
  e.respondWith(keepShared(e.request));
});

async function keepShared(req: Request): Promise<Response> {
  const id = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
  const base = new URL('share-target/', self.registration.scope).href;
  try {
    const form = await req.formData();
    const cache = await caches.open(SHARE_CACHE);
    let n = 0;
    const text = [form.get('text'), form.get('url')].filter((v): v is string => typeof v === 'string' && v.trim() !== '').join('\n');
    if (text) {
      const title = typeof form.get('title') === 'string' && form.get('title') ? String(form.get('title')) : 'shared text';
      await cache.put(`${base}${id}/${n++}`, new Response(text, { headers: { 'x-kind': 'text', 'x-name': encodeURIComponent(title) } }));
    }
    for (const f of form.getAll('files')) if (f instanceof File) await cache.put(`${base}${id}/${n++}`, new Response(f, { headers: { 'x-kind': 'file', 'x-name': encodeURIComponent(f.name || 'shared file') } }));
  } catch {
    // an unreadable share opens the app without it
  }
  return Response.redirect(new URL(`./#share-target=${id}`, self.registration.scope).href, 303);
}
