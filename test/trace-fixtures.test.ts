/**
 * Every execution-trace fixture (test/fixtures/go1.*\/trace.out and test/fixtures/extra-traces/)
 * must give the `trace` object of its truth file's `expect` block exactly (computed from Go
 * 1.27's `go tool trace -d=parsed`, never from this parser).
 */
import { describe, expect, it } from 'vitest';
import { fixtures, summaryOf } from './expect';

const traces = fixtures((t) => t.expect.format === 'execution-trace');

describe('execution-trace fixtures match their truth', () => {
  it('finds the fixtures', () => {
    expect(traces.filter(([rel]) => rel.endsWith('/trace.out')).length).toBeGreaterThanOrEqual(7);
  });
  for (const [rel, truth] of traces) {
    it(`${rel}: the trace summary equals expect.trace`, async () => {
      const s = await summaryOf(rel);
      expect(s.error).toBeNull();
      expect(s.format).toBe('execution-trace');
      expect(s.trace).toEqual(truth.expect.trace);
    });
  }
  for (const chunk of [1, 2, 3, 5, 7]) {
    it(`gives the same summaries with ${chunk}-byte chunks (streaming seams)`, async () => {
      for (const [rel, truth] of traces.filter(([r]) => /go1\.(21|22|27)\/trace\.out$/.test(r))) {
        const s = await summaryOf(rel, chunk);
        expect(s.trace, rel).toEqual(truth.expect.trace);
      }
    });
  }
});
