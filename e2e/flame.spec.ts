import { test, expect, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { dropFiles, dropFixture, FIXTURES, truth } from './helpers';

/**
 * The flame graph of park sites (issue #11) on real fixtures against their truth: the root is as
 * wide as the snapshot has goroutines, the planted chan-send site has its count in both
 * orientations, search reports its share, a click and "show these N goroutines" filter the table to
 * exactly that many, both orientations agree on every park site, diff grow-1 → grow-2 marks only
 * the grown site (+13), and a trace's blocked time equals what Go's own -pprof profiles say.
 */

async function openFlame(page: Page): Promise<void> {
  await page.getByTestId('tab-flame').click();
  await expect(page.getByTestId('flame-canvas')).toBeVisible();
  await expect(page.getByTestId('flame-status')).toHaveText(/built in/);
}

async function selectedWeight(page: Page): Promise<number> {
  return Number(await page.getByTestId('flame-selected-weight').getAttribute('data-weight'));
}

async function shownGoroutines(page: Page): Promise<number> {
  const rc = page.getByTestId('row-count');
  await expect(rc).not.toHaveText('…');
  return Number(await rc.getAttribute('data-goroutines'));
}

/** Park site → weight, from the view's park-site list. */
async function sites(page: Page, attr = 'data-weight'): Promise<Record<string, number>> {
  const rows = page.getByTestId('flame-site');
  await expect(rows.first()).toBeAttached();
  const out: Record<string, number> = {};
  for (const r of await rows.all()) out[(await r.getAttribute('data-site'))!] = Number(await r.getAttribute(attr));
  return out;
}

const child = (page: Page, label: string) => page.locator(`[data-testid=flame-child][data-label="${label.replace(/"/g, '\\"')}"]`);

test.beforeEach(async ({ page }) => {
  await page.goto('/');
});

test('go1.27/debug2.txt: root = goroutines; the chan-send site has its truth count in both orientations; search, click and "show" agree', async ({ page }) => {
  const t = truth('go1.27/debug2.txt').expect;
  const total = t.snapshots_total!.goroutines as number;
  const produce = t.parkSites!.find((s) => s.function === 'main.(*Pipeline).produce')!.count;
  await dropFixture(page, 'go1.27/debug2.txt');
  await openFlame(page);
  await expect(page.getByTestId('flame-crumbs')).toContainText(`all (${total} goroutines)`);
  expect(await selectedWeight(page)).toBe(total);

  // entry-rooted: the goroutines start in produce and park there
  await expect(child(page, 'main.(*Pipeline).produce')).toHaveAttribute('data-weight', String(produce));
  // search: matches and their share
  await page.getByTestId('flame-search').fill('Pipeline\\)\\.produce$');
  await expect(page.getByTestId('flame-match')).toHaveText(`1 matching node: ${produce} goroutines, ${Math.round((100 * produce) / total)}% of all`);
  // a click on the canvas: the heaviest child of the root is the first node of the second row
  const box = (await page.getByTestId('flame-canvas').boundingBox())!;
  await page.mouse.click(box.x + 6, box.y + 18 + 9);
  await expect(page.getByTestId('flame-crumbs')).toContainText('produce');
  expect(await selectedWeight(page)).toBe(produce);
  await page.getByTestId('flame-show').click();
  await expect(page.getByTestId('goroutine-table')).toBeVisible();
  await expect.poll(() => shownGoroutines(page)).toBe(produce);
  await expect(page.getByTestId('goroutine-row')).toHaveCount(produce);

  // the table's filter is highlighted on the graph
  await page.getByTestId('tab-flame').click();
  await expect(page.getByTestId('flame-legend')).toContainText('highlighted goroutines');
  // the sandwich of the clicked function: its callers (and callees) count exactly its goroutines
  await page.getByTestId('flame-sandwich').click();
  await expect(page.getByTestId('flame-crumbs').first()).toContainText(`callers of main.(*Pipeline).produce (${produce} goroutines)`);
  await expect(page.getByTestId('flame-crumbs').nth(1)).toContainText(`callees of main.(*Pipeline).produce (${produce} goroutines)`);
  await page.getByTestId('flame-sandwich').click();

  // park-rooted: [chan send] → produce
  await page.getByTestId('flame-orient-park').click();
  await expect(page.getByTestId('flame-crumbs')).not.toContainText('produce');
  await child(page, '[chan send]').click();
  await expect(child(page, 'main.(*Pipeline).produce')).toHaveAttribute('data-weight', String(produce));
  await child(page, 'main.(*Pipeline).produce').click();
  expect(await selectedWeight(page)).toBe(produce);
  await page.getByTestId('flame-show').click();
  await expect.poll(() => shownGoroutines(page)).toBe(produce);
});

test('go1.27/debug2.txt: both orientations agree on every park site, and with the truth', async ({ page }) => {
  const want = Object.fromEntries(truth('go1.27/debug2.txt').expect.parkSites!.map((s) => [s.function, s.count]));
  await dropFixture(page, 'go1.27/debug2.txt');
  await openFlame(page);
  const entry = await sites(page);
  await page.getByTestId('flame-orient-park').click();
  await expect(page.getByTestId('flame-children')).toContainText('[chan receive]');
  const park = await sites(page);
  expect(entry).toEqual(want);
  expect(park).toEqual(want);
});

test('the view is in the URL: a reload comes back park-rooted, zoomed and searched', async ({ page }) => {
  await dropFixture(page, 'go1.27/debug2.txt');
  await openFlame(page);
  await page.getByTestId('flame-orient-park').click();
  await child(page, '[chan send]').click();
  await page.getByTestId('flame-search').fill('produce');
  await expect.poll(() => page.evaluate(() => decodeURIComponent(location.hash))).toContain('"search":"produce"');
  await page.reload();
  await expect(page.getByTestId('flame-canvas')).toBeVisible();
  await expect(page.getByTestId('flame-crumbs')).toContainText('[chan send]');
  await expect(page.getByTestId('flame-search')).toHaveValue('produce');
  await expect(page.getByTestId('flame-orient-park')).toHaveAttribute('aria-pressed', 'true');
});

test('diff grow-1.txt → grow-2.txt: only the grown site grew, by +13', async ({ page }) => {
  const a = Object.fromEntries(truth('go1.27/grow-1.txt').expect.parkSites!.map((s) => [s.function, s.count]));
  const b = Object.fromEntries(truth('go1.27/grow-2.txt').expect.parkSites!.map((s) => [s.function, s.count]));
  await dropFiles(page, ['go1.27/grow-1.txt', 'go1.27/grow-2.txt'].map((rel) => ({ name: rel.split('/').pop()!, bytes: readFileSync(join(FIXTURES, rel)) })));
  await openFlame(page);
  await page.getByTestId('flame-baseline').selectOption({ label: 'grow-1.txt' });
  await expect(page.getByTestId('flame-selected-diff')).toContainText('+13');
  for (const orientation of ['entry', 'park'] as const) {
    await page.getByTestId(`flame-orient-${orientation}`).click();
    await expect(page.getByTestId('flame-status')).toHaveText(/built in/);
    const now = await sites(page);
    const base = await sites(page, 'data-base');
    expect(now).toEqual(b);
    const grown = Object.keys(now).filter((k) => now[k] !== base[k]);
    expect(grown).toEqual(['main.(*Pipeline).produce']);
    expect(now['main.(*Pipeline).produce'] - base['main.(*Pipeline).produce']).toBe(13);
    expect(base['main.(*Pipeline).produce']).toBe(a['main.(*Pipeline).produce']);
  }
});

test("go1.27/trace.out: blocked time by stack equals go tool trace -pprof's, and the lifecycle segments", async ({ page }) => {
  await dropFixture(page, 'go1.27/trace.out');
  await page.getByTestId('tab-flame').click();
  await expect(page.getByTestId('flame-weight')).toHaveValue('blocked');
  for (const kind of ['sync', 'net', 'syscall', 'sched']) {
    const pprof = JSON.parse(readFileSync(join(FIXTURES, `go1.27/trace-pprof-${kind}.pb.gz.truth.json`), 'utf8')) as Record<string, number>;
    await page.getByTestId('flame-kind').selectOption(kind);
    await expect.poll(() => selectedWeight(page), { message: kind }).toBe(pprof['total_delay_ns (observed)']);
  }
  // the network wait of main.netPingReader: one goroutine, its one Waiting segment's duration
  await page.getByTestId('flame-kind').selectOption('net');
  await page.getByTestId('flame-orient-park').click();
  await child(page, '[network]').click();
  const w = await page.getByTestId('flame-selected-weight').innerText();
  await page.getByTestId('flame-show').click();
  await expect.poll(() => shownGoroutines(page)).toBe(1);
  await page.getByTestId('goroutine-row').first().click();
  const seg = page.getByTestId('trace-segments').locator('tr', { hasText: 'network' });
  await expect(seg).toHaveCount(1);
  await expect(seg.locator('td').nth(1)).toHaveText(w);
  // the worker pool: 20 goroutines blocked on chan receive in main.poolWorker
  await page.getByTestId('tab-flame').click();
  await page.getByTestId('flame-kind').selectOption('sync');
  await child(page, '[chan receive]').click();
  await child(page, 'main.poolWorker').click();
  await expect(page.getByTestId('flame-selected-weight')).toHaveAttribute('data-goroutines', '20');
  await page.getByTestId('flame-show').click();
  await expect.poll(() => shownGoroutines(page)).toBe(20);
});
