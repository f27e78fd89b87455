/**
 * Reader for the Go 1.22+ trace format ("v2": headers go 1.22, 1.23, 1.25, 1.26), in Go's
 * layers: batches are cut from the byte stream and grouped per generation (v2-batches.ts), each
 * complete generation's tables are decoded (v2-generation.ts) and its per-thread event streams
 * are ordered with Go 1.27's rules (v2-order.ts), which report every event Go's reader would yield
 * to the TraceSink. Here: the wiring, and what a broken generation costs (docs §2.10).
 */
import type { ModelBuilder } from '../../model/model';
import type { TraceSink } from './sink';
import { BatchCutter, type BatchOwner, type GenerationBatches } from './v2-batches';
import { GenError, GenerationTables } from './v2-generation';
import { Ordering } from './v2-order';

export interface V2Result {
  generations: number;
  dropped: number;
  incomplete: boolean;
  wallStartUnixNs: number | null;
}

export class V2Reader implements BatchOwner {
  private readonly cutter: BatchCutter;
  private readonly tables: GenerationTables;
  private readonly order: Ordering;

  generations = 0;
  dropped = 0;
  incomplete = false;
  wallStartUnixNs: number | null = null;
  /** the first problem reported (a format error, truncation, a broken generation) */
  firstProblem: string | null = null;

  constructor(
    b: ModelBuilder,
    private readonly sink: TraceSink,
    version: number,
    private readonly warn: (msg: string) => void,
    sizeHint = 0,
  ) {
    this.cutter = new BatchCutter(version, this, sizeHint);
    this.tables = new GenerationTables(b);
    this.order = new Ordering(sink);
    this.version = version;
  }

  private readonly version: number;

  /** Feed the bytes after the 16-byte header, in any slicing. */
  push(chunk: Uint8Array): void {
    this.cutter.push(chunk);
  }

  /** End of input. */
  end(): V2Result {
    this.cutter.end();
    this.sink.sync(this.sink.lastTs, true);
    return { generations: this.generations, dropped: this.dropped, incomplete: this.incomplete || this.cutter.incomplete, wallStartUnixNs: this.wallStartUnixNs };
  }

  generation(g: GenerationBatches): void {
    let tablesOk = false;
    try {
      this.tables.load(g, this.version);
      tablesOk = true;
      this.wallStartUnixNs ??= this.tables.wallStartUnixNs;
      this.generations++;
      this.order.orderGeneration(g, this.tables);
    } catch (e) {
      if (!(e instanceof GenError)) throw e;
      this.cutter.stopped = true;
      this.incomplete = true;
      if (!tablesOk) {
        this.dropped++;
        this.problem(`generation ${g.gen} (starting at byte ${g.fileOffset}) is unusable: ${e.message}; it and the rest of the trace were dropped`);
      } else this.problem(`broken trace in generation ${g.gen} (starting at byte ${g.fileOffset}): ${e.message}; events from there on are lost`);
    }
  }

  lose(msg: string): void {
    this.firstProblem ??= msg;
    this.incomplete = true;
    this.dropped++;
    this.warn(msg);
  }

  problem(msg: string): void {
    this.firstProblem ??= msg;
    this.warn(msg);
  }
}
