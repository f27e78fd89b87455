/** Helpers for the analysis tests: load several fixtures into one model, read their truth. */
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { ModelBuilder } from '../src/model/model';
import { ModelView } from '../src/model/read';
import type { InputSource } from '../src/formats/index';
import { loadSources } from '../src/formats/load';
import type { DumpSuspect, LeakReport } from '../src/analysis/report';
import { bufferChunks } from '../src/formats/lines';
import { FIXTURES } from './expect';

export interface TruthSite {
  key: string;
  count: number;
  func: string;
  park_site: string | null;
  main_frame?: string;
  wait_reason?: string | null;
  leak: boolean;
  gc_detectable: boolean;
  leaked_marked?: number;
  labels?: Record<string, string>;
  created_by?: string;
}

export interface SiteTruth {
  format: string;
  variant?: string;
  sites: TruthSite[];
  leaked?: { total: number; by_park_site: Record<string, number> };
  system_goroutines?: number;
  main_goroutine?: { id: number; status: string; park_site: string; main_frame: string };
  [k: string]: unknown;
}

export function truthOf(rel: string): SiteTruth {
  return JSON.parse(readFileSync(join(FIXTURES, rel + '.truth.json'), 'utf8')) as SiteTruth;
}

export function hasFixture(rel: string): boolean {
  return existsSync(join(FIXTURES, rel)) && existsSync(join(FIXTURES, rel + '.truth.json'));
}

/** Loads fixtures together, as the page and the CLI do (one batch: one series, traces apart). */
export async function loadAll(rels: string[]): Promise<ModelView> {
  const b = new ModelBuilder();
  await loadSources(b, rels.map(fixtureSource));
  return new ModelView(b.freeze());
}

export function fixtureSource(rel: string): InputSource {
  const bytes = new Uint8Array(readFileSync(join(FIXTURES, rel)));
  return { name: rel.split('/').pop()!, size: bytes.length, chunks: bufferChunks(bytes, 1 << 16) };
}

/** The dump suspects of a report (the ones with leak marks, growth, waits). */
export function dumpSuspects(r: LeakReport): DumpSuspect[] {
  return r.suspects.filter((s): s is DumpSuspect => s.source === 'dump');
}

/** The contract's park site of a planted site (innermost non-std frame): the site's main-package frame. */
export function contractParkSite(s: TruthSite): string {
  if (s.park_site && s.park_site.startsWith('main.')) return s.park_site;
  return s.main_frame ?? s.func;
}

export const VERSIONS = ['go1.19', 'go1.21', 'go1.22', 'go1.23', 'go1.24', 'go1.26', 'go1.27'];
