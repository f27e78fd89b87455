/**
 * What the user loaded, kept in this browser (IndexedDB, through idb) so a reload, Back into the
 * app or the link in the address bar brings the same workspace back: a session is the batches of
 * files in the order they were loaded, each with where it was placed. Nothing here leaves the
 * machine. A size cap keeps the newest sessions; the start page lists them.
 */
import { openDB, type IDBPDatabase } from 'idb';
import type { LoadFile, Placement } from '../worker/api';

export interface StoredBatch {
  files: { name: string; blob: Blob }[];
  placement: Placement;
}

export interface StoredSession {
  id: string;
  created: number;
  updated: number;
  bytes: number;
  /** file names, for the list */
  names: string[];
  batches: StoredBatch[];
}

export type SessionListing = Omit<StoredSession, 'batches'>;

/** Sessions beyond this many bytes in all are evicted, oldest first (the newest is always kept). */
export const STORAGE_CAP_BYTES = 1 << 30;

let db: Promise<IDBPDatabase> | null = null;

function open(): Promise<IDBPDatabase> {
  db ??= openDB('parkscope', 1, {
    upgrade(d) {
      d.createObjectStore('sessions', { keyPath: 'id' });
    },
  });
  return db;
}

export function newSessionId(): string {
  const b = new Uint8Array(8);
  crypto.getRandomValues(b);
  return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
}

/** Appends a batch to a session (created when new); returns the batch's index. */
export async function saveBatch(id: string, files: LoadFile[], placement: Placement): Promise<number> {
  const d = await open();
  const tx = d.transaction('sessions', 'readwrite');
  const now = Date.now();
  const s: StoredSession = (await tx.store.get(id)) ?? { id, created: now, updated: now, bytes: 0, names: [], batches: [] };
  s.batches.push({ files: files.map((f) => ({ name: f.name, blob: f.blob })), placement });
  s.bytes += files.reduce((a, f) => a + f.blob.size, 0);
  s.names.push(...files.map((f) => f.name));
  s.updated = now;
  await tx.store.put(s);
  await tx.done;
  await evict(id);
  return s.batches.length - 1;
}

/** Records where a batch ended up after the user moved it (so a restore places it the same way). */
export async function setPlacement(id: string, batch: number, placement: Placement): Promise<void> {
  const d = await open();
  const tx = d.transaction('sessions', 'readwrite');
  const s = (await tx.store.get(id)) as StoredSession | undefined;
  if (s && s.batches[batch]) {
    s.batches[batch].placement = placement;
    await tx.store.put(s);
  }
  await tx.done;
}

/** Names a session for the list by what it holds (a shared link's snapshot names its own files). */
export async function setSessionNames(id: string, names: string[]): Promise<void> {
  const d = await open();
  const tx = d.transaction('sessions', 'readwrite');
  const s = (await tx.store.get(id)) as StoredSession | undefined;
  if (s) {
    s.names = names;
    await tx.store.put(s);
  }
  await tx.done;
}

export async function getSession(id: string): Promise<StoredSession | undefined> {
  return (await open()).get('sessions', id);
}

export async function listSessions(): Promise<SessionListing[]> {
  const all = (await (await open()).getAll('sessions')) as StoredSession[];
  return all.map(({ batches: _b, ...rest }) => rest).sort((a, b) => b.updated - a.updated);
}

export async function deleteSession(id: string): Promise<void> {
  await (await open()).delete('sessions', id);
}

export async function deleteAllSessions(): Promise<void> {
  await (await open()).clear('sessions');
}

async function evict(keep: string): Promise<void> {
  const list = await listSessions();
  let total = list.reduce((a, s) => a + s.bytes, 0);
  for (let i = list.length - 1; i >= 0 && total > STORAGE_CAP_BYTES; i--) {
    if (list[i].id === keep) continue;
    await deleteSession(list[i].id);
    total -= list[i].bytes;
  }
}
