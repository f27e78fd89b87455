/**
 * The snapshot as an input format: the load path sniffs the magic (formats/sniff.ts) and hands the
 * bytes here, like any parser. Errors are SnapshotErrors (ParseErrors), reported as the input's.
 */
import { type Chunks, type ParseContext } from '../formats/types';
import { SnapshotError } from './errors';
import { decodeSnapshot } from './decode';
import { addContent } from './into-builder';
import { MAX_BODY } from './format';

export async function parseSnapshot(ctx: ParseContext, chunks: Chunks): Promise<void> {
  const bytes = await collect(chunks, MAX_BODY);
  const { header, content } = await decodeSnapshot(bytes);
  ctx.checkCancelled?.();
  addContent(ctx.builder, ctx.input, content, { kind: 'parkscope-snapshot', version: header.version, createdMs: content.meta.createdMs, leftOut: content.meta.leftOut, redacted: content.meta.redacted });
}

async function collect(chunks: Chunks, max: number): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  let total = 0;
  for await (const c of chunks) {
    total += c.length;
    if (total > max) throw new SnapshotError('too-large', `it is larger than ${Math.round(max / 2 ** 20)} MiB`);
    parts.push(c);
  }
  const out = new Uint8Array(total);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}
