/** Snapshots made and opened the way the page does it: in a worker Session, through the load path. */
import { Session } from '../src/worker/session';
import { makeSnapshot, type SnapshotRequest } from '../src/share/share';
import { NO_REDACTION } from '../src/share/redact';
import type { LoadFile } from '../src/worker/api';
import { value } from './session-helpers';

export async function snapshotOf(s: Session, req: Partial<SnapshotRequest> = {}) {
  return makeSnapshot(s.view, { target: 'file', redact: NO_REDACTION, ...req });
}

/** A fresh session that opened `bytes` as a file (as a link or a dropped .parkscope file is opened). */
export async function opened(bytes: Uint8Array, name = 'shared.parkscope'): Promise<Session> {
  const s = new Session();
  const file: LoadFile = { name, blob: new Blob([bytes as Uint8Array<ArrayBuffer>]) };
  await s.load([file], { mode: 'replace' });
  return s;
}

/** Everything a page shows for a snapshot, without the timings. */
export function shown(s: Session, snapshot: number) {
  const gen = s.currentGeneration;
  const levels = ['exact', 'no-lines', 'park-site'] as const;
  const reports = levels.map((l) => {
    const { timingsMs: _t, ...r } = value(s.report(gen, snapshot, l));
    return r;
  });
  const choices = value(s.choices(gen, snapshot));
  const rows = value(s.rows(gen, snapshot, {}, { key: 'goid', desc: false }));
  return { reports, choices, rows: { total: rows.total, goroutines: rows.goroutines, head: rows.head, ids: Array.from(rows.rows) } };
}

type Ids = { string(id: number): number; labelValue(id: number): number; stack(id: number): number; row(r: number): number };

/**
 * What `shown` gives, with the original's string and stack ids turned into the ids they have after
 * opening (`ids` from the snapshot), and frame ids left out (frames are shown by name, file and line,
 * which stay). Pass no `ids` for the opened side.
 */
export function comparable(x: unknown, ids?: Ids, key = ''): unknown {
  if (Array.isArray(x)) return x.map((v) => comparable(v, ids, key === 'ids' ? 'row' : key));
  if (typeof x === 'number') {
    if (!ids) return x;
    if (key === 'id' || key === 'keyId' || key === 'reason') return ids.string(x);
    if (key === 'valueId') return ids.labelValue(x);
    if (key === 'stack') return ids.stack(x);
    if (key === 'row') return ids.row(x);
    return x;
  }
  if (!x || typeof x !== 'object' || ArrayBuffer.isView(x)) return x;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(x)) {
    if (k === 'frame' || k === 'frames') continue;
    out[k] = comparable(v, ids, k);
  }
  return out;
}
