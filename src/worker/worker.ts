/// <reference lib="webworker" />
/**
 * The worker owns parsing and analysis. It keeps one ModelBuilder for the session: each load adds
 * inputs to it (a later dump of the same process is compared with the earlier one), a failed or
 * cancelled file leaves it as it was. Results are frozen copies sent by transfer.
 */
import * as Comlink from 'comlink';
import { ModelBuilder } from '../model/model';
import { ModelView } from '../model/read';
import { collectTransferables } from '../model/columns';
import { parseInput } from '../formats/index';
import { expandArchive, naturalOrder } from '../formats/archive';
import { ParseCancelled } from '../formats/types';
import { summarize } from '../analysis/summary';
import { parkSitesByStack } from '../analysis/park-site';
import { analyzeForUi } from './analyze';
import { READ_CHUNK, type LoadFile, type LoadProgress, type LoadResult, type WorkerApi } from './api';

let builder = new ModelBuilder();
let cancelRequested = false;
let busy = false;

async function* blobChunks(blob: Blob): AsyncGenerator<Uint8Array> {
  for (let off = 0; off < blob.size; off += READ_CHUNK) {
    const buf = await blob.slice(off, Math.min(blob.size, off + READ_CHUNK)).arrayBuffer();
    yield new Uint8Array(buf);
  }
}

function result(partial: Omit<LoadResult, 'model' | 'summary' | 'analysis' | 'parkSiteByStack'>): LoadResult {
  const model = builder.freeze();
  const view = new ModelView(model);
  const parkSiteByStack = parkSitesByStack(view);
  const summary = summarize(view, parkSiteByStack);
  const analysis = analyzeForUi(view, { parkByStack: parkSiteByStack });
  return { model, summary, analysis, parkSiteByStack, ...partial };
}

const api: WorkerApi = {
  async load(files: LoadFile[], onProgress_: (p: LoadProgress) => void): Promise<LoadResult> {
    if (busy) throw new Error('a load is already running');
    busy = true;
    cancelRequested = false;
    const t0 = performance.now();
    const mark = builder.mark();
    const batchTotal = files.reduce((a, f) => a + f.blob.size, 0);
    let batchBase = 0;
    const outcomes: LoadResult['outcomes'] = [];
    try {
      // a series dropped together is shown in name order (dump-2 before dump-10) unless inputs carry times
      const ordered = [...files].sort((a, b) => naturalOrder(a.name, b.name));
      const checkCancelled = () => {
        if (cancelRequested) throw new ParseCancelled();
      };
      for (let i = 0; i < ordered.length; i++) {
        const f = ordered[i];
        let last = 0;
        const onProgress = (done: number, total: number) => {
          const now = performance.now();
          if (now - last < 50 && done < total) return;
          last = now;
          onProgress_({ file: f.name, fileIndex: i, fileCount: ordered.length, bytesDone: done, bytesTotal: total, batchDone: batchBase + Math.min(done, f.blob.size), batchTotal });
        };
        const expanded = await expandArchive({ name: f.name, size: f.blob.size, chunks: blobChunks(f.blob) });
        if (!Array.isArray(expanded)) {
          outcomes.push({ file: f.name, error: expanded.error, warnings: 0 });
        } else {
          for (const src of expanded) {
            const idx = await parseInput(builder, src, { checkCancelled, onProgress: expanded.length === 1 ? onProgress : undefined });
            const inp = builder.inputs[idx];
            outcomes.push({ file: src.name, error: inp.error, warnings: inp.warnings.length });
            // a file that is not a supported input is reported, not kept
            if (inp.error) builder.inputs.splice(idx, 1);
          }
        }
        batchBase += f.blob.size;
        // let a cancel message in between files
        await new Promise((r) => setTimeout(r, 0));
      }
      const res = result({ outcomes, cancelled: false, parseMs: performance.now() - t0 });
      return Comlink.transfer(res, collectTransferables(res));
    } catch (e) {
      if (e instanceof ParseCancelled) {
        builder.rollback(mark);
        const res = result({ outcomes, cancelled: true, parseMs: performance.now() - t0 });
        return Comlink.transfer(res, collectTransferables(res));
      }
      throw e;
    } finally {
      busy = false;
    }
  },
  async analyze(opts) {
    // the last model sent to the UI was transferred away: freeze again (a copy of the tables)
    const res = analyzeForUi(new ModelView(builder.freeze()), opts);
    return res ? Comlink.transfer(res, collectTransferables(res)) : null;
  },
  cancel() {
    cancelRequested = true;
  },
  async clear() {
    builder = new ModelBuilder();
    const res = result({ outcomes: [], cancelled: false, parseMs: 0 });
    return Comlink.transfer(res, collectTransferables(res));
  },
};

Comlink.expose(api);
