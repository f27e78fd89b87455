/**
 * Share through the worker's question: the page's view (filter ids, selected row) comes back
 * renumbered for the snapshot, so the opened link filters exactly the goroutines the original did,
 * also when label values were hashed; redaction never changes a count; every trace column is
 * classified for renumbering.
 */
import { describe, expect, it } from 'vitest';
import { sessionWith, value } from './session-helpers';
import { opened } from './share-helpers';
import { DEFAULT_REDACTION, NO_REDACTION, type RedactOptions } from '../src/share/redact';
import { unclassifiedTraceColumns } from '../src/share/trace-refs';
import type { FilterSpec } from '../src/worker/api';
import type { Session } from '../src/worker/session';

const SORT = { key: 'goid', desc: false } as const;

async function share(s: Session, filter: FilterSpec, selectedRow: number, redact: RedactOptions) {
  return value(await s.encodeSnapshot(s.currentGeneration, { target: 'link', redact, view: { snapshot: 0, selectedRow, filter } }));
}

describe('Share through the worker', () => {
  const rel = 'go1.27/debug2-tracebacklabels.txt';
  for (const redact of [NO_REDACTION, DEFAULT_REDACTION, { paths: 'hash', args: 'strip', labels: 'hash' } as RedactOptions, { paths: 'strip', args: 'strip', labels: 'strip' } as RedactOptions])
    it(`${rel} with paths ${redact.paths}, labels ${redact.labels}: the filters open the same goroutines`, async () => {
      const a = await sessionWith([rel]);
      const gen = a.currentGeneration;
      const ch = value(a.choices(gen, 0));
      const tenant = ch.labels.keys.find((k) => k.key === 'tenant')!;
      const filters: FilterSpec[] = [
        { state: ch.states[0].id },
        { parkFunc: ch.parkSites[1].id },
        { label: { key: tenant.keyId, value: tenant.values[0].valueId } },
        { label: { key: tenant.keyId, value: -1 } },
        { text: 'Pipeline' },
      ];
      for (const f of filters) {
        const before = value(a.rows(gen, 0, f, SORT));
        const row = before.rows[0];
        const r = await share(a, f, row, redact);
        expect(r.view.dropped).toEqual([]);
        const b = await opened(r.bytes);
        const after = value(b.rows(b.currentGeneration, 0, r.view.filter, SORT));
        expect([after.goroutines, after.total]).toEqual([before.goroutines, before.total]);
        expect(value(b.goroutine(b.currentGeneration, r.view.selectedRow)).goid).toBe(value(a.goroutine(gen, row)).goid);
        expect(b.workspace(-1).summary.inputs[0].snapshots[0].goroutines).toBe(a.workspace(-1).summary.inputs[0].snapshots[0].goroutines);
      }
    });

  it('redaction shows what it changes and keeps function names', async () => {
    const a = await sessionWith([rel]);
    const r = await share(a, {}, -1, { paths: 'hash', args: 'strip', labels: 'hash' });
    expect(r.samples.some((s) => s.kind === 'path' && s.before.startsWith('/') && /^#[0-9a-f]{10}\//.test(s.after))).toBe(true);
    expect(r.samples.some((s) => s.kind === 'label' && s.before === 'acme')).toBe(true);
    expect(r.redacted.length).toBe(3);
    const b = await opened(r.bytes);
    const files = new Set<string>();
    for (let f = 0; f < b.view.model.frames.count; f++) files.add(b.view.frameFile(f));
    expect([...files].every((f) => f === '' || f.startsWith('#'))).toBe(true);
    expect(b.view.strings.find('acme')).toBe(-1);
    expect(b.view.strings.find('main.labeledHandler.func1')).toBeGreaterThan(0);
    expect(b.view.model.inputs[0].origin?.redacted).toEqual(r.redacted);
  });

  it('a stale generation gets a stale answer', async () => {
    const a = await sessionWith([rel]);
    const r = await a.encodeSnapshot(a.currentGeneration - 1, { target: 'file', redact: NO_REDACTION, view: { snapshot: 0, selectedRow: -1, filter: {} } });
    expect(r.stale).toBe(true);
  });

  it('every column of a parsed trace is classified for renumbering (trace-refs.ts)', async () => {
    for (const t of ['go1.27/trace.out', 'go1.19/trace.out', 'extra-traces/go1.27-multigen.trace']) {
      const s = await sessionWith([t]);
      expect(unclassifiedTraceColumns(s.view.model.traces[0])).toEqual([]);
    }
  });
});
