import { test, expect } from '@playwright/test';
import { openOverview, statValue, truth } from './helpers';

/** Faults the page survives (issue #15): a parser that stops, a tab that dies during a load. */

const exampleTotal = () => (truth('go1.27/leak-debug2.txt').expect.snapshots_total as { goroutines: number }).goroutines;

test('a parser that stops is replaced, says so, and what was loaded before is read again', async ({ page }) => {
  await page.goto('/');
  await page.getByTestId('open-example').click();
  await expect(page.getByTestId('suspects')).toBeVisible();
  await expect.poll(() => page.workers().length).toBeGreaterThan(0);
  // an uncaught error inside the worker: the page treats the worker as gone
  await page.workers()[0].evaluate(() => {
    setTimeout(() => {
      throw new Error('simulated crash inside the parser');
    });
  });
  await expect(page.getByTestId('errors')).toContainText('the parser stopped');
  await expect(page.getByText('A new parser read again what was loaded before')).toBeVisible();
  await openOverview(page);
  expect(await statValue(page, 'stat-goroutines')).toBe(exampleTotal());
});

test('a tab that ends while reading a file comes back with what was loaded before, naming the file', async ({ page, context }) => {
  await page.goto('/');
  await page.getByTestId('open-example').click();
  await expect(page.getByTestId('suspects')).toBeVisible();
  // the session is in this browser: its link names it
  await expect.poll(() => page.url()).toContain('ws=');
  const url = page.url();
  // start a large load, then the tab dies (as when a parser runs out of memory)
  await page.evaluate(() => {
    const block = 'goroutine 7 [chan send]:\nmain.f(0x0)\n\t/x/main.go:1 +0x1\n\n';
    const parts: string[] = [];
    for (let i = 0; i < 60; i++) parts.push(block.repeat(50000).replace(/goroutine 7 /g, () => `goroutine ${(parts.length + 1) * 100000 + Math.floor(Math.random() * 99999)} `));
    const dt = new DataTransfer();
    dt.items.add(new File(parts, 'huge-dump.txt', { type: 'text/plain' }));
    document.querySelector('.app')!.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
  });
  await expect(page.getByTestId('loadbar')).toBeVisible();
  // the renderer dies mid-load without any chance to clean up, as when the browser kills it for memory
  // (a reload or a closed tab says goodbye with pagehide, and is not a crash)
  const crashed = new Promise((resolve) => page.on('crash', resolve));
  const cdp = await context.newCDPSession(page);
  void cdp.send('Page.crash').catch(() => {});
  await crashed;
  const again = await context.newPage();
  await again.goto(url);
  await expect(again.getByTestId('errors')).toContainText('huge-dump.txt');
  await expect(again.getByTestId('errors')).toContainText('What was loaded before is back');
  await openOverview(again);
  expect(await statValue(again, 'stat-goroutines')).toBe(exampleTotal());
});
