/** The worker boundary: what the UI may ask, what comes back. Results cross by transfer. */
import type { Model } from '../model/model';
import type { Summary } from '../analysis/summary';
import type { Analysis, AnalyzeOptions } from '../analysis/index';

export interface LoadFile {
  name: string;
  blob: Blob;
}

export interface LoadProgress {
  file: string;
  fileIndex: number;
  fileCount: number;
  /** bytes read of this file and of the whole batch */
  bytesDone: number;
  bytesTotal: number;
  batchDone: number;
  batchTotal: number;
}

export interface LoadOutcome {
  file: string;
  error: string | null;
  warnings: number;
}

export interface LoadResult {
  /** every input loaded so far (earlier loads included), frozen */
  model: Model;
  summary: Summary;
  /** park-site frame id of every stack id (-1 none), see src/analysis/park-site.ts */
  parkSiteByStack: Int32Array;
  /** results of src/analysis `analyze`, when available; plain data */
  analysis: Analysis | null;
  /** what happened to each file of this batch */
  outcomes: LoadOutcome[];
  cancelled: boolean;
  /** time the worker spent, ms */
  parseMs: number;
}

export interface WorkerApi {
  load(files: LoadFile[], onProgress: (p: LoadProgress) => void): Promise<LoadResult>;
  /** stops the running load; the batch is rolled back, earlier loads stay */
  cancel(): void;
  /** the leak analysis again with other options (grouping level, the snapshot it describes) */
  analyze(opts: AnalyzeOptions): Promise<Analysis | null>;
  /** forgets everything loaded */
  clear(): Promise<LoadResult>;
}

/** Chunk size for reading a File in the worker: small enough for smooth progress. */
export const READ_CHUNK = 1 << 20;
