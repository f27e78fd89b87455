import { test, expect, type Page } from '@playwright/test';
import { dropFixture } from './helpers';

/**
 * Who waits for whom (issue #16): a deadlock cycle comes first, with every member's stack, and its
 * button shows exactly its goroutines; every object a goroutine waits on shows a count that equals
 * the goroutines its "Show" button then lists.
 */

async function shownGoroutines(page: Page): Promise<number> {
  const rc = page.getByTestId('row-count');
  await expect(rc).not.toHaveText('…');
  return Number(await rc.getAttribute('data-goroutines'));
}

test('an ABBA deadlock is shown first, both goroutines with their stacks, and opens exactly them', async ({ page }) => {
  await page.goto('/');
  await dropFixture(page, 'extra-dumps/go1.27-abba-deadlock.txt');
  const cycles = page.getByTestId('deadlocks');
  await expect(cycles).toBeVisible();
  // above the leak report's own heading
  const cycleBox = (await cycles.boundingBox())!;
  const headBox = (await page.getByRole('heading', { name: 'Leak report' }).boundingBox())!;
  expect(cycleBox.y).toBeLessThan(headBox.y);
  const cycle = page.getByTestId('deadlock-cycle');
  await expect(cycle).toHaveCount(1);
  await expect(cycle).toContainText('deadlock of 2 goroutines: 18 → 19 → 18');
  const members = cycle.getByTestId('cycle-member');
  await expect(members).toHaveCount(2);
  for (const m of await members.all()) {
    await expect(m).toContainText('sync.(*Mutex).Lock');
    await expect(m).toContainText('main.transfer');
    await expect(m).toContainText('main.go:26');
  }
  await cycle.getByTestId('open-cycle').click();
  await expect(page.getByTestId('goroutine-table')).toBeVisible();
  await expect.poll(() => shownGoroutines(page)).toBe(2);
});

test('every wait object of a real dump opens exactly as many goroutines as it counts', async ({ page }) => {
  await page.goto('/');
  await dropFixture(page, 'go1.27/debug2.txt');
  const objects = page.getByTestId('wait-object');
  await expect(objects.first()).toBeVisible();
  const n = await objects.count();
  expect(n).toBeGreaterThan(1);
  const counts: number[] = [];
  for (let i = 0; i < n; i++) counts.push(Number((await objects.nth(i).getByTestId('wait-object-count').innerText()).replace(/,/g, '')));
  for (let i = 0; i < n; i++) {
    await page.getByTestId('tab-report').click();
    await page.getByTestId('wait-object').nth(i).getByTestId('open-wait-object').click();
    await expect(page.getByTestId('goroutine-table')).toBeVisible();
    await expect.poll(() => shownGoroutines(page), { message: `wait object ${i}` }).toBe(counts[i]);
  }
});
