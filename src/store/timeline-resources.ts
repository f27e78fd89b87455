/**
 * The timeline's resource rows (issue #12): which sections show above the goroutine rows — Ps,
 * threads, tasks and regions; off by default, kept in this browser — and their worker questions.
 * Answers for an older generation, or older than the latest question of their kind, come back as null.
 */
import { create } from 'zustand';
import type { ResourceKind, TimelineResourceHit, TimelineResourceLayout, TimelineResourceRequest, TimelineResources } from '../worker/api';
import { workerApi } from './client';
import { askLatest } from './timeline';

export type ResourceToggles = Record<ResourceKind, boolean>;

export const RESOURCE_KINDS: ResourceKind[] = ['procs', 'threads', 'tasks'];

const KEY = 'parkscope.timeline.resources';

function readToggles(): ResourceToggles {
  const off: ResourceToggles = { procs: false, threads: false, tasks: false };
  try {
    const v: unknown = JSON.parse(localStorage.getItem(KEY) ?? 'null');
    if (v && typeof v === 'object') for (const k of RESOURCE_KINDS) off[k] = (v as Record<string, unknown>)[k] === true;
  } catch {
    /* none kept */
  }
  return off;
}

interface ResourceState {
  shown: ResourceToggles;
  setShown(kind: ResourceKind, on: boolean): void;
}

export const useTimelineResources = create<ResourceState>((set, get) => ({
  shown: readToggles(),
  setShown(kind, on) {
    const shown = { ...get().shown, [kind]: on };
    set({ shown });
    try {
      localStorage.setItem(KEY, JSON.stringify(shown));
    } catch {
      /* private mode: kept for this page only */
    }
  },
}));

export function askResourceLayout(input: number): Promise<TimelineResourceLayout | null> {
  return askLatest('res-layout', (gen) => workerApi().timelineResourceLayout(gen, input));
}

/** A window of one kind's rows (each kind its own question: Ps do not wait for tasks). */
export function askResources(req: TimelineResourceRequest): Promise<TimelineResources | null> {
  return askLatest(`res-${req.kind}`, (gen) => workerApi().timelineResources(gen, req));
}

export function askResourceAt(kind: 'hover' | 'click', input: number, res: ResourceKind, row: number, time: number, slackNs: number): Promise<TimelineResourceHit | null> {
  return askLatest(`res-at-${kind}`, (gen) => workerApi().timelineResourceAt(gen, input, res, row, time, slackNs));
}
