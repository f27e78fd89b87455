/**
 * Every execution-trace fixture (test/fixtures/go1.*\/trace.out and test/fixtures/extra-traces/)
 * must give the `trace` object of its truth file's `expect` block exactly (computed from Go
 * 1.27's `go tool trace -d=parsed`, never from this parser). Truth files made before the contract
 * gained `atEndLastKnown`, `detail` and `segments` (the go1.* folders, from ../shared/fixtures) are
 * checked on the fields they have.
 */
import { describe, expect, it } from 'vitest';
import { fixtures, summaryOf } from './expect';

/** The fields of `got` that `want` has. */
function fieldsOf(got: unknown, want: Record<string, unknown>): Record<string, unknown> {
  const g = (got ?? {}) as Record<string, unknown>;
  return Object.fromEntries(Object.keys(want).map((k) => [k, g[k]]));
}

const traces = fixtures((t) => t.expect.format === 'execution-trace');

describe('execution-trace fixtures match their truth', () => {
  it('finds the fixtures', () => {
    expect(traces.filter(([rel]) => rel.endsWith('/trace.out')).length).toBeGreaterThanOrEqual(7);
    // the extra traces carry the whole contract, atEnd as Go's reader reports it
    const extra = traces.filter(([rel]) => rel.startsWith('extra-traces/'));
    expect(extra.length).toBeGreaterThanOrEqual(10);
    for (const [, t] of extra) expect(Object.keys(t.expect.trace!)).toEqual(expect.arrayContaining(['atEnd', 'atEndLastKnown', 'detail', 'segments']));
  });
  for (const [rel, truth] of traces) {
    it(`${rel}: the trace summary equals expect.trace`, async () => {
      const s = await summaryOf(rel);
      expect(s.error).toBeNull();
      expect(s.format).toBe('execution-trace');
      expect(fieldsOf(s.trace, truth.expect.trace!)).toEqual(truth.expect.trace);
    });
  }
  for (const chunk of [1, 2, 3, 5, 7]) {
    it(`gives the same summaries with ${chunk}-byte chunks (streaming seams)`, async () => {
      for (const [rel, truth] of traces.filter(([r]) => /go1\.(21|22|27)\/trace\.out$/.test(r))) {
        const s = await summaryOf(rel, chunk);
        expect(fieldsOf(s.trace, truth.expect.trace!), rel).toEqual(truth.expect.trace);
      }
    });
  }
});
