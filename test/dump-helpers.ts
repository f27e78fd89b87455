/** Helpers for the traceback parser's tests: parse bytes directly, describe a model by its content. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ModelBuilder, type Model } from '../src/model/model';
import { ModelView } from '../src/model/read';
import { bufferChunks } from '../src/formats/lines';
import { parseDump, type DumpOptions } from '../src/formats/dump/parse-dump';
import { ParseError, type ParseContext } from '../src/formats/types';
import { FIXTURES } from './expect';

export const readFixture = (rel: string) => readFileSync(join(FIXTURES, rel), 'utf8');

/** Feeds `bytes` to the traceback parser itself (no sniffing), in chunks of `chunk` bytes. */
export async function parseDumpBytes(bytes: Uint8Array, opts: DumpOptions & { chunk?: number } = {}): Promise<{ view: ModelView; error: string | null }> {
  const b = new ModelBuilder();
  const input = b.addInput('t.txt', bytes.length);
  b.inputs[input].format = 'goroutine-dump';
  const ctx: ParseContext = { builder: b, input, fileName: 't.txt', totalBytes: bytes.length };
  let error: string | null = null;
  try {
    await parseDump(ctx, bufferChunks(bytes, opts.chunk ?? 1 << 16), opts);
  } catch (e) {
    if (!(e instanceof ParseError)) throw e;
    error = e.message;
  }
  return { view: new ModelView(b.freeze()), error };
}

/** Everything a parse produced, by content (strings, not ids): two parses are equal if these are. */
export function describeModel(view: ModelView) {
  const m: Model = view.model;
  const frame = (f: number) => (f < 0 ? null : `${view.frameFunc(f)} @ ${view.frameFile(f)}:${view.frameLine(f)}${m.frames.flags[f] ? ' (inlined)' : ''}`);
  const stack = (s: number) => view.stackFrames(s).map(frame);
  const g = m.goroutines;
  const rows = [];
  for (let r = 0; r < g.count; r++) {
    rows.push({
      goid: g.goid[r],
      snapshot: g.snapshot[r],
      state: view.str(g.state[r]),
      waitMinutes: g.waitMinutes[r],
      flags: g.flags[r],
      stack: stack(g.stack[r]),
      createdBy: frame(g.createdBy[r]),
      creatorGoid: g.creatorGoid[r],
      labels: view.labels(g.labels[r]),
      weight: g.weight[r],
      thread: g.thread[r],
      bubble: g.bubble[r],
    });
  }
  return {
    inputs: m.inputs.map((i) => ({ format: i.format, goVersion: i.goVersion, error: i.error, warnings: i.warnings, snapshots: [i.snapshotStart, i.snapshotEnd] })),
    snapshots: m.snapshots,
    ancestors: m.ancestors.map((a) => ({ row: a.row, goid: a.goid, stack: stack(a.stack), createdBy: frame(a.createdBy) })),
    rows,
  };
}

/**
 * A dump as a console of `width` columns shows it, copied as it shows it (hard line breaks): with
 * `tabs: 'spaces'` TABs are expanded to 8-column stops first (the console's buffer holds spaces).
 */
export function hardWrap(text: string, width: number, tabs: 'keep' | 'spaces' = 'keep'): string {
  const out: string[] = [];
  for (let line of text.split('\n')) {
    if (tabs === 'spaces') line = expandTabs(line);
    if (line.length === 0) out.push('');
    for (let i = 0; i < line.length; i += width) out.push(line.slice(i, i + width));
  }
  return out.join('\n');
}

function expandTabs(line: string): string {
  let out = '';
  for (const c of line) out += c === '\t' ? ' '.repeat(8 - (out.length % 8)) : c;
  return out;
}
