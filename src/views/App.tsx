import { useEffect } from 'react';
import { useApp } from '../store/store';
import { DropOverlay } from './DropOverlay';
import { Header } from './Header';
import { LoadBar } from './LoadBar';
import { Errors } from './Errors';
import { StartPage } from './StartPage';
import { Workspace } from './Workspace';
import { usePasteToLoad } from './input-sources';
import { ErrorBoundary } from './ErrorBoundary';
import { ShareBars } from './share/Bars';
import { ShortcutSheet } from './Shortcuts';

export function App() {
  const theme = useApp((s) => s.theme);
  const hasData = useApp((s) => s.hasData);
  const generation = useApp((s) => s.workspace?.generation ?? 0);
  useEffect(() => {
    document.documentElement.dataset.theme = theme;
  }, [theme]);
  // follow the system setting until the user picks a theme
  useEffect(() => {
    const mq = matchMedia('(prefers-color-scheme: dark)');
    const on = () => {
      if (useApp.getState().themeFromSystem) useApp.setState({ theme: mq.matches ? 'dark' : 'light' });
    };
    mq.addEventListener('change', on);
    return () => mq.removeEventListener('change', on);
  }, []);
  usePasteToLoad();
  return (
    <div className="app">
      <Header />
      <LoadBar />
      <Errors />
      <ShareBars />
      <main className="main">
        <ErrorBoundary key={generation} onReset={() => void useApp.getState().clearAll()}>
          {hasData ? <Workspace /> : <StartPage />}
        </ErrorBoundary>
      </main>
      <DropOverlay />
      <ShortcutSheet />
    </div>
  );
}
