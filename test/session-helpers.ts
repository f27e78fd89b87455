/** Drives the worker's Session in Node, as the page does: files as Blobs, answers unwrapped. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Session } from '../src/worker/session';
import type { LoadFile, Placement, Reply } from '../src/worker/api';
import { FIXTURES } from './expect';

export function fixtureFile(rel: string, name = rel.split('/').pop()!): LoadFile {
  return { name, blob: new Blob([readFileSync(join(FIXTURES, rel))]) };
}

export function textFile(name: string, text: string): LoadFile {
  return { name, blob: new Blob([text]) };
}

export async function sessionWith(rels: string[], placement: Placement = { mode: 'auto' }): Promise<Session> {
  const s = new Session();
  await s.load(rels.map((r) => fixtureFile(r)), placement);
  return s;
}

/** The value of a reply that must not be stale. */
export function value<T>(r: Reply<T>): T {
  if (r.stale) throw new Error(`stale reply (generation ${r.generation})`);
  return r.value;
}
