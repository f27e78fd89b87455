/**
 * Links made by older versions of the encoding still open, to the page the fixture they were made
 * from shows today (the version byte picks the section readers; test/fixtures/share/README.md).
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fromBase64Url } from '../src/share/compress';
import { readHeader } from '../src/share/format';
import { FIXTURES } from './expect';
import { sessionWith } from './session-helpers';
import { opened, shown } from './share-helpers';

function linkBytes(name: string): Uint8Array {
  const hash = readFileSync(join(FIXTURES, 'share', name), 'utf8').trim();
  return fromBase64Url(new URLSearchParams(hash.slice(1)).get('p')!);
}

/**
 * What an old link cannot carry: links before version 4 hold no argument words, so the wait-for
 * analysis of a dump (object groups, cycles, the evidence and tiers it gives) needs the file itself.
 */
const NOT_IN_OLD = new Set(['waitFor', 'evidence', 'evidenceItems', 'tier', 'tierId', 'tierName', 'tiers', 'sortKey']);

/** `shown` with ids resolved away: an old link's tables are numbered as that version numbered them. */
function names(x: unknown, key = ''): unknown {
  if (Array.isArray(x)) return key === 'ids' ? x.length : x.map((v) => names(v, key));
  if (!x || typeof x !== 'object' || ArrayBuffer.isView(x)) return x;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(x)) {
    if (NOT_IN_OLD.has(k)) continue;
    if (!['id', 'keyId', 'valueId', 'frame', 'frames', 'stack', 'reason'].includes(k) || (typeof v !== 'number' && !Array.isArray(v))) out[k] = names(v, k);
  }
  return out;
}

describe('links of older encodings still open', () => {
  for (const [file, rel] of [
    ['v1-go1.27-debug2.link', 'go1.27/debug2.txt'],
    ['v1-go1.27-trace.link', 'go1.27/trace.out'],
  ] as const)
    it(`${file} (version ${file[1]}) shows what ${rel} shows`, async () => {
      const bytes = linkBytes(file);
      expect(readHeader(bytes).version).toBe(Number(file[1]));
      const fresh = await sessionWith([rel]);
      const old = await opened(bytes);
      expect(old.workspace(-1).summary).toEqual(fresh.workspace(-1).summary);
      for (let s = 0; s < fresh.view.model.snapshots.length; s++) expect(names(shown(old, s))).toEqual(names(shown(fresh, s)));
    });
});
