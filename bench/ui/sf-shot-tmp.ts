import { chromium } from '@playwright/test';
import { startPreview } from '/work/wt-stateflow/bench/ui/preview';
const [out, file, dark, w, h, extra] = process.argv.slice(2);
const server = await startPreview(4293);
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
try {
  const page = await browser.newPage({ viewport: { width: Number(w ?? 1280), height: Number(h ?? 800) }, colorScheme: dark === 'dark' ? 'dark' : 'light' });
  page.on('console', (m) => m.type() === 'error' && console.log('console:', m.text()));
  await page.goto(server.url);
  await page.getByTestId('file-input').setInputFiles(file);
  await page.getByTestId('tab-stateflow').waitFor();
  await page.getByTestId('tab-stateflow').click();
  await page.getByTestId('stateflow').waitFor();
  await page.waitForTimeout(800);
  if (extra === 'range') {
    const b = (await page.getByTestId('sf-overview').boundingBox())!;
    await page.mouse.move(b.x + b.width * 0.3, b.y + 20); await page.mouse.down(); await page.mouse.move(b.x + b.width * 0.6, b.y + 20, { steps: 5 }); await page.mouse.up();
    await page.mouse.click(b.x + b.width * 0.45, b.y + 20);
    await page.waitForTimeout(500);
  }
  await page.screenshot({ path: out });
} finally { await browser.close(); server.stop(); }
