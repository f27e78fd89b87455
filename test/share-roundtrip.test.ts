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
import { fixtureFile } from './session-helpers';
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
