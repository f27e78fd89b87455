/**
 * Link sizes and opening times (#14): for every fixture and for the large service dump and trace
 * (when present, e.g. /tmp/bench/dump-10k.txt), the length of a Share link's `p=` parameter, the
 * reduction it needed, the `.parkscope` file size, and the time to make the link and to open it
 * (decode + load + the first report), as the worker does.
 *   npx tsx bench/share-sizes.ts [--json] [EXTRA_FILE...]
 */
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { Session } from '../src/worker/session';
import { makeSnapshot } from '../src/share/share';
import { NO_REDACTION } from '../src/share/redact';
import { fixtures, FIXTURES } from '../test/expect';

interface Row {
  file: string;
  bytes: number;
  linkChars: number;
  fits: boolean;
  level: number;
  fileBytes: number;
  makeMs: number;
  openMs: number;
}

async function measure(path: string, name: string): Promise<Row> {
  const blob = new Blob([readFileSync(path)]);
  const s = new Session();
  await s.load([{ name, blob }], { mode: 'auto' });
  let t0 = performance.now();
  const link = await makeSnapshot(s.view, { target: 'link', redact: NO_REDACTION });
  const makeMs = performance.now() - t0;
  const file = await makeSnapshot(s.view, { target: 'file', redact: NO_REDACTION });
  t0 = performance.now();
  const o = new Session();
  const r = await o.load([{ name: 'shared', blob: new Blob([link.bytes as Uint8Array<ArrayBuffer>]) }], { mode: 'replace' });
  const snap = r.workspace.suggestedSnapshot;
  if (snap >= 0) o.report(o.currentGeneration, snap, 'exact');
  const openMs = performance.now() - t0;
  if (r.outcomes.some((x) => x.error)) throw new Error(`${name}: ${r.outcomes.map((x) => x.error).join('; ')}`);
  return { file: name, bytes: blob.size, linkChars: link.linkChars, fits: link.fits, level: link.level, fileBytes: file.bytes.length, makeMs: Math.round(makeMs), openMs: Math.round(openMs) };
}

const args = process.argv.slice(2);
const json = args.includes('--json');
const extra = args.filter((a) => !a.startsWith('--'));
const defaults = ['/tmp/bench/dump-10k.txt', '/tmp/bench/trace-20mb.out'].filter((p) => existsSync(p));
const rows: Row[] = [];
for (const [rel] of fixtures()) rows.push(await measure(join(FIXTURES, rel), rel));
for (const p of [...defaults, ...extra]) rows.push(await measure(p, p));
if (json) process.stdout.write(JSON.stringify(rows, null, 2) + '\n');
else {
  const w = Math.max(...rows.map((r) => r.file.length));
  console.log(`${'input'.padEnd(w)}  ${'bytes'.padStart(10)}  ${'link chars'.padStart(10)}  reduced  ${'file bytes'.padStart(10)}  make ms  open ms`);
  for (const r of rows)
    console.log(
      `${r.file.padEnd(w)}  ${String(r.bytes).padStart(10)}  ${String(r.linkChars).padStart(10)}  ${(r.level < 0 ? 'no' : `level ${r.level + 1}`).padEnd(7)}${r.fits ? '' : '!'}  ${String(r.fileBytes).padStart(10)}  ${String(r.makeMs).padStart(7)}  ${String(r.openMs).padStart(7)}`,
    );
  const fx = rows.filter((r) => !r.file.startsWith('/'));
  console.log(`fixtures: ${fx.length}, link chars median ${fx.map((r) => r.linkChars).sort((a, b) => a - b)[fx.length >> 1]}, max ${Math.max(...fx.map((r) => r.linkChars))}`);
}
