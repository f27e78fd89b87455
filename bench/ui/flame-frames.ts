/**
 * Frame times of the flame graph in headless Chromium, production build (not a test):
 *   npx tsx bench/ui/flame-frames.ts [--json] [FILE...]
 * Run `npx vite build` first. Without FILEs: 100,000 goroutines / 5,000 stacks and 500,000 / 50,000
 * (built from test/fixtures/go1.27/debug2.txt as bench/flame-bench.ts builds them, written to
 * /tmp/bench/flame-*.txt once), and /tmp/bench/trace-100mb.out when it exists (bench/README.md).
 *
 * For each input, on the Flame graph tab: Ctrl+wheel zooming in and out around the pointer, drag
 * panning the zoomed window, and hovering across the canvas. While each runs the page records
 * every animation frame (rAF timestamps: the interval between frames, 16.7 ms when none is
 * dropped) and Chromium's timeline records the main thread's work per frame (FireAnimationFrame:
 * the flame graph's draw; plus input handling and React for hover). Prints p50/p95 of both, and the
 * worker's tree build time (FlameReply.buildMs, the first build and a rebuild in the other orientation).
 */
import { existsSync, mkdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { chromium, type Page } from '@playwright/test';
import { startPreview } from './preview';
import { buildFlameDump } from '../flame-bench';

interface TraceEvent {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  pid: number;
  tid: number;
  args?: { name?: string };
}

function pct(xs: number[], p: number): number {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return Math.round(s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] * 10) / 10;
}

/** Main-thread ms per animation frame callback and per task that handled an input event. */
function frameWork(buf: Buffer): { raf: number[]; input: number[] } {
  const events = (JSON.parse(buf.toString('utf8')) as { traceEvents: TraceEvent[] }).traceEvents;
  const main = events.find((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
  if (!main) throw new Error('no renderer main thread in the trace');
  const on = events.filter((e) => e.pid === main.pid && e.tid === main.tid && e.ph === 'X' && e.dur);
  return { raf: on.filter((e) => e.name === 'FireAnimationFrame').map((e) => e.dur! / 1000), input: on.filter((e) => e.name === 'EventDispatch').map((e) => e.dur! / 1000) };
}

async function startFrames(page: Page): Promise<void> {
  await page.evaluate(`(() => {
    window.__frames = [];
    window.__framesOn = true;
    let last = 0;
    const tick = (t) => { if (last) window.__frames.push(t - last); last = t; if (window.__framesOn) requestAnimationFrame(tick); };
    requestAnimationFrame(tick);
  })()`);
}

async function stopFrames(page: Page): Promise<number[]> {
  return (await page.evaluate(`(() => { window.__framesOn = false; return window.__frames; })()`)) as number[];
}

async function measure(page: Page, act: () => Promise<void>) {
  const browser = page.context().browser()!;
  await browser.startTracing(page, { categories: ['devtools.timeline'] });
  await startFrames(page);
  await act();
  await page.waitForTimeout(100);
  const intervals = await stopFrames(page);
  const work = frameWork(await browser.stopTracing());
  return {
    frames: intervals.length,
    intervalP50Ms: pct(intervals, 50),
    intervalP95Ms: pct(intervals, 95),
    drawP50Ms: pct(work.raf, 50),
    drawP95Ms: pct(work.raf, 95),
    inputP95Ms: pct(work.input, 95),
  };
}

async function buildMs(page: Page): Promise<number> {
  const status = page.getByTestId('flame-status');
  await status.filter({ hasText: /built in/ }).waitFor({ timeout: 600_000 });
  return Number(/built in (\d+)/.exec(await status.innerText())![1]);
}

async function benchFile(page: Page, url: string, file: string) {
  await page.goto(url);
  const t0 = Date.now();
  await page.getByTestId('file-input').setInputFiles(file);
  await page.locator('[data-testid=report-summary], [data-testid=snapshot-stats], [data-testid=trace-stats]').first().waitFor({ timeout: 900_000 });
  const loadS = (Date.now() - t0) / 1000;
  await page.getByTestId('tab-flame').click();
  const first = await buildMs(page);
  const canvas = page.getByTestId('flame-canvas');
  await canvas.waitFor();
  const nodesText = await page.getByTestId('flame-crumbs').innerText();
  // a rebuild: the other orientation, then back
  await page.getByTestId('flame-orient-park').click();
  await page.getByTestId('flame-status').filter({ hasText: /building/ }).waitFor({ timeout: 5000 }).catch(() => {});
  const park = await buildMs(page);
  await page.getByTestId('flame-orient-entry').click();
  await page.getByTestId('flame-status').filter({ hasText: /built in/ }).waitFor({ timeout: 600_000 });
  await page.waitForTimeout(300);
  const box = (await canvas.boundingBox())!;
  const cx = box.x + box.width * 0.3;
  const cy = box.y + 40;
  await page.mouse.move(cx, cy);
  const wheel = await measure(page, async () => {
    await page.keyboard.down('Control');
    for (let i = 0; i < 40; i++) await page.mouse.wheel(0, -120);
    for (let i = 0; i < 20; i++) await page.mouse.wheel(0, 120);
    await page.keyboard.up('Control');
  });
  // zoomed in now (40 in, 20 out): drag the window sideways and the rows up and down
  const drag = await measure(page, async () => {
    await page.mouse.move(cx, cy);
    await page.mouse.down();
    for (let i = 0; i < 60; i++) await page.mouse.move(cx + Math.sin(i / 6) * 300, cy + (i % 20) * 4);
    await page.mouse.up();
  });
  const hover = await measure(page, async () => {
    for (let i = 0; i < 120; i++) await page.mouse.move(box.x + ((i * 37) % Math.floor(box.width)), box.y + 9 + (i % 12) * 18);
  });
  return { file, bytes: statSync(file).size, loadS, root: nodesText, buildMs: { first, park }, wheel, drag, hover };
}

function ensureDump(goroutines: number, stacks: number): string {
  const path = `/tmp/bench/flame-${goroutines / 1000}k-${stacks / 1000}k.txt`;
  if (!existsSync(path)) {
    mkdirSync('/tmp/bench', { recursive: true });
    writeFileSync(`${path}.tmp`, buildFlameDump({ goroutines, stacks }));
    renameSync(`${path}.tmp`, path);
  }
  return path;
}

async function main(argv: string[]): Promise<void> {
  const json = argv.includes('--json');
  let files = argv.filter((a) => !a.startsWith('--'));
  if (!files.length) {
    files = [ensureDump(100_000, 5_000), ensureDump(500_000, 50_000)];
    if (existsSync('/tmp/bench/trace-100mb.out')) files.push('/tmp/bench/trace-100mb.out');
  }
  const server = await startPreview(Number(process.env.BENCH_PORT ?? 4391));
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
  const out = [];
  try {
    for (const f of files) {
      const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
      const r = await benchFile(page, server.url, f);
      out.push(r);
      if (!json) console.log(JSON.stringify(r));
      await page.close();
    }
    if (json) console.log(JSON.stringify(out, null, 2));
  } finally {
    await browser.close();
    server.stop();
  }
}

main(process.argv.slice(2)).catch((e) => {
  console.error(e);
  process.exit(1);
});
