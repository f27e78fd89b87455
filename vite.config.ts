import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { VitePWA } from 'vite-plugin-pwa';

// Everything is relative (base './', start_url and scope '.'), so the build works from any sub-path
// of any static host. The service worker precaches the app's own files and nothing else.
const ACCEPT = ['.txt', '.log', '.out', '.trace', '.pb', '.gz', '.pprof', '.prof', '.zip', '.parkscope'];

export default defineConfig({
  plugins: [
    react(),
    VitePWA({
      strategies: 'injectManifest',
      srcDir: 'src',
      filename: 'sw.ts',
      registerType: 'prompt',
      injectRegister: false,
      includeAssets: ['favicon.svg'],
      injectManifest: { globPatterns: ['**/*.{js,css,html,svg,png,txt,trace,webmanifest}'], maximumFileSizeToCacheInBytes: 8 << 20 },
      manifest: {
        id: './',
        name: 'Parkscope — goroutine leak viewer',
        short_name: 'Parkscope',
        description: 'Find leaked and stuck goroutines in Go programs: goroutine dumps, profiles and execution traces, parsed in your browser.',
        start_url: './',
        scope: './',
        display: 'standalone',
        theme_color: '#0e7490',
        background_color: '#f7f8fa',
        icons: [
          { src: 'icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
          { src: 'icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
          { src: 'icons/maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
        file_handlers: [
          {
            action: './',
            accept: {
              'text/plain': ['.txt', '.log'],
              'application/octet-stream': ACCEPT.filter((e) => e !== '.txt' && e !== '.log'),
              'application/x-parkscope': ['.parkscope'],
            },
          },
        ],
        share_target: {
          action: './share-target',
          method: 'POST',
          enctype: 'multipart/form-data',
          params: { title: 'title', text: 'text', url: 'url', files: [{ name: 'files', accept: ['text/plain', 'application/octet-stream', ...ACCEPT] }] },
        },
      },
    }),
  ],
  base: './',
  worker: { format: 'es' },
  build: { target: 'es2022', sourcemap: true, chunkSizeWarningLimit: 1500 },
  server: { port: 5173 },
  preview: { port: 4173, strictPort: true },
});
