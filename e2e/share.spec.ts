import { test, expect, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { dropFiles, dropFixture, FIXTURES, openOverview, selectState, shownStates, statValue, truth } from './helpers';

/** Opens the Share dialog and reads the link it offers. */
async function shareLink(page: Page): Promise<string> {
  await page.getByTestId('share-open').click();
  const link = page.getByTestId('share-link');
  await expect(link).toBeVisible();
  return link.inputValue();
}

test.describe('share: permalinks and snapshot files (#14)', () => {
  test('a copied link opens the same view with the same numbers in a fresh browser', async ({ page, browser, context }) => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    const rel = 'go1.27/debug2.txt';
    const t = truth(rel).expect.snapshots_total as { goroutines: number; states: Record<string, number> };
    await page.goto('/');
    await dropFixture(page, rel);
    await page.getByTestId('tab-goroutines').click();
    await selectState(page, 'chan send');
    await expect(page.getByTestId('row-count')).toHaveText(`${t.states['chan send']} of ${t.goroutines} goroutines`);
    await page.getByTestId('goroutine-row').nth(2).click();
    const heading = await page.getByTestId('goroutine-detail').locator('h2').innerText();
    const link = await shareLink(page);
    expect(link).toMatch(/#p=[\w-]+&tab=goroutines&s=0&g=\d+&f=/);
    await page.getByTestId('share-copy').click();
    await expect(page.getByTestId('share-status')).toHaveText('Copied.');
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(link);

    // a fresh context: nothing of the first one's storage, only the link
    const other = await browser.newContext();
    const p2 = await other.newPage();
    const t0 = Date.now();
    await p2.goto(link);
    await expect(p2.getByTestId('row-count')).toHaveText(`${t.states['chan send']} of ${t.goroutines} goroutines`);
    test.info().annotations.push({ type: 'open-link-ms', description: String(Date.now() - t0) });
    await expect(p2.getByTestId('goroutine-detail').locator('h2')).toHaveText(heading);
    await expect(p2.getByTestId('snapshot-origin')).toContainText('everything it was made from is here');
    await openOverview(p2);
    expect(await statValue(p2, 'stat-goroutines')).toBe(t.goroutines);
    expect(await shownStates(p2)).toEqual(t.states);
    // the link became this browser's own session: a reload keeps it
    await expect(p2).toHaveURL(/#ws=[0-9a-f]+/);
    await p2.reload();
    expect(await statValue(p2, 'stat-goroutines')).toBe(t.goroutines);
    await other.close();
  });

  test('a redacted link shows the preview, hides the values and keeps the counts', async ({ page, browser }) => {
    const rel = 'go1.27/debug2-tracebacklabels.txt';
    await page.goto('/');
    await dropFixture(page, rel);
    await openOverview(page);
    const goroutines = await statValue(page, 'stat-goroutines');
    await page.getByTestId('share-open').click();
    await page.getByTestId('redact-paths-hash').check();
    await page.getByTestId('redact-labels-hash').check();
    const samples = page.getByTestId('share-samples');
    await expect(samples).toContainText('acme');
    await expect(samples).toContainText(/#[0-9a-f]{10}\//);
    const link = await page.getByTestId('share-link').inputValue();
    const other = await browser.newContext();
    const p2 = await other.newPage();
    await p2.goto(link);
    await openOverview(p2);
    expect(await statValue(p2, 'stat-goroutines')).toBe(goroutines);
    await expect(p2.getByTestId('snapshot-origin')).toContainText('label values hashed');
    await expect(p2.locator('body')).not.toContainText('acme');
    await other.close();
  });

  test('a tampered link gives a clear message and the start page', async ({ page }) => {
    await page.goto('/');
    await dropFixture(page, 'go1.27/debug2.txt');
    const link = await shareLink(page);
    const at = link.indexOf('p=') + 200;
    const tampered = link.slice(0, at) + (link[at] === 'A' ? 'B' : 'A') + link.slice(at + 1);
    const p2 = await page.context().browser()!.newPage();
    await p2.goto(tampered);
    await expect(p2.getByTestId('errors')).toContainText(/damaged or was altered|incomplete/);
    await expect(p2.getByTestId('open-example')).toBeVisible();
    // a link cut short in a chat
    await p2.goto(link.slice(0, link.indexOf('p=') + 120));
    await expect(p2.getByTestId('open-example')).toBeVisible();
    await expect(p2.locator('[data-testid=errors], [role=status]').first()).toContainText(/snapshot|link/);
    await p2.close();
  });

  test('Save snapshot writes a .parkscope file that opens by drop with the same numbers', async ({ page }) => {
    const rel = 'go1.27/trace.out';
    await page.goto('/');
    await dropFixture(page, rel);
    await page.getByTestId('tab-overview').click();
    const alive = await page.getByTestId('trace-alive').locator('.stat-value').innerText();
    expect(Number(alive)).toBe((truth(rel).expect.trace as { aliveAtEnd: number }).aliveAtEnd);
    await page.getByTestId('share-open').click();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('share-save').click()]);
    expect(download.suggestedFilename()).toBe('trace.parkscope');
    const bytes = readFileSync((await download.path())!);
    const p2 = await page.context().browser()!.newPage();
    await p2.goto('/');
    await dropFiles(p2, [{ name: 'trace.parkscope', bytes }]);
    await p2.getByTestId('tab-overview').click();
    await expect(p2.getByTestId('trace-alive').locator('.stat-value')).toHaveText(alive);
    await expect(p2.getByTestId('inputs-table')).toContainText('trace.out');
    await p2.close();
  });

  test('what was opened is listed on the start page, survives a reload, and can be deleted', async ({ page }) => {
    await page.goto('/');
    await dropFixture(page, 'go1.27/debug2.txt');
    await openOverview(page);
    await page.getByRole('button', { name: 'Clear' }).click();
    const list = page.getByTestId('recent-sessions');
    await expect(list).toContainText('debug2.txt');
    await expect(page.getByTestId('recent-cap')).toContainText('oldest are removed first');
    await page.reload();
    await expect(list.getByTestId('recent-row')).toHaveCount(1);
    await list.getByTestId('recent-open').click();
    await openOverview(page);
    expect(await statValue(page, 'stat-goroutines')).toBe((truth('go1.27/debug2.txt').expect.snapshots_total as { goroutines: number }).goroutines);
    await page.getByRole('button', { name: 'Clear' }).click();
    await list.getByTestId('recent-delete').click();
    await expect(list).toHaveCount(0);
  });

  test('launchQueue opens a file handed over by the system', async ({ page }) => {
    await page.addInitScript(() => {
      // Chromium has a launchQueue of its own: this one hands over what the test gives it
      const w = window as unknown as { __launch?: (p: unknown) => void };
      Object.defineProperty(window, 'launchQueue', { configurable: true, value: { setConsumer: (f: (p: unknown) => void) => (w.__launch = f) } });
    });
    await page.goto('/');
    const text = readFileSync(join(FIXTURES, 'go1.21/deadlock.txt'), 'utf8');
    await page.evaluate((t) => {
      const file = new File([t], 'deadlock.txt', { type: 'text/plain' });
      const handle = { kind: 'file', name: 'deadlock.txt', getFile: async () => file };
      (window as unknown as { __launch: (p: unknown) => void }).__launch({ files: [handle] });
    }, text);
    await openOverview(page);
    expect(await statValue(page, 'stat-goroutines')).toBe((truth('go1.21/deadlock.txt').expect.snapshots_total as { goroutines: number }).goroutines);
  });
});
