/**
 * Entry point for Go execution traces: header check, version dispatch, streaming, the model.
 * See README.md in this folder.
 */
import { addTraceEndSnapshot } from './end-snapshot';
import { ParseError, warn, type Chunks, type ParseContext } from '../types';
import { REDUCED_MERGE_NS, TraceSink } from './sink';
import { writtenBy } from './spec';
import { goVersionFromPath } from '../go-version';
import { V1Parser } from './v1-parse';
import { convertV1 } from './v1-convert';
import { V2Reader } from './v2';

export interface TraceParseOptions {
  /**
   * Inputs larger than this get reduced detail from the start: goroutine segments shorter than
   * REDUCED_MERGE_NS (1 µs) are merged into the next one. Counts, the goroutine table (time per
   * state, end states, park sites), P and thread segments, ranges and annotations stay exact.
   */
  detailLimitBytes?: number;
  /** reduce the detail during the parse once this many goroutine segments are kept (default sink.ts DEFAULT_MAX_SEGMENTS) */
  maxDetailSegments?: number;
  /** largest old-format (v1) trace accepted: it must be held in memory whole */
  maxV1Bytes?: number;
}

/**
 * Default: full detail (every goroutine, P and thread segment) for traces up to 256 MiB and while
 * fewer than DEFAULT_MAX_SEGMENTS goroutine segments are kept. A segment costs ~18 bytes in the
 * model (~23 while the parse builds the table); dense traces have 0.11 (v2) to 0.3 (v1) segments
 * per file byte, so a 256 MiB dense trace keeps ~30–80 M segments (0.5–1.4 GB) — beyond that the
 * merged short segments keep the timeline within bounds.
 */
export const DEFAULT_DETAIL_LIMIT = 256 << 20;
export const DEFAULT_MAX_V1 = 512 << 20;

const V2_VERSIONS = new Set([22, 23, 25, 26]);
const V1_VERSIONS = new Set([11, 19, 21]);

/** The message for a header that is not one this reader knows. */
export function unsupportedVersionMessage(n: number): string {
  if (n < 0) return "bad file format: not a Go execution trace (the 16-byte 'go 1.N trace' header is malformed)";
  if (n >= 5 && n <= 10)
    return (
      `unknown or unsupported trace version go 1.${n}: this trace was written by Go 1.5–1.10 (format go 1.${n}) and is too old; ` +
      'record it again with Go 1.11 or newer (1.22+ recommended) — `go tool trace` has refused these since Go 1.23'
    );
  return (
    `unknown or unsupported trace version go 1.${n}: Go 1.24 writes 'go 1.23' and Go 1.27 writes 'go 1.26'; ` +
    'a different number means a Go release whose format this reader does not know yet, or a damaged file. ' +
    'Try `go tool trace` from the Go release that produced it'
  );
}

/**
 * Parses a Go execution trace (all bytes of the input, header included) into a TraceModel in
 * ctx.builder.traces and sets the input's `trace` and `goVersion`.
 */
export async function parseTrace(ctx: ParseContext, chunks: Chunks, version: number, opts: TraceParseOptions = {}): Promise<void> {
  const info = ctx.builder.inputs[ctx.input];
  if (!V2_VERSIONS.has(version) && !V1_VERSIONS.has(version)) throw new ParseError(unsupportedVersionMessage(version));
  info.goVersion = `go1.${version}`;
  const frameStart = ctx.builder.frameFunc.length;
  const limit = opts.detailLimitBytes ?? DEFAULT_DETAIL_LIMIT;
  const reduced = ctx.totalBytes > limit;
  const kept =
    `goroutine states shorter than ${REDUCED_MERGE_NS / 1000} µs are merged into the next state on the timeline. Counts, goroutine ` +
    'lifecycles (creation, end, time per state, state at the end, park sites), P and thread timelines, GC/STW ranges and user annotations are complete.';
  let detailMessage = reduced ? `This trace is ${mb(ctx.totalBytes)}: larger than the ${mb(limit)} limit for full detail, so ${kept}` : null;
  const sink = new TraceSink(ctx.builder, { reduced, maxSegments: opts.maxDetailSegments, sizeHint: ctx.totalBytes });
  const w = (m: string) => warn(ctx, m);

  let model;
  if (V2_VERSIONS.has(version)) {
    const r = new V2Reader(ctx.builder, sink, version, w, ctx.totalBytes);
    let skip = 16;
    for await (let c of chunks) {
      if (skip > 0) {
        if (c.length <= skip) {
          skip -= c.length;
          continue;
        }
        c = c.subarray(skip);
        skip = 0;
      }
      r.push(c);
    }
    if (skip > 0) throw new ParseError('File too short to be a Go execution trace (16-byte header missing).');
    const res = r.end();
    if (res.generations === 0 && r.firstProblem !== null) throw new ParseError(`execution trace (go 1.${version}) with no readable generation: ${r.firstProblem}`);
    if (res.generations === 0) w('the trace holds no complete generation (no events)');
    if (sink.reducedDuringParse) detailMessage = overflowMessage(sink.maxSegments, kept);
    model = sink.finish({
      version,
      family: 'v2',
      writtenBy: writtenBy(version),
      generations: res.generations,
      droppedGenerations: res.dropped,
      incomplete: res.incomplete,
      wallStartUnixNs: res.wallStartUnixNs,
      detailMessage,
      thresholdBytes: limit,
    });
  } else {
    const max = opts.maxV1Bytes ?? DEFAULT_MAX_V1;
    // one buffer for the whole file, filled as the chunks arrive (no second copy when the size is known)
    let all = new Uint8Array(Math.max(0, Math.min(ctx.totalBytes, max + 16) - 16));
    let total = 0;
    let o = 0;
    for await (const c of chunks) {
      total += c.length;
      if (total > max + 16) throw new ParseError(`old-format trace (go 1.${version}) larger than ${mb(max)}: not supported (the old format must be held in memory whole)`);
      const part = total - c.length < 16 ? c.subarray(16 - (total - c.length)) : c;
      if (part.length === 0) continue;
      if (o + part.length > all.length) {
        const n = new Uint8Array(Math.max(o + part.length, all.length * 2));
        n.set(all.subarray(0, o));
        all = n;
      }
      all.set(part, o);
      o += part.length;
    }
    if (total < 16) throw new ParseError('File too short to be a Go execution trace (16-byte header missing).');
    if (o < all.length) all = all.subarray(0, o);
    convertV1(ctx.builder, sink, new V1Parser(all, version), version);
    if (sink.reducedDuringParse) detailMessage = overflowMessage(sink.maxSegments, kept);
    model = sink.finish({
      version,
      family: 'v1',
      writtenBy: writtenBy(version),
      generations: 1,
      droppedGenerations: 0,
      incomplete: false,
      wallStartUnixNs: null,
      detailMessage,
      thresholdBytes: limit,
    });
  }
  for (const m of sink.warnings) w(m);
  // the header names a format shared by several releases (go 1.26: Go 1.26 and 1.27); GOROOT paths
  // in the stacks often name the exact one
  const exact = versionFromFrames(ctx, frameStart);
  if (exact && Number(exact.split('.')[1]) >= version) info.goVersion = exact;
  info.trace = ctx.builder.traces.length;
  ctx.builder.traces.push(model);
  addTraceEndSnapshot(ctx.builder, ctx.input, model);
}

function overflowMessage(rows: number, kept: string): string {
  return `This trace has more than ${(rows / 1e6).toFixed(0)} million goroutine state changes: too many to keep every one in memory, so from there on ${kept}`;
}

function mb(n: number): string {
  return n >= 1 << 20 ? `${(n / (1 << 20)).toFixed(n >= 10 << 20 ? 0 : 1)} MiB` : `${n} bytes`;
}

function versionFromFrames(ctx: ParseContext, from: number): string | null {
  const b = ctx.builder;
  const seen = new Set<number>();
  for (let f = from; f < b.frameFunc.length; f++) {
    const file = b.frameFile.data[f];
    if (seen.has(file)) continue;
    seen.add(file);
    const v = goVersionFromPath(b.strings.get(file));
    if (v) return v;
  }
  return null;
}
