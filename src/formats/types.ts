/** What every format parser gets: where to write, how to report, how to stop. */
import type { ModelBuilder } from '../model/model';

export interface ParseContext {
  builder: ModelBuilder;
  /** index of this input in builder.inputs */
  input: number;
  /** base name, for messages only: formats are sniffed by content, never by name */
  fileName: string;
  /** total bytes of the input as given (compressed size for gzip) */
  totalBytes: number;
  /** bytes of the input consumed so far (called by the chunk reader; parsers need not) */
  onProgress?: (bytesDone: number, totalBytes: number) => void;
  /** throws ParseCancelled when the user cancelled; chunk readers check it between chunks */
  checkCancelled?: () => void;
}

/** A parse that cannot go on: the message says what and where (line or byte offset). */
export class ParseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ParseError';
  }
}

export class ParseCancelled extends Error {
  constructor() {
    super('cancelled');
    this.name = 'ParseCancelled';
  }
}

/** Byte chunks of one input, in order. Any slicing works; parsers must not assume sizes. */
export type Chunks = AsyncIterable<Uint8Array>;

/** Warnings are kept per input, capped so a hostile file cannot flood memory. */
export const MAX_WARNINGS = 200;

export function warn(ctx: ParseContext, message: string): void {
  const w = ctx.builder.inputs[ctx.input].warnings;
  if (w.length < MAX_WARNINGS) w.push(message);
  else if (w.length === MAX_WARNINGS) w.push('more warnings not shown');
}
