import { test, expect, chromium, type Page } from '@playwright/test';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dropFixture, FIXTURES as FIXTURES_DIR, openOverview, statValue, truth } from './helpers';

async function controlled(page: Page): Promise<void> {
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
}

test.describe('offline and installed (#14)', () => {
  test('offline after one visit: the app, a dropped file and a saved link all open', async ({ page, context }) => {
    const rel = 'go1.27/debug2.txt';
    const n = (truth(rel).expect.snapshots_total as { goroutines: number }).goroutines;
    await page.goto('/');
    await controlled(page);
    await dropFixture(page, rel);
    await page.getByTestId('share-open').click();
    const link = await page.getByTestId('share-link').inputValue();
    await page.getByRole('button', { name: 'Close' }).click();

    await context.setOffline(true);
    await page.goto('/');
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await dropFixture(page, 'go1.24/stack.txt');
    await openOverview(page);
    expect(await statValue(page, 'stat-goroutines')).toBe((truth('go1.24/stack.txt').expect.snapshots_total as { goroutines: number }).goroutines);
    await page.goto(link);
    await page.reload();
    await openOverview(page);
    expect(await statValue(page, 'stat-goroutines')).toBe(n);
    await page.getByRole('button', { name: 'Example' }).click();
    await expect(page.getByTestId('errors')).toHaveCount(0);
    await context.setOffline(false);
  });

  test('the manifest and the service worker make it installable', async () => {
    // Chromium never offers to install from an incognito profile (every test context is one): a profile on disk
    const dir = mkdtempSync(join(tmpdir(), 'parkscope-install-'));
    const use = test.info().project.use;
    const ctx = await chromium.launchPersistentContext(dir, { ...use.launchOptions, baseURL: use.baseURL });
    try {
      const page = ctx.pages()[0] ?? (await ctx.newPage());
      await page.goto('/');
      await controlled(page);
      await page.reload();
      const cdp = await ctx.newCDPSession(page);
      const { installabilityErrors } = (await cdp.send('Page.getInstallabilityErrors')) as { installabilityErrors: { errorId: string }[] };
      expect(installabilityErrors).toEqual([]);
      const manifest = await (await page.request.get('manifest.webmanifest')).json();
      expect(manifest).toMatchObject({ display: 'standalone', start_url: './', scope: './' });
      expect(manifest.icons.some((i: { purpose: string }) => i.purpose === 'maskable')).toBe(true);
      expect(manifest.file_handlers[0].accept['application/octet-stream']).toContain('.parkscope');
      expect(manifest.share_target.method).toBe('POST');
      expect(await page.evaluate(() => !!navigator.serviceWorker.controller)).toBe(true);
    } finally {
      await ctx.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

test('text shared to the installed app (the POST share target) opens without going over the network', async ({ page }) => {
  const rel = 'go1.21/deadlock.txt';
  await page.goto('/');
  await controlled(page);
  await page.reload();
  // the system posts a form to the share target; here a form posted from a page of the app's origin
  // without the app's CSP (which allows no forms), as the system would
  await page.goto('/favicon.svg');
  const text = readFileSync(join(FIXTURES_DIR, rel), 'utf8');
  const posted: string[] = [];
  page.on('request', (r) => r.method() === 'POST' && posted.push(r.url()));
  await page.evaluate((t) => {
    const ns = 'http://www.w3.org/1999/xhtml';
    const form = document.createElementNS(ns, 'form') as HTMLFormElement;
    form.method = 'post';
    form.enctype = 'multipart/form-data';
    form.action = './share-target';
    const area = document.createElementNS(ns, 'textarea') as HTMLTextAreaElement;
    area.name = 'text';
    area.value = t;
    form.append(area);
    document.documentElement.append(form);
    form.submit();
  }, text);
  await page.waitForURL(/\/(#.*)?$/);
  await page.getByTestId('tab-overview').click();
  expect(await statValue(page, 'stat-goroutines')).toBe((truth(rel).expect.snapshots_total as { goroutines: number }).goroutines);
  // answered by the service worker, not by the server (vite preview would refuse a POST)
  expect(posted.every((u) => u.endsWith('/share-target'))).toBe(true);
});

test('a new version shows "update available"; updating keeps what was open', async ({ page }) => {
  const rel = 'go1.27/debug2.txt';
  const sw = join(import.meta.dirname, '..', 'dist', 'sw.js');
  const original = readFileSync(sw, 'utf8');
  try {
    await page.goto('/');
    await controlled(page);
    await dropFixture(page, rel);
    await openOverview(page);
    await expect(page).toHaveURL(/#ws=/);
    // a deploy: the service worker script changes on the server
    writeFileSync(sw, `${original}\n// next version\n`);
    // the next visit finds it: it installs and waits, the page offers the update
    await page.reload();
    await expect(page.getByTestId('update-bar')).toBeVisible();
    await page.evaluate(() => ((window as unknown as { oldPage: boolean }).oldPage = true));
    await page.getByTestId('update-now').click();
    // the new version takes over and reloads the page, which restores what was open from this browser's store
    await page.waitForFunction(() => !(window as unknown as { oldPage?: boolean }).oldPage);
    await openOverview(page);
    expect(await statValue(page, 'stat-goroutines')).toBe((truth(rel).expect.snapshots_total as { goroutines: number }).goroutines);
    await expect(page.getByTestId('update-bar')).toHaveCount(0);
  } finally {
    writeFileSync(sw, original);
  }
});
