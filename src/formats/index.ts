/**
 * One entry point for every input: sniff by content, decompress gzip, hand the bytes to the
 * format's parser. Runs unchanged in the worker, the CLI and tests. A file that fails leaves the
 * builder as it was before (rollback) and records the error on its input.
 */
import type { ModelBuilder } from '../model/model';
import { decodeHead, sniff, type Sniffed } from './sniff';
import { ParseCancelled, ParseError, type Chunks, type ParseContext } from './types';
import { ModelLimitError } from '../model/strings';
import { parseDump } from './dump/parse-dump';
import { parseTrace } from './trace/parse-trace';
import { parseProfileText } from './profile-text/parse-profile-text';
import { parsePprof } from './pprof/parse-pprof';
import { parseSchedtrace } from './sched/parse-schedtrace';
import { parseSnapshot } from '../share/parse';

export interface InputSource {
  name: string;
  size: number;
  /** yields the raw bytes; may be called once */
  chunks: Chunks;
}

export interface ParseInputOptions {
  onProgress?: (bytesDone: number, totalBytes: number) => void;
  checkCancelled?: () => void;
  /** cap for gzip-decompressed data (default 1 GiB) */
  maxDecompressedBytes?: number;
}

/** Bytes sniffed before deciding the format (joined for the sniffer only). */
const HEAD_BYTES = 1 << 20;

/** Parses one input into the builder. Returns its input index; never throws except on cancel. */
export async function parseInput(builder: ModelBuilder, src: InputSource, opts: ParseInputOptions = {}): Promise<number> {
  const mark = builder.mark();
  const input = builder.addInput(src.name, src.size);
  const ctx: ParseContext = {
    builder,
    input,
    fileName: src.name,
    totalBytes: src.size,
    onProgress: opts.onProgress,
    checkCancelled: opts.checkCancelled,
  };
  try {
    await parseInto(ctx, progressChunks(src.chunks, ctx), opts, 0);
    return input;
  } catch (e) {
    if (e instanceof ParseCancelled) {
      builder.rollback(mark);
      throw e;
    }
    const message = e instanceof ParseError || e instanceof ModelLimitError ? e.message : `internal error while parsing: ${(e as Error)?.message ?? e}`;
    const format = builder.inputs[input]?.format ?? null;
    builder.rollback(mark);
    const idx = builder.addInput(src.name, src.size);
    builder.inputs[idx].error = message;
    builder.inputs[idx].format = format;
    return idx;
  }
}

async function parseInto(ctx: ParseContext, chunks: Chunks, opts: ParseInputOptions, depth: number): Promise<void> {
  const { head, parts, rest } = await readHead(chunks, HEAD_BYTES);
  const kind: Sniffed = sniff(head, head.length ? decodeHead(head) : '');
  const info = ctx.builder.inputs[ctx.input];
  // the parser gets the chunks as they came, not the joined head: its chunk seams are the input's
  const all = prepend(parts, rest);
  switch (kind.kind) {
    case 'gzip': {
      if (depth > 0) throw new ParseError('gzip inside gzip is not supported');
      const max = opts.maxDecompressedBytes ?? 1 << 30;
      return parseInto(ctx, gunzip(all, max, ctx), opts, depth + 1);
    }
    case 'goroutine-dump':
      info.format = 'goroutine-dump';
      return parseDump(ctx, all);
    case 'execution-trace':
      info.format = 'execution-trace';
      return parseTrace(ctx, all, kind.version);
    case 'goroutine-profile-text':
      info.format = 'goroutine-profile-text';
      return parseProfileText(ctx, all);
    case 'pprof': {
      info.format = 'pprof';
      // protobuf needs random access: one buffer, capped well below the gzip cap (a profile of
      // 100k goroutines with distinct stacks and labels is ~5 MB; 256 MiB is ~5M distinct samples)
      const max = Math.min(opts.maxDecompressedBytes ?? Infinity, 256 << 20);
      const buf = await collect(all, max, depth > 0 ? 'the decompressed profile' : 'the profile');
      return parsePprof(ctx, buf);
    }
    case 'schedtrace':
      info.format = 'schedtrace';
      return parseSchedtrace(ctx, all);
    case 'parkscope-snapshot':
      // the snapshot's inputs carry their own formats
      return parseSnapshot(ctx, all);
    case 'unknown':
      throw new ParseError(`not a goroutine dump, profile or Go trace: ${kind.reason}`);
  }
}

/** Reports bytes read of the file as given (before decompression) and checks for cancel. */
async function* progressChunks(chunks: Chunks, ctx: ParseContext): AsyncGenerator<Uint8Array> {
  let done = 0;
  for await (const c of chunks) {
    ctx.checkCancelled?.();
    done += c.length;
    yield c;
    ctx.onProgress?.(done, ctx.totalBytes);
  }
}

/** Reads chunks until at least `n` bytes (or the end); returns them joined, as they came, and the rest. */
export async function readHead(chunks: Chunks, n: number): Promise<{ head: Uint8Array; parts: Uint8Array[]; rest: AsyncIterator<Uint8Array> }> {
  const it = chunks[Symbol.asyncIterator]();
  const parts: Uint8Array[] = [];
  let total = 0;
  while (total < n) {
    const r = await it.next();
    if (r.done) break;
    parts.push(r.value);
    total += r.value.length;
  }
  const head = parts.length === 1 ? parts[0] : concat(parts, total);
  return { head, parts, rest: it };
}

export function concat(parts: Uint8Array[], total = parts.reduce((a, p) => a + p.length, 0)): Uint8Array {
  const out = new Uint8Array(total);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

export async function* prepend(head: Uint8Array | Uint8Array[], rest: AsyncIterator<Uint8Array>): AsyncGenerator<Uint8Array> {
  for (const h of Array.isArray(head) ? head : [head]) if (h.length) yield h;
  for (;;) {
    const r = await rest.next();
    if (r.done) return;
    yield r.value;
  }
}

/** Collects all chunks into one buffer (pprof: small, and protobuf needs random access). */
export async function collect(chunks: Chunks, max = Infinity, what = 'input'): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  let total = 0;
  for await (const c of chunks) {
    total += c.length;
    if (total > max) throw new ParseError(`${what} is larger than the ${Math.round(max / 2 ** 20)} MiB limit`);
    parts.push(c);
  }
  return concat(parts, total);
}

/** Streams gzip decompression (DecompressionStream: browsers and Node ≥ 18), capped at `max` bytes. */
async function* gunzip(chunks: Chunks, max: number, ctx: ParseContext): AsyncGenerator<Uint8Array> {
  const ds = new DecompressionStream('gzip');
  const writer = ds.writable.getWriter();
  let inBytes = 0;
  const pump = (async () => {
    try {
      for await (const c of chunks) {
        inBytes += c.length;
        await writer.write(c as Uint8Array<ArrayBuffer>);
      }
      await writer.close();
    } catch (e) {
      await writer.abort(e).catch(() => {});
    }
  })();
  const reader = ds.readable.getReader();
  let out = 0;
  try {
    for (;;) {
      let r: ReadableStreamReadResult<Uint8Array>;
      try {
        r = await reader.read();
      } catch (e) {
        throw new ParseError(`gzip data is corrupt or truncated after ${inBytes} compressed bytes (${out} bytes decompressed): ${(e as Error).message ?? e}`);
      }
      if (r.done) break;
      out += r.value.length;
      if (out > max) throw new ParseError(`decompressed data exceeds the ${Math.round(max / 2 ** 20)} MiB limit`);
      ctx.checkCancelled?.();
      yield r.value;
    }
  } finally {
    reader.releaseLock();
    await pump;
  }
}
