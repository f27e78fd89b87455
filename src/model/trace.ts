/**
 * Execution-trace data in the model. Owned by src/formats/trace (see its README).
 * Everything large is a typed array so a TraceModel crosses the worker boundary by transfer.
 */
export interface TraceSummary {
  /** as the CLI contract's `trace` object (docs/cli-summary.md) */
  version: string;
  events: number;
  goroutines: number;
  created: number;
  destroyed: number;
  transitions: Record<string, number>;
  blockReasons: Record<string, number>;
  aliveAtEnd: number;
  atEnd: Record<string, number>;
}

export interface TraceModel {
  summary: TraceSummary;
}
