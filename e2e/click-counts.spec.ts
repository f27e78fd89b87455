import { test, expect, type Page } from '@playwright/test';
import { dropFixture } from './helpers';

/**
 * A count the user clicks is the number of goroutines that then show (issue #8): every park site,
 * state and label value of real fixtures, and every "alive at the end" row of a trace, clicked one
 * by one, against the goroutines the table then holds.
 */

interface Clickable {
  name: string;
  count: number;
}

async function rowsOf(page: Page, rowTestId: string, nameOf: (row: ReturnType<Page['locator']>) => Promise<string>, countTestId?: string): Promise<Clickable[]> {
  const rows = page.getByTestId(rowTestId);
  await expect(rows.first()).toBeVisible();
  const out: Clickable[] = [];
  for (const r of await rows.all()) {
    const countCell = countTestId ? r.getByTestId(countTestId) : r.locator('td').first();
    out.push({ name: await nameOf(r), count: Number((await countCell.innerText()).replace(/,/g, '')) });
  }
  return out;
}

/** Goroutines the table shows now (records by their weight). */
async function shownGoroutines(page: Page): Promise<number> {
  const rc = page.getByTestId('row-count');
  await expect(rc).not.toHaveText('…');
  return Number(await rc.getAttribute('data-goroutines'));
}

async function clickEach(page: Page, rowTestId: string, items: Clickable[], pick: (i: number) => ReturnType<Page['locator']>) {
  expect(items.length).toBeGreaterThan(0);
  for (let i = 0; i < items.length; i++) {
    await page.getByTestId('tab-overview').click();
    await expect(page.getByTestId(rowTestId).first()).toBeVisible();
    await pick(i).click();
    await expect(page.getByTestId('goroutine-table')).toBeVisible();
    await expect.poll(() => shownGoroutines(page), { message: `${rowTestId} ${items[i].name}` }).toBe(items[i].count);
  }
}

for (const rel of ['go1.27/debug2-tracebacklabels.txt', 'go1.26/sigquit-all.txt', 'go1.27/debug1.txt', 'go1.21/goroutine.pb.gz']) {
  test(`${rel}: every park site, state and label value opens exactly its count`, async ({ page }) => {
    await page.goto('/');
    await dropFixture(page, rel);
    await page.getByTestId('tab-overview').click();
    const sites = await rowsOf(page, 'parksite-row', (r) => r.getByTestId('parksite-name').innerText());
    await clickEach(page, 'parksite-row', sites, (i) => page.getByTestId('parksite-row').nth(i));
    if ((await page.getByTestId('state-row').count()) > 0) {
      const states = await rowsOf(page, 'state-row', (r) => r.getByTestId('state-name').innerText());
      await clickEach(page, 'state-row', states, (i) => page.getByTestId('state-row').nth(i));
    }
    if ((await page.getByTestId('label-value').count()) > 0) {
      const values = await rowsOf(page, 'label-value', (r) => r.locator('td').nth(1).innerText(), 'label-count');
      await clickEach(page, 'label-value', values, (i) => page.getByTestId('label-value').nth(i));
    }
  });
}

test('go1.27/trace.out: every "alive at the end" row opens exactly its count', async ({ page }) => {
  await page.goto('/');
  await dropFixture(page, 'go1.27/trace.out');
  await page.getByTestId('tab-overview').click();
  const rows = await rowsOf(page, 'atend-row', (r) => r.innerText(), 'atend-count');
  await clickEach(page, 'atend-row', rows, (i) => page.getByTestId('atend-row').nth(i));
});
