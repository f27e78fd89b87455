import { test, expect } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { dropFiles, dropFixture, FIXTURES, openOverview, selectState, shownParkSites, shownStates, statValue, truth } from './helpers';

test.describe('foundation: text dumps end to end', () => {
  // nothing the user loads may leave the browser: every request must go to the page's own origin
  let offOrigin: string[] = [];
  test.beforeEach(async ({ page }) => {
    offOrigin = [];
    page.on('request', (req) => {
      const url = new URL(req.url());
      if (url.protocol !== 'blob:' && url.protocol !== 'data:' && url.host !== new URL(test.info().project.use.baseURL!).host) offOrigin.push(req.url());
    });
    await page.goto('/');
  });
  test.afterEach(() => {
    expect(offOrigin).toEqual([]);
  });

  test('the start page teaches the inputs and offers the example', async ({ page }) => {
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await expect(page.getByText('debug/pprof/goroutine?debug=2')).toBeVisible();
    await expect(page.getByText('kill -QUIT')).toBeVisible();
    await expect(page.getByText('go test -trace')).toBeVisible();
    await expect(page.getByText('GODEBUG=schedtrace')).toBeVisible();
    await expect(page.getByTestId('open-example')).toBeVisible();
  });

  test('a dropped Go 1.27 debug=2 dump shows the counts of its truth', async ({ page }) => {
    const rel = 'go1.27/debug2.txt';
    const t = truth(rel).expect;
    await dropFixture(page, rel);
    await openOverview(page);
    expect(await statValue(page, 'stat-goroutines')).toBe(t.snapshots_total!.goroutines);
    expect(await statValue(page, 'stat-locked')).toBe(t.snapshots_total!.lockedToThread);
    expect(await shownStates(page)).toEqual(t.snapshots_total!.states);
    expect(await shownParkSites(page)).toEqual(Object.fromEntries(t.parkSites!.map((p) => [p.function, p.count])));
  });

  test('a SIGQUIT dump of Go 1.19 shows the counts of its truth', async ({ page }) => {
    const rel = 'go1.19/sigquit-all.txt';
    const t = truth(rel).expect;
    await dropFixture(page, rel);
    await openOverview(page);
    expect(await statValue(page, 'stat-goroutines')).toBe(t.snapshots_total!.goroutines);
    expect(await shownStates(page)).toEqual(t.snapshots_total!.states);
  });

  test('pasting a dump loads it', async ({ page }) => {
    const rel = 'go1.21/deadlock.txt';
    const text = readFileSync(join(FIXTURES, rel), 'utf8');
    await page.getByTestId('paste-box').fill(text);
    await page.getByTestId('paste-load').click();
    await openOverview(page);
    expect(await statValue(page, 'stat-goroutines')).toBe(truth(rel).expect.snapshots_total!.goroutines);
  });

  test('Ctrl+V anywhere loads the clipboard text', async ({ page }) => {
    const rel = 'go1.24/stack.txt';
    const text = readFileSync(join(FIXTURES, rel), 'utf8');
    await page.evaluate((t) => {
      const dt = new DataTransfer();
      dt.setData('text/plain', t);
      window.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
    }, text);
    await openOverview(page);
    expect(await statValue(page, 'stat-goroutines')).toBe(truth(rel).expect.snapshots_total!.goroutines);
  });

  test('the bundled example opens with one click and shows its leaks', async ({ page }) => {
    const t = truth('go1.27/leak-debug2.txt').expect;
    await page.getByTestId('open-example').click();
    await openOverview(page);
    expect(await statValue(page, 'stat-goroutines')).toBe(t.snapshots_total!.goroutines);
    expect(await statValue(page, 'stat-leaked')).toBe(t.snapshots_total!.leaked);
  });

  test('a PNG gives a clear error and keeps the earlier snapshot', async ({ page }) => {
    await dropFixture(page, 'go1.27/debug2.txt');
    await openOverview(page);
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489', 'hex');
    await dropFiles(page, [{ name: 'screenshot.png', bytes: png, type: 'image/png' }]);
    await expect(page.getByTestId('errors')).toContainText('screenshot.png');
    await expect(page.getByTestId('errors')).toContainText('starts with PNG signature');
    expect(await statValue(page, 'stat-goroutines')).toBe((truth('go1.27/debug2.txt').expect.snapshots_total as { goroutines: number }).goroutines);
  });

  test('the goroutine table filters, and the detail links to the creator', async ({ page }) => {
    const t = truth('go1.27/debug2.txt').expect.snapshots_total! as { goroutines: number; states: Record<string, number> };
    await dropFixture(page, 'go1.27/debug2.txt');
    await page.getByTestId('tab-goroutines').click();
    await expect(page.getByTestId('row-count')).toHaveText(`${t.goroutines} of ${t.goroutines} goroutines`);
    await selectState(page, 'chan send');
    await expect(page.getByTestId('row-count')).toHaveText(`${t.states['chan send']} of ${t.goroutines} goroutines`);
    await page.getByTestId('filter-text').fill('Pipeline).produce');
    const chanSend = (JSON.parse(readFileSync(join(FIXTURES, 'go1.27/debug2.txt.truth.json'), 'utf8')) as { sites: { key: string; count: number }[] }).sites.find((x) => x.key === 'chan_send')!.count;
    await expect(page.getByTestId('row-count')).toHaveText(`${chanSend} of ${t.goroutines} goroutines`);
    await page.getByTestId('goroutine-row').first().click();
    const detail = page.getByTestId('goroutine-detail');
    await expect(detail).toContainText('main.(*Pipeline).produce');
    await expect(detail).toContainText('Created by');
    await expect(detail).toContainText('main.(*Pipeline).launchStage');
    // the creator goroutine exited: the dump says so instead of a dead link
    await expect(detail).toContainText('no longer in this dump');
    await selectState(page, '');
    await page.getByTestId('filter-text').fill('');
    // this dump was written without labels in its headers: an exact label filter finds nothing
    await page.getByTestId('filter-label').fill('tenant=acme');
    await expect(page.getByTestId('row-count')).toHaveText(`0 of ${t.goroutines} goroutines`);
  });

  test('labels from a Go 1.27 header are filterable', async ({ page }) => {
    await dropFixture(page, 'go1.27/debug2-tracebacklabels.txt');
    await page.getByTestId('tab-goroutines').click();
    await page.getByTestId('filter-label').fill('tenant=acme');
    await expect(page.getByTestId('row-count')).toHaveText(/^3 of \d+ goroutines$/);
  });

  test('the theme toggle switches light and dark', async ({ page }) => {
    const before = await page.evaluate(() => document.documentElement.dataset.theme);
    await page.getByTestId('theme-toggle').click();
    const after = await page.evaluate(() => document.documentElement.dataset.theme);
    expect(after).not.toBe(before);
    expect(['light', 'dark']).toContain(after);
  });

  test('a large load shows progress and can be cancelled, keeping what was loaded', async ({ page }) => {
    await dropFixture(page, 'go1.27/debug2.txt');
    await openOverview(page);
    // ~200 MB of dumps built in the page (the worker reads it in slices)
    await page.evaluate(async () => {
      const block = 'goroutine 7 [chan send]:\nmain.f(0x0)\n\t/x/main.go:1 +0x1\ncreated by main.g in goroutine 1\n\t/x/main.go:2 +0x2\n\n';
      const piece = block.repeat(20000);
      const parts: string[] = [];
      let size = 0;
      let id = 10;
      while (size < 200e6) {
        const p = piece.replace(/goroutine 7 /g, () => `goroutine ${id++} `);
        parts.push(p);
        size += p.length;
      }
      const file = new File(parts, 'huge.txt', { type: 'text/plain' });
      const dt = new DataTransfer();
      dt.items.add(file);
      document.querySelector('.app')!.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
    });
    await expect(page.getByTestId('loadbar')).toBeVisible();
    await expect(page.getByTestId('loadbar')).toContainText('huge.txt');
    await page.getByTestId('cancel-load').click();
    await expect(page.getByTestId('loadbar')).toBeHidden();
    await expect(page.getByText('Load cancelled')).toBeVisible();
    expect(await statValue(page, 'stat-goroutines')).toBe((truth('go1.27/debug2.txt').expect.snapshots_total as { goroutines: number }).goroutines);
  });
});

test('opening the example twice does not load it twice', async ({ page }) => {
  await page.goto('/');
  await page.getByTestId('open-example').click();
  await expect(page.getByTestId('suspects')).toBeVisible();
  await page.getByRole('button', { name: 'Example' }).click();
  await expect(page.getByText('Already loaded, skipped: go1.27-leak-debug2.txt')).toBeVisible();
  await expect(page.getByTestId('snapshot-picker')).toHaveCount(0);
});
