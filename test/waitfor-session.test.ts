/**
 * The worker hands the wait-for analysis to the page: object groups and cycles with keys, and a
 * click on one filters the goroutine table to exactly its goroutines (as a suspect's key does).
 */
import { describe, expect, it } from 'vitest';
import { sessionWith, value } from './session-helpers';

describe('the report carries who waits for whom, and its keys open exactly their goroutines', () => {
  it('go1.27/sigquit-all.txt: every object group opens its count', async () => {
    const s = await sessionWith(['go1.27/sigquit-all.txt']);
    const r = value(s.report(s.currentGeneration, -1, 'exact'));
    const snapshot = r.snapshot;
    const wf = r.waitFor!;
    expect(wf.groupCount).toBe(wf.groups.length);
    expect(wf.groups.length).toBeGreaterThan(10);
    // no rows cross the boundary with a group; its key brings them back
    for (const g of wf.groups) {
      expect('rows' in g).toBe(false);
      const rows = value(s.rows(s.currentGeneration, snapshot, { waitFor: { snapshot, level: 'exact', key: g.key } }, { key: 'goid', desc: false }));
      expect(rows.rows.length, g.title).toBe(g.count);
    }
    const send = wf.groups.find((g) => g.title === '7 goroutines send on chan 0x34761b17c000')!;
    const rows = value(s.rows(s.currentGeneration, snapshot, { waitFor: { snapshot, level: 'exact', key: send.key } }, { key: 'goid', desc: false }));
    expect(rows.head.map((x) => [x.state, x.parkSite])).toEqual(Array(7).fill(['chan send', 'main.(*Pipeline).produce']));
    // per row of the snapshot: operation, group, flag
    expect(wf.stuck.length).toBe(r.goroutines);
    // suspects carry their tier's name, sort key, evidence with explanations and their object groups
    for (const x of r.suspects) {
      expect(x.tierName && x.sortKey.by).toBeTruthy();
      expect(x.evidenceItems.every((e) => e.text && e.explanation)).toBe(true);
    }
    const produce = r.suspects.find((x) => x.parkSite?.func === 'main.(*Pipeline).produce');
    expect(produce?.source === 'dump' && produce.waitFor?.groups).toEqual([send.key]);
    expect(r.tiers.reduce((a, t) => a + t.suspects, 0)).toBe(r.suspects.length);
  });

  it('goker/Cockroach7504: the deadlock cycle opens its two goroutines; a stale key opens none', async () => {
    const s = await sessionWith(['goker/Cockroach7504.dump.txt']);
    const r = value(s.report(s.currentGeneration, -1, 'exact'));
    const snapshot = r.snapshot;
    const c = r.waitFor!.cycles[0];
    expect(c.goids).toEqual([9, 10]);
    const rows = value(s.rows(s.currentGeneration, snapshot, { waitFor: { snapshot, level: 'exact', key: c.key } }, { key: 'goid', desc: false }));
    expect(rows.head.map((x) => x.goid)).toEqual([9, 10]);
    const none = value(s.rows(s.currentGeneration, snapshot, { waitFor: { snapshot, level: 'exact', key: 'w999' } }, { key: 'goid', desc: false }));
    expect(none.rows.length).toBe(0);
    // with a suspect: the goroutines of both
    const key = r.suspects.find((x) => x.parkSite?.func === 'main.(*tableNameCache_cockroach7504).get')!.key;
    const both = value(s.rows(s.currentGeneration, snapshot, { suspect: { snapshot, level: 'exact', key }, waitFor: { snapshot, level: 'exact', key: c.key } }, { key: 'goid', desc: false }));
    expect(both.head.map((x) => x.goid)).toEqual([9]);
  });

  it('a profile has no argument words: no wait-for analysis', async () => {
    const s = await sessionWith(['go1.27/goroutine.pb.gz']);
    const r = value(s.report(s.currentGeneration, -1, 'exact'));
    expect(r.snapshot).toBe(0);
    expect(r.waitFor).toBeNull();
  });
});
