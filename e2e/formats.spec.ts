import { test, expect } from '@playwright/test';
import { dropFixture, openOverview, selectState, shownParkSites, shownStates, statValue, truth } from './helpers';

/** Every other input format shows the numbers of its truth file in the page (issue #3, #4). */
test.describe('other formats in the page', () => {
  test.beforeEach(async ({ page }) => {
    await page.goto('/');
  });

  for (const rel of ['go1.27/debug1.txt', 'go1.19/debug1.txt', 'go1.27/goroutine.pb.gz', 'go1.21/goroutine.pb.gz', 'go1.27/leak-debug1.txt', 'go1.26/leak-debug0.pb.gz']) {
    test(`${rel}: goroutines and park sites equal the truth`, async ({ page }) => {
      const t = truth(rel).expect;
      await dropFixture(page, rel);
      await openOverview(page);
      expect(await statValue(page, 'stat-goroutines')).toBe(t.snapshots_total!.goroutines);
      expect(await shownParkSites(page)).toEqual(Object.fromEntries(t.parkSites!.map((p) => [p.function, p.count])));
      // an aggregated profile says what it lacks instead of showing empty columns
      await expect(page.getByText('An aggregated profile')).toBeVisible();
    });
  }

  test('go tool trace -pprof output is shown as time blocked by stack', async ({ page }) => {
    await dropFixture(page, 'go1.27/trace-pprof-sync.pb.gz');
    await expect(page.getByText('A time-weighted profile')).toBeVisible();
    await expect(page.getByTestId('parksites-table')).toContainText('main.poolWorker');
  });

  for (const rel of ['go1.27/schedtrace-detail.txt', 'go1.19/schedtrace-detail.txt']) {
    test(`${rel}: every SCHED snapshot's counts add up to the truth`, async ({ page }) => {
      const t = truth(rel).expect;
      await dropFixture(page, rel);
      await openOverview(page);
      // scheddetail: the Ps and Ms of the block, with their bindings
      await expect(page.getByTestId('sched-procs')).toContainText('P0');
      await expect(page.getByTestId('sched-threads')).toContainText('M0');
      const picker = page.getByTestId('snapshot-picker');
      const n = await picker.locator('option').count();
      let goroutines = 0;
      const states: Record<string, number> = {};
      for (let i = 0; i < n; i++) {
        await picker.selectOption(String(i));
        await expect(picker).toHaveValue(String(i));
        goroutines += await statValue(page, 'stat-goroutines');
        for (const [k, v] of Object.entries(await shownStates(page))) states[k] = (states[k] ?? 0) + v;
      }
      expect(goroutines).toBe(t.snapshots_total!.goroutines);
      expect(states).toEqual(t.snapshots_total!.states);
    });
  }
});

test.describe('execution traces in the page', () => {
  for (const rel of ['go1.27/trace.out', 'go1.22/trace.out', 'go1.19/trace.out']) {
    test(`${rel}: the overview shows Go's reader's counts`, async ({ page }) => {
      const t = truth(rel).expect.trace as { events: number; goroutines: number; created: number; destroyed: number; aliveAtEnd: number };
      await page.goto('/');
      await dropFixture(page, rel);
      await page.getByTestId('tab-overview').click();
      await expect(page.getByTestId('trace-stats')).toBeVisible();
      expect(await statValue(page, 'trace-events')).toBe(t.events);
      expect(await statValue(page, 'trace-goroutines')).toBe(t.goroutines);
      expect(await statValue(page, 'trace-created')).toBe(t.created);
      expect(await statValue(page, 'trace-destroyed')).toBe(t.destroyed);
      expect(await statValue(page, 'trace-alive')).toBe(t.aliveAtEnd);
      await expect(page.getByTestId('trace-atend')).toContainText('main.(*Pipeline).produce');
      // the goroutine table is filled from the trace
      await page.getByTestId('tab-goroutines').click();
      await expect(page.getByTestId('row-count')).toHaveText(`${t.goroutines} of ${t.goroutines} goroutines`);
    });
  }
});

test('a trace goroutine shows its life: creator, time per state, and who woke it', async ({ page }) => {
  await page.goto('/');
  await dropFixture(page, 'go1.27/trace.out');
  await page.getByTestId('tab-goroutines').click();
  // the pool workers block once on a gate channel and are woken when it closes (fixture README)
  await selectState(page, 'ended');
  await page.getByTestId('filter-text').fill('poolWorker');
  await expect(page.getByTestId('row-count')).toHaveText(/^20 of \d+ goroutines$/);
  await page.getByTestId('goroutine-row').first().click();
  const life = page.getByTestId('trace-lifecycle');
  await expect(life).toContainText('Created');
  await expect(life).toContainText('1 blocks');
  await expect(page.getByTestId('trace-segments')).toContainText('chan receive');
  await expect(page.getByTestId('trace-segments')).toContainText('woken by goroutine');
});

test('the example trace on the start page opens with Go\'s reader\'s counts (the go1.27-multigen fixture)', async ({ page }) => {
  const t = truth('extra-traces/go1.27-multigen.trace').expect.trace as { events: number; goroutines: number; aliveAtEnd: number };
  await page.goto('/');
  await page.getByTestId('open-example-trace').click();
  await expect(page.getByTestId('report-summary').or(page.getByTestId('trace-stats')).first()).toBeVisible();
  await page.getByTestId('tab-overview').click();
  await expect(page.getByTestId('trace-stats')).toBeVisible();
  expect(await statValue(page, 'trace-events')).toBe(t.events);
  expect(await statValue(page, 'trace-goroutines')).toBe(t.goroutines);
  expect(await statValue(page, 'trace-alive')).toBe(t.aliveAtEnd);
});
