/** The leak report view renders the worker's report (server-side render, no DOM), file text as text only. */
import { describe, expect, it } from 'vitest';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { LeakReport } from '../src/views/report/LeakReport';
import { Session } from '../src/worker/session';
import { sessionWith, textFile, value } from './session-helpers';

describe('LeakReport view', () => {
  it('shows suspects first, growth, background apart and the chart', async () => {
    const s = await sessionWith(['go1.27/grow-1.txt', 'go1.27/grow-2.txt']);
    const report = value(s.report(s.currentGeneration, s.workspace(-1).suggestedSnapshot, 'exact'));
    const html = renderToStaticMarkup(createElement(LeakReport, { report, onOpenSuspect: () => {} }));
    expect(html.indexOf('main.(*Pipeline).produce')).toBeGreaterThan(0);
    expect(html).toContain('>+13<');
    expect(html).toContain('count per snapshot: 7 → 20');
    expect(html).toContain('<svg');
  });

  it('renders hostile names as text', async () => {
    const s = new Session();
    await s.load([textFile('evil.txt', 'goroutine 7 [chan send]:\nmain.<img src=x onerror=alert(1)>.f()\n\t/x/y.go:3 +0x1\n\n')], { mode: 'auto' });
    const report = value(s.report(s.currentGeneration, 0, 'exact'));
    const html = renderToStaticMarkup(createElement(LeakReport, { report, onOpenSuspect: () => {} }));
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;img');
  });
});
