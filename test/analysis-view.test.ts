/** The leak report view renders the analysis (server-side render, no DOM), file text as text only. */
import { describe, expect, it } from 'vitest';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { LeakReport } from '../src/views/report/LeakReport';
import { analyze } from '../src/analysis/index';
import { parseBytes } from './expect';
import { loadAll } from './analysis-helpers';

describe('LeakReport view', () => {
  it('shows suspects first, growth, background apart and the chart', async () => {
    const view = await loadAll(['go1.27/grow-1.txt', 'go1.27/grow-2.txt']);
    const html = renderToStaticMarkup(createElement(LeakReport, { analysis: analyze(view), view, onOpenGroup: () => {} }));
    expect(html.indexOf('main.(*Pipeline).produce')).toBeGreaterThan(0);
    expect(html).toContain('>+13<');
    expect(html).toContain('count per snapshot: 7 → 20');
    expect(html).toContain('<svg');
  });

  it('renders hostile names as text', async () => {
    const dump = 'goroutine 7 [chan send]:\nmain.<img src=x onerror=alert(1)>.f()\n\t/x/y.go:3 +0x1\n\n';
    const view = await parseBytes('evil.txt', new TextEncoder().encode(dump));
    const html = renderToStaticMarkup(createElement(LeakReport, { analysis: analyze(view), view, onOpenGroup: () => {} }));
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;img');
  });
});
