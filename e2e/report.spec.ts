import { test, expect } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { zipSync } from 'fflate';
import { dropFiles, dropFixture, FIXTURES } from './helpers';

interface Site {
  count: number;
  park_site: string;
  leak: boolean;
  leaked_marked?: number;
}

/** The planted sites of a fixture, from its truth (README of the fixtures). */
function sites(rel: string): Record<string, Site> {
  return JSON.parse(readFileSync(join(FIXTURES, rel + '.truth.json'), 'utf8')).sites;
}

test.describe('leak report', () => {
  test.beforeEach(async ({ page }) => {
    await page.goto('/');
  });

  test('the bundled example: runtime-proven leaks first, each at its planted site with its count', async ({ page }) => {
    await page.getByTestId('open-example').click();
    await expect(page.getByTestId('suspects')).toBeVisible();
    const truth = sites('go1.27/leak-debug2.txt');
    const proven = Object.values(truth).filter((s) => (s.leaked_marked ?? 0) > 0);
    const rows = page.getByTestId('suspect');
    const n = await rows.count();
    const shown: { site: string; count: number; leaked: boolean }[] = [];
    for (let i = 0; i < n; i++) {
      const r = rows.nth(i);
      shown.push({ site: await r.getByTestId('suspect-site').innerText(), count: Number((await r.getByTestId('suspect-count').innerText()).replace(/,/g, '')), leaked: (await r.locator('.lr-leaked').count()) > 0 });
    }
    // the proven ones come first, and there are exactly as many as planted
    const firstUnproven = shown.findIndex((s) => !s.leaked);
    expect(firstUnproven).toBe(proven.length);
    for (const p of proven) {
      const parkFn = p.park_site.replace(/^.* /, '');
      expect(shown.slice(0, proven.length)).toContainEqual({ site: parkFn, count: p.count, leaked: true });
    }
    // planted non-leaks are not blamed as blocking leaks: busy workers are not suspects at all
    expect(shown.map((s) => s.site)).not.toContain('main.busyWorker');
  });

  test('opening a suspect shows its goroutines and their stack', async ({ page }) => {
    await page.getByTestId('open-example').click();
    await page.getByTestId('suspect').first().click();
    await expect(page.getByTestId('suspect-detail')).toContainText('main.(*Pipeline).produce');
    await page.getByTestId('open-suspect').click();
    await expect(page.getByTestId('rows-filter')).toBeVisible();
    const total = (JSON.parse(readFileSync(join(FIXTURES, 'go1.27/leak-debug2.txt.truth.json'), 'utf8')) as { expect: { snapshots_total: { goroutines: number } } }).expect.snapshots_total.goroutines;
    await expect(page.getByTestId('row-count')).toHaveText(`${Object.values(sites('go1.27/leak-debug2.txt')).find((x) => (x as Site & { key: string }).key === 'chan_send')!.count} of ${total} goroutines`);
    await expect(page.getByTestId('goroutine-detail')).toContainText('main.(*Pipeline).produce');
    await expect(page.getByTestId('stack')).toContainText('sites.go:76');
  });

  test('two snapshots: the site that grew is first, with its growth', async ({ page }) => {
    await dropFixture(page, 'go1.27/grow-1.txt');
    await expect(page.getByTestId('suspects')).toBeVisible();
    await dropFixture(page, 'go1.27/grow-2.txt');
    await expect(page.getByTestId('suspect-detail')).toContainText('7 → 20');
    const first = page.getByTestId('suspect').first();
    await expect(first.getByTestId('suspect-site')).toHaveText('main.(*Pipeline).produce');
    await expect(first).toContainText('+13');
  });
});

test('grouping levels: the same park site at two lines is two suspects by stack, one by park site', async ({ page }) => {
  await page.goto('/');
  const dump = [
    'goroutine 1 [running]:',
    'main.main()',
    '\t/app/main.go:10 +0x1',
    '',
    'goroutine 7 [chan send]:',
    'main.worker(0x0?)',
    '\t/app/worker.go:21 +0x2',
    'created by main.main in goroutine 1',
    '\t/app/main.go:8 +0x3',
    '',
    'goroutine 8 [chan send]:',
    'main.worker(0x0?)',
    '\t/app/worker.go:35 +0x2',
    'created by main.main in goroutine 1',
    '\t/app/main.go:9 +0x3',
    '',
  ].join('\n');
  await page.getByTestId('paste-box').fill(dump);
  await page.getByTestId('paste-load').click();
  await expect(page.getByTestId('suspects')).toBeVisible();
  await expect(page.getByTestId('suspect')).toHaveCount(2);
  await page.getByTestId('group-level').selectOption('park-site');
  await expect(page.getByTestId('suspect')).toHaveCount(1);
  await expect(page.getByTestId('suspect').first().getByTestId('suspect-count')).toHaveText('2');
});

test('labels of a debug=1 profile are listed and filter the goroutines', async ({ page }) => {
  await page.goto('/');
  await dropFixture(page, 'go1.27/debug1.txt');
  await page.getByTestId('tab-overview').click();
  const panel = page.getByTestId('labels-panel');
  await expect(panel).toContainText('tenant');
  await panel.getByText('acme').click();
  await expect(page.getByTestId('rows-filter')).toHaveText(/tenant=acme/);
  // one record of 3 goroutines carries the labels
  await expect(page.getByTestId('row-count')).toHaveText('1 of 20 records');
});

test('the creator tree follows the chain that spawned the chan_send leak', async ({ page }) => {
  await page.goto('/');
  await dropFixture(page, 'go1.27/debug2-ancestors.txt');
  const tree = page.getByTestId('creator-tree');
  await expect(tree).toBeVisible();
  const chain = tree.locator('li', { hasText: 'main.spawnChanSend' }).first();
  await expect(chain).toContainText('main.superviseProducers');
  await expect(chain).toContainText('main.(*Pipeline).launchStage');
  await expect(chain).toContainText('waiting at main.(*Pipeline).produce');
});

test('a trace suspect opens the goroutines still blocked at the end of the trace', async ({ page }) => {
  await page.goto('/');
  await dropFixture(page, 'go1.27/trace.out');
  await expect(page.getByTestId('suspects')).toBeVisible();
  await page.getByTestId('suspect').first().click();
  await expect(page.getByTestId('suspect-detail')).toContainText('main.(*Pipeline).produce');
  await page.getByTestId('open-suspect').click();
  await expect(page.getByTestId('row-count')).toHaveText(/^7 of \d+ goroutines$/);
  await expect(page.getByTestId('goroutine-detail')).toContainText('blocked for the last');
});

test('a copied stack is Go text that Parkscope reads back', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.goto('/');
  await dropFixture(page, 'go1.27/debug2.txt');
  await page.getByTestId('tab-goroutines').click();
  await page.getByTestId('filter-text').fill('mutexLocker');
  await page.getByTestId('goroutine-row').first().click();
  await page.getByTestId('copy-stack').click();
  await expect(page.getByTestId('copy-stack')).toHaveText('Copied');
  const text = await page.evaluate(() => navigator.clipboard.readText());
  expect(text).toMatch(/^goroutine \d+ \[sync\.Mutex\.Lock\]:\n/);
  expect(text).toContain('main.mutexLocker()');
  expect(text).toMatch(/created by main\.spawnMutex in goroutine 1\n/);
  await page.getByTestId('theme-toggle').focus();
  await page.getByTestId('tab-overview').click();
  await page.evaluate((t) => {
    const dt = new DataTransfer();
    dt.setData('text/plain', t);
    window.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
  }, text);
  await expect(page.getByTestId('snapshot-picker')).toContainText('pasted text');
});

test('a zip of two dumps and a broken file dropped together: the series loads, the broken file is named', async ({ page }) => {
  const fx = (rel: string) => new Uint8Array(readFileSync(join(FIXTURES, rel)));
  // names in an order the app must fix: dump-10 is the later snapshot
  const zip = zipSync({ 'dump-10.txt': fx('go1.26/grow-2.txt'), 'dump-2.txt': fx('go1.26/grow-1.txt') });
  await page.goto('/');
  await dropFiles(page, [
    { name: 'series.zip', bytes: zip },
    { name: 'notes.txt', bytes: Buffer.from('just some notes\n') },
  ]);
  await expect(page.getByTestId('errors')).toContainText('notes.txt');
  const first = page.getByTestId('suspect').first();
  await expect(first.getByTestId('suspect-site')).toHaveText('main.(*Pipeline).produce');
  await expect(first).toContainText('+13');
  await expect(page.getByTestId('report-summary')).toContainText('series.zip/dump-10.txt');
});

test('a later dump of the same process is compared with it and the page says why; another program opens apart', async ({ page }) => {
  await page.goto('/');
  await dropFixture(page, 'go1.27/grow-1.txt');
  await expect(page.getByTestId('suspects')).toBeVisible();
  await dropFixture(page, 'go1.27/grow-2.txt');
  await expect(page.getByTestId('placement')).toContainText('is the same process as grow-1.txt');
  await expect(page.getByTestId('suspect').first()).toContainText('+13');
  // another program: its own process, no invented growth; the picker lists both processes
  await dropFixture(page, 'extra-dumps/go1.27-http-handler-leak.txt');
  await expect(page.getByTestId('placement')).toContainText('opened as a separate process');
  await expect(page.getByTestId('report-summary')).toContainText('go1.27-http-handler-leak.txt');
  await expect(page.locator('.lr-grow')).toHaveCount(0);
  await expect(page.getByTestId('snapshot-picker').locator('optgroup')).toHaveCount(2);
  // the user says it is the same process after all: now it is compared
  await page.getByTestId('place-compare').first().click();
  await expect(page.getByTestId('snapshot-picker').locator('optgroup')).toHaveCount(1);
  await expect(page.getByTestId('placement')).toHaveCount(0);
});

test('a dump and a trace dropped together are reported apart; the one snapshot picker switches between them', async ({ page }) => {
  await page.goto('/');
  await dropFiles(page, [
    { name: 'debug2.txt', bytes: readFileSync(join(FIXTURES, 'go1.27/debug2.txt')) },
    { name: 'trace.out', bytes: readFileSync(join(FIXTURES, 'go1.27/trace.out')) },
  ]);
  await expect(page.getByTestId('report-summary')).toContainText('in debug2.txt');
  const picker = page.getByTestId('snapshot-picker');
  await picker.selectOption({ label: 'trace.out — goroutines of the trace' });
  await expect(page.getByTestId('report-summary')).toContainText('in trace.out');
  await expect(page.getByTestId('report-controls')).toHaveCount(0);
});
