import { test, expect } from '@playwright/test';
import { dropFixture } from './helpers';

/** The `?` sheet (issue #15): every view's keys, the current view's first; Esc closes it; `?` in a text box is text. */
test('? lists the shortcuts of every view, the current one first, and Esc closes it', async ({ page }) => {
  await page.goto('/');
  await dropFixture(page, 'go1.27/debug2.txt');
  await expect(page.getByTestId('report-summary')).toBeVisible();
  await page.getByTestId('tab-goroutines').click();
  await expect(page.getByTestId('goroutine-table')).toBeVisible();
  await page.locator('body').click({ position: { x: 5, y: 300 } });
  await page.keyboard.press('Shift+Slash');
  const sheet = page.getByTestId('shortcuts');
  await expect(sheet).toBeVisible();
  const sections = sheet.getByTestId('shortcut-section');
  expect(await sections.count()).toBeGreaterThanOrEqual(3);
  await expect(sections.first()).toContainText('Goroutines');
  await expect(sections.first()).toContainText('this view');
  await expect(sheet).toContainText('Leak report');
  await page.keyboard.press('Escape');
  await expect(sheet).toBeHidden();
  // typed into the filter, "?" is a character, not a shortcut
  await page.getByTestId('filter-text').fill('');
  await page.getByTestId('filter-text').press('Shift+Slash');
  await expect(sheet).toBeHidden();
  await expect(page.getByTestId('filter-text')).toHaveValue('?');
});
