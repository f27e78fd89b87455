/**
 * The one load path of the web worker and the CLI: a batch of sources → inputs in the builder, in
 * the same order everywhere, with the same series assignment.
 *
 * - Order: sources sorted by name (or path), naturally (dump-2 before dump-10, the order a shell
 *   glob does not give but a user means), zip entries likewise. A series is later ordered by the snapshots' own times
 *   when every one carries a time (src/analysis/diff.ts `seriesOf`), else by this order.
 * - Series: the goroutine snapshots of one batch (files loaded together, a zip, several dumps in
 *   one log) are one series: one process over time. Every execution trace is a series of its own.
 * - A source that fails stays as an input with its `error` (the CLI prints it, the page names it);
 *   a cancel rolls the whole batch back and rethrows ParseCancelled.
 */
import type { ModelBuilder } from '../model/model';
import { expandArchive, naturalOrder } from './archive';
import { parseInput, type InputSource } from './index';
import { ParseCancelled } from './types';

/**
 * A source, or one that could not even be opened (a missing file on the command line). `order` is
 * what it is sorted by when not its name: the path as given on the command line, so files of
 * several folders stay grouped by folder.
 */
export type LoadSource = (InputSource | { name: string; size: number; error: string }) & { order?: string };

export interface LoadProgress {
  /** the source being read (its name as given) */
  file: string;
  fileIndex: number;
  fileCount: number;
  /** bytes read of this source and of the whole batch */
  bytesDone: number;
  bytesTotal: number;
  batchDone: number;
  batchTotal: number;
}

export interface LoadOptions {
  onProgress?: (p: LoadProgress) => void;
  checkCancelled?: () => void;
  /** cap for gzip-decompressed data (parseInput's default when unset) */
  maxDecompressedBytes?: number;
}

export interface LoadOutcome {
  /** input index in the builder */
  input: number;
  file: string;
  error: string | null;
  warnings: number;
}

/** Series id that is free in the builder (one more than any assigned). */
export function nextSeriesId(builder: ModelBuilder): number {
  let max = -1;
  for (const i of builder.inputs) if (i.series > max) max = i.series;
  return max + 1;
}

export async function loadSources(builder: ModelBuilder, sources: LoadSource[], opts: LoadOptions = {}): Promise<LoadOutcome[]> {
  const mark = builder.mark();
  const ordered = [...sources].sort((a, b) => naturalOrder(a.order ?? a.name, b.order ?? b.name));
  const batchTotal = ordered.reduce((a, s) => a + s.size, 0);
  const outcomes: LoadOutcome[] = [];
  const dumpSeries = nextSeriesId(builder);
  let traceSeries = dumpSeries + 1;
  let batchBase = 0;
  const failed = (name: string, size: number, error: string) => {
    const input = builder.addInput(name, size);
    builder.inputs[input].error = error;
    outcomes.push({ input, file: name, error, warnings: 0 });
  };
  try {
    for (let i = 0; i < ordered.length; i++) {
      const src = ordered[i];
      if ('error' in src) {
        failed(src.name, src.size, src.error);
        continue;
      }
      let last = 0;
      const onProgress = opts.onProgress
        ? (done: number, total: number) => {
            const now = Date.now();
            if (now - last < 50 && done < total) return;
            last = now;
            opts.onProgress!({ file: src.name, fileIndex: i, fileCount: ordered.length, bytesDone: done, bytesTotal: total, batchDone: batchBase + Math.min(done, src.size), batchTotal });
          }
        : undefined;
      const expanded = await expandArchive(src);
      if (!Array.isArray(expanded)) failed(src.name, src.size, expanded.error);
      else {
        for (const s of expanded) {
          const input = await parseInput(builder, s, {
            checkCancelled: opts.checkCancelled,
            onProgress: expanded.length === 1 ? onProgress : undefined,
            maxDecompressedBytes: opts.maxDecompressedBytes,
          });
          // a Parkscope snapshot adds every input it holds, in its own series: keep how they were grouped
          // (in the order of their ids there, which the default snapshot depends on; opened alone
          // into an empty workspace, as a link is, with the very ids it had)
          const own = new Map<number, number>();
          const added = builder.inputs.slice(input);
          const exact = ordered.length === 1 && dumpSeries === 0;
          for (const id of [...new Set(added.filter((i) => i.origin && i.series >= 0).map((i) => i.series))].sort((a, b) => a - b)) {
            own.set(id, exact ? id : traceSeries);
            traceSeries = Math.max(traceSeries, exact ? id : traceSeries) + 1;
          }
          for (let k = input; k < builder.inputs.length; k++) {
            const inp = builder.inputs[k];
            if (inp.origin && inp.series >= 0) inp.series = own.get(inp.series)!;
            else inp.series = inp.trace >= 0 ? traceSeries++ : dumpSeries;
            outcomes.push({ input: k, file: k === input ? s.name : inp.file, error: inp.error, warnings: inp.warnings.length });
          }
        }
      }
      batchBase += src.size;
      opts.checkCancelled?.();
    }
  } catch (e) {
    if (e instanceof ParseCancelled) builder.rollback(mark);
    throw e;
  }
  return outcomes;
}
