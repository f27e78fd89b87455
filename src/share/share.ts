/**
 * Making a snapshot of what is loaded, as the worker does for Share and Save snapshot: the content
 * (redacted as asked), encoded and compressed. For a link, when the whole snapshot is larger than
 * a link should be, traces are reduced level by level (reduce.ts) until it fits; the snapshot then
 * says what it left out. A file always keeps everything.
 */
import type { ModelView } from '../model/read';
import type { TraceModel } from '../model/trace';
import { encodeSnapshot } from './encode';
import { VERSION } from './format';
import { fromModel, type ContentIds } from './from-model';
import { REDUCTION_LEVELS } from './reduce';
import { Redactor, type RedactOptions, type RedactionSample } from './redact';

/**
 * Characters of base64 a link may carry: fits a GitHub comment (65,536), a Slack message (40,000)
 * and a Teams message (~28 KB) with room for the address and the view.
 */
export const LINK_BUDGET = 24_000;

export interface SnapshotRequest {
  target: 'link' | 'file';
  redact: RedactOptions;
  /** base64 characters a link may take (LINK_BUDGET) */
  budget?: number;
  createdMs?: number;
  /** model ids the page's view refers to, so they can be renumbered (from-model.ts) */
  keep?: { strings: number[]; stacks: number[]; labelValues?: number[] };
}

export interface MadeSnapshot {
  bytes: Uint8Array;
  /** base64url characters the bytes take in a link */
  linkChars: number;
  /** whether the link fits the budget (always true for a file) */
  fits: boolean;
  /** the reduction level used (index into REDUCTION_LEVELS), -1 none */
  level: number;
  leftOut: string[];
  redacted: string[];
  samples: RedactionSample[];
  /** model ids → ids after opening (valid for this snapshot) */
  ids: ContentIds;
  /** goroutine rows, strings, stacks it carries */
  counts: { inputs: number; goroutines: number; strings: number; stacks: number };
}

export async function makeSnapshot(view: ModelView, req: SnapshotRequest): Promise<MadeSnapshot> {
  const m = view.model;
  const paths = new Set<string>();
  for (let f = 0; f < m.frames.count; f++) paths.add(view.str(m.frames.file[f]));
  const values = new Set<string>();
  for (let i = 1; i < m.labelSets.offsets.length - 1; i++) for (let k = m.labelSets.offsets[i] + 1; k < m.labelSets.offsets[i + 1]; k += 2) values.add(view.str(m.labelSets.data[k]));
  const base = await Redactor.create(req.redact, paths, values);
  const budget = req.budget ?? LINK_BUDGET;
  const createdMs = req.createdMs ?? Date.now();
  const levels = req.target === 'link' && m.traces.length ? [-1, ...REDUCTION_LEVELS.map((_, i) => i)] : [-1];
  let made: MadeSnapshot | null = null;
  for (const level of levels) {
    const redactor = base.fresh();
    const { content, ids } = fromModel(view, { redactor, reduction: level >= 0 ? REDUCTION_LEVELS[level] : null, createdMs, version: VERSION, keep: req.keep });
    // every timeline row costs at least a byte after deflate: more rows than the budget cannot fit, so skip encoding them
    const last = level === levels[levels.length - 1];
    if (req.target === 'link' && !last && timelineRows(content.traces) > budget) continue;
    const bytes = await encodeSnapshot(content);
    const linkChars = Math.ceil((bytes.length * 4) / 3);
    const goroutines = content.inputs.reduce((a, i) => a + i.snapshots.reduce((b, s) => b + (s.rows?.count ?? 0), 0), 0);
    made = {
      bytes,
      linkChars,
      fits: req.target === 'file' || linkChars <= budget,
      level,
      leftOut: content.meta.leftOut,
      redacted: content.meta.redacted,
      samples: redactor.samples,
      ids,
      counts: { inputs: content.inputs.length, goroutines, strings: content.strings.length, stacks: content.stacks.count },
    };
    if (made.fits) break;
  }
  return made!;
}

function timelineRows(traces: TraceModel[]): number {
  return traces.reduce((a, t) => a + t.segments.count + t.procSegments.count + t.threadSegments.count + t.tasks.count + t.regions.count + t.logs.count, 0);
}
