/**
 * Replay frame times of the state-flow diagram (not a test): the production build with a trace
 * loaded, the State flow tab open, Play pressed; a requestAnimationFrame probe on the page records
 * the time between frames for `--seconds` (default 4) while the diagram animates, and the script
 * prints p50 / p95 / max in ms and the frames seen (a 60 Hz display gives ~16.7 ms when nothing is dropped).
 *   npm run build && npx tsx bench/ui/stateflow-frames.ts FILE [--seconds 4] [--port 4293]
 */
import { chromium } from '@playwright/test';
import { startPreview } from './preview';

async function main(argv: string[]): Promise<void> {
  const file = argv[0];
  const opt = (k: string, d: number) => (argv.includes(k) ? Number(argv[argv.indexOf(k) + 1]) : d);
  const seconds = opt('--seconds', 4);
  const server = await startPreview(opt('--port', 4293));
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(server.url);
    await page.getByTestId('file-input').setInputFiles(file);
    await page.getByTestId('tab-stateflow').click({ timeout: 300_000 });
    await page.getByTestId('sf-diagram').waitFor({ timeout: 300_000 });
    await page.getByTestId('sf-speed').selectOption('30');
    await page.getByTestId('sf-play').click();
    // as a string: the probe runs in the page as written (no bundler helpers in it)
    const probe = `new Promise((resolve) => {
      const out = [];
      let last = performance.now();
      const end = last + ${seconds * 1000};
      const tick = (now) => {
        out.push(now - last);
        last = now;
        if (now < end) requestAnimationFrame(tick);
        else resolve(out.slice(1));
      };
      requestAnimationFrame(tick);
    })`;
    const deltas = (await page.evaluate(probe)) as number[];
    const moved = await page.locator('.sf-clock').textContent();
    const s = [...deltas].sort((a, b) => a - b);
    const q = (p: number) => Math.round(s[Math.min(s.length - 1, Math.floor(p * s.length))] * 10) / 10;
    console.log(JSON.stringify({ file, frames: s.length, p50Ms: q(0.5), p95Ms: q(0.95), maxMs: q(1), replayClock: moved }));
  } finally {
    await browser.close();
    server.stop();
  }
}

main(process.argv.slice(2)).catch((e) => {
  console.error(e);
  process.exit(1);
});
