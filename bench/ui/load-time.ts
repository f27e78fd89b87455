/**
 * Browser load time: production build in headless Chromium, a file chosen with the picker →
 * the first view shown (leak report or overview). Not a test: `npx tsx bench/ui/load-time.ts FILE...`
 * (run `npm run build` first). Prints one JSON line per file: {"file","bytes","ms"}.
 * `--wait MS` (default 1500): how long the page is open before the file is chosen, as a user takes
 * to pick one (the worker starts and warms its parser up meanwhile: Session.warmUp); 0 chooses at once.
 */
import { chromium } from '@playwright/test';
import { statSync } from 'node:fs';
import { basename } from 'node:path';
import { startPreview } from './preview';

async function main(args: string[]): Promise<void> {
  const w = args.indexOf('--wait');
  const wait = w >= 0 ? Number(args[w + 1]) : 1500;
  const files = w >= 0 ? args.filter((_, i) => i !== w && i !== w + 1) : args;
  const server = await startPreview();
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
  try {
    for (const file of files) {
      const runs: number[] = [];
      for (let i = 0; i < 3; i++) {
        const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
        await page.goto(server.url);
        if (wait > 0) await page.waitForTimeout(wait);
        const t0 = Date.now();
        await page.getByTestId('file-input').setInputFiles(file);
        await page.locator('[data-testid=report-summary], [data-testid=snapshot-stats], [data-testid=trace-stats]').first().waitFor({ timeout: 300_000 });
        runs.push(Date.now() - t0);
        await page.close();
      }
      runs.sort((a, b) => a - b);
      console.log(JSON.stringify({ file: basename(file), bytes: statSync(file).size, ms: runs[1], runs }));
    }
  } finally {
    await browser.close();
    server.stop();
  }
}

main(process.argv.slice(2)).catch((e) => {
  console.error(e);
  process.exit(1);
});
