/** Shared test helpers: fixture discovery and the truth files' `expect` blocks. */
import { readdirSync, readFileSync, existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ModelBuilder } from '../src/model/model';
import { ModelView } from '../src/model/read';
import { parseInput } from '../src/formats/index';
import { bufferChunks } from '../src/formats/lines';
import { summarize, type InputSummary } from '../src/analysis/summary';

export const FIXTURES = join(import.meta.dirname, 'fixtures');

export interface Truth {
  file: string;
  format: string;
  expect: {
    format: string;
    snapshots_total?: Record<string, unknown>;
    parkSites?: { function: string; count: number }[];
    trace?: Record<string, unknown>;
    pprofType?: string;
  };
  [k: string]: unknown;
}

/** Every fixture with a truth file, as [relative path, truth]. */
export function fixtures(filter: (t: Truth, rel: string) => boolean = () => true): [string, Truth][] {
  const out: [string, Truth][] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (name.endsWith('.truth.json')) {
        const data = p.slice(0, -'.truth.json'.length);
        if (!existsSync(data)) continue;
        const t = JSON.parse(readFileSync(p, 'utf8')) as Truth;
        const rel = data.slice(FIXTURES.length + 1);
        if (t.expect && filter(t, rel)) out.push([rel, t]);
      }
    }
  };
  walk(FIXTURES);
  return out;
}

export async function parseBytes(name: string, bytes: Uint8Array, chunkSize = 1 << 16): Promise<ModelView> {
  const b = new ModelBuilder();
  await parseInput(b, { name, size: bytes.length, chunks: bufferChunks(bytes, chunkSize) });
  return new ModelView(b.freeze());
}

export async function summaryOf(rel: string, chunkSize?: number): Promise<InputSummary> {
  const bytes = new Uint8Array(readFileSync(join(FIXTURES, rel)));
  const view = await parseBytes(rel.split('/').pop()!, bytes, chunkSize);
  return summarize(view).inputs[0];
}

/** The `snapshots_total` shape of the truth: sums over snapshots of the fields present. */
export function snapshotsTotal(s: InputSummary, fields: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of fields) {
    if (f === 'states') {
      const st: Record<string, number> = {};
      for (const sn of s.snapshots) for (const [k, v] of Object.entries(sn.states)) st[k] = (st[k] ?? 0) + v;
      out.states = st;
    } else {
      let sum: number | null = null;
      for (const sn of s.snapshots) {
        const v = (sn as unknown as Record<string, number | null>)[f];
        if (v !== null && v !== undefined) sum = (sum ?? 0) + v;
      }
      out[f] = sum;
    }
  }
  return out;
}

export function parkSiteTotals(s: InputSummary): Record<string, number> {
  const out: Record<string, number> = {};
  for (const sn of s.snapshots) for (const p of sn.parkSites) out[p.function] = (out[p.function] ?? 0) + p.count;
  return out;
}

export function toRecord(list: { function: string; count: number }[]): Record<string, number> {
  return Object.fromEntries(list.map((p) => [p.function, p.count]));
}
