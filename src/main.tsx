/// <reference types="vite-plugin-pwa/client" />
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { registerSW } from 'virtual:pwa-register';
import { App } from './views/App';
import { startUrlSync } from './store/url';
import { useShare } from './store/share';
import { startLaunchHandling } from './views/share/launch';
import { workerApi } from './store/client';
import './views/styles.css';

startUrlSync();
startLaunchHandling();

// the service worker precaches the app (offline, installable); a new version waits until the user updates
const updateSW = registerSW({
  onNeedRefresh: () => useShare.setState({ update: () => updateSW(true) }),
});

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);

// start the parser's worker once the page is up, so that the first file dropped does not wait for
// the worker's script to load and compile
setTimeout(() => workerApi(), 0);
