/**
 * A snapshot opens to the same page: for every fixture, encode → decode through the load path →
 * the same summary, workspace, leak report (every grouping level), choices and table as the
 * original. The decoded model runs the same analysis, so the numbers cannot drift.
 */
import { describe, expect, it } from 'vitest';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Session } from '../src/worker/session';
import { FIXTURES, fixtures } from './expect';
import { fixtureFile, sessionWith, value } from './session-helpers';
import type { Placement, ReportData } from '../src/worker/api';
import { comparable, opened, shown, snapshotOf } from './share-helpers';

const extra = readdirSync(join(FIXTURES, 'extra-dumps'))
  .filter((n) => /^go1\.\d+-.*\.txt$/.test(n))
  .map((n) => `extra-dumps/${n}`);
const all = [...fixtures().map(([rel]) => rel), ...extra];

function workspaceOf(s: Session) {
  const ws = s.workspace(-1);
  return { ...ws, generation: 0, inputs: ws.inputs.map(({ origin: _o, ...i }) => i) };
}

describe('encode → decode gives the same page', () => {
  for (const rel of all)
    it(rel, async () => {
      const a = new Session();
      await a.load([fixtureFile(rel)], { mode: 'auto' });
      const made = await snapshotOf(a);
      const b = await opened(made.bytes);
      expect(b.view.model.inputs[0].origin?.kind).toBe('parkscope-snapshot');
      expect(workspaceOf(b)).toEqual(workspaceOf(a));
      for (let si = 0; si < a.view.model.snapshots.length; si++) expect(comparable(shown(b, si))).toEqual(comparable(shown(a, si), made.ids));
    });
});

describe('several inputs, series and a failed file travel together', () => {
  const batches: { name: string; loads: { rels: string[]; placement: Placement }[] }[] = [
    { name: 'a series of two dumps (growth)', loads: [{ rels: ['go1.27/grow-1.txt', 'go1.27/grow-2.txt'], placement: { mode: 'auto' } }] },
    { name: 'a dump with its goroutineleak profile', loads: [{ rels: ['go1.27/debug2.txt', 'go1.27/leak-debug1.txt'], placement: { mode: 'auto' } }] },
    { name: 'a dump and a trace dropped together', loads: [{ rels: ['go1.26/debug2.txt', 'go1.26/trace.out'], placement: { mode: 'auto' } }] },
    {
      name: 'two processes, loaded apart, and a file that failed',
      loads: [
        { rels: ['go1.21/sigquit-all.txt'], placement: { mode: 'auto' } },
        { rels: ['go1.27/debug1.txt', 'extra-dumps/gotest-timeout_test.go.txt'], placement: { mode: 'separate' } },
      ],
    },
  ];
  for (const b of batches)
    it(b.name, async () => {
      const a = new Session();
      for (const l of b.loads) await a.load(l.rels.map((r) => fixtureFile(r)), l.placement);
      const made = await snapshotOf(a);
      const o = await opened(made.bytes);
      expect(workspaceOf(o)).toEqual(workspaceOf(a));
      for (let si = 0; si < a.view.model.snapshots.length; si++) expect(comparable(shown(o, si))).toEqual(comparable(shown(a, si), made.ids));
    });

  it('a .parkscope file dropped next to what is loaded adds its inputs with their own numbers', async () => {
    const t = await sessionWith(['go1.27/trace.out']);
    const made = await snapshotOf(t);
    const s = await sessionWith(['go1.27/debug2.txt']);
    const before = s.workspace(-1);
    await s.load([{ name: 'trace.parkscope', blob: new Blob([made.bytes as Uint8Array<ArrayBuffer>]) }], { mode: 'auto' });
    const ws = s.workspace(-1);
    expect(ws.summary.inputs[0]).toEqual(before.summary.inputs[0]);
    expect(ws.summary.inputs[1]).toEqual(t.workspace(-1).summary.inputs[0]);
    expect(ws.series.map((x) => x.kind)).toEqual(['dumps', 'trace']);
    const si = ws.snapshots.findIndex((x) => x.kind === 'trace-end');
    // groupCount and series count what else is loaded
    const strip = ({ timingsMs: _t, snapshot: _s, groupCount: _g, series: _x, ...r }: ReportData) => r;
    expect(names(strip(value(s.report(s.currentGeneration, si, 'exact'))))).toEqual(names(strip(value(t.report(t.currentGeneration, 0, 'exact')))));
  });
});

/** Without any id (the model numbered them differently). */
function names(x: unknown, key = ''): unknown {
  if (Array.isArray(x)) return x.map((v) => names(v, key));
  if (!x || typeof x !== 'object' || ArrayBuffer.isView(x)) return ArrayBuffer.isView(x) ? (x as Int32Array).length : x;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(x)) if (!['id', 'keyId', 'valueId', 'frame', 'frames', 'stack', 'reason', 'rows', 'snapshot'].includes(k)) out[k] = names(v, k);
  return out;
}
