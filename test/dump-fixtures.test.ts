import { describe, expect, it } from 'vitest';
import { fixtures, parkSiteTotals, snapshotsTotal, summaryOf, toRecord } from './expect';

const dumps = fixtures((t) => t.expect.format === 'goroutine-dump');

describe('traceback text fixtures match their truth', () => {
  it('finds the fixtures', () => {
    expect(dumps.length).toBeGreaterThanOrEqual(60);
  });
  for (const [rel, truth] of dumps) {
    it(`${rel}: counts, states and park sites equal expect`, async () => {
      const s = await summaryOf(rel);
      expect(s.error).toBeNull();
      expect(s.format).toBe(truth.expect.format);
      const want = truth.expect.snapshots_total!;
      expect(snapshotsTotal(s, Object.keys(want))).toEqual(want);
      expect(parkSiteTotals(s)).toEqual(toRecord(truth.expect.parkSites!));
    });
  }
  it('gives the same result with 7-byte chunks (chunk seams inside lines and CRLF)', async () => {
    const [rel, truth] = dumps.find(([r]) => r === 'go1.27/sigquit-all.txt')!;
    const s = await summaryOf(rel, 7);
    expect(snapshotsTotal(s, ['goroutines'])).toEqual({ goroutines: (truth.expect.snapshots_total as { goroutines: number }).goroutines });
  });
});
