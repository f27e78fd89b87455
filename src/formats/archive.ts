/**
 * A .zip of dumps opens as one input per entry (issue #3: several files form a series).
 * fflate (8 kB, pure JS, no workers in its sync API) reads the archive; entries are ordered by
 * name, naturally (dump-2 before dump-10), the order a series of snapshots is shown in when the
 * inputs carry no time.
 */
import { unzipSync } from 'fflate';
import { ParseError } from './types';
import { collect, prepend, readHead, type InputSource } from './index';

const MAX_ZIP = 512 << 20;
const MAX_UNZIPPED = 1 << 30;

export const naturalOrder = new Intl.Collator('en', { numeric: true, sensitivity: 'base' }).compare;

/** The sources inside `src` if it is a zip archive, else `src` itself (as one source). */
export async function expandArchive(src: InputSource): Promise<InputSource[] | { error: string; source: InputSource }> {
  const { head, rest } = await readHead(src.chunks, 4);
  const chunks = prepend(head, rest);
  if (!(head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04)) return [{ ...src, chunks }];
  try {
    const bytes = await collect(chunks, MAX_ZIP, 'zip archive');
    let total = 0;
    const entries = unzipSync(bytes, {
      filter: (f) => {
        if (f.name.endsWith('/') || f.name.startsWith('__MACOSX/') || f.name.split('/').pop()!.startsWith('.')) return false;
        total += f.originalSize;
        if (total > MAX_UNZIPPED) throw new ParseError(`zip archive unpacks to more than ${MAX_UNZIPPED >> 20} MiB`);
        return true;
      },
    });
    const names = Object.keys(entries).sort(naturalOrder);
    if (names.length === 0) throw new ParseError('zip archive has no files');
    return names.map((n) => {
      const data = entries[n];
      return {
        name: `${src.name}/${n}`,
        size: data.length,
        chunks: (async function* () {
          for (let i = 0; i < data.length; i += 1 << 20) yield data.subarray(i, Math.min(data.length, i + (1 << 20)));
        })(),
      };
    });
  } catch (e) {
    const message = e instanceof ParseError ? e.message : `zip archive is damaged: ${(e as Error)?.message ?? e}`;
    return { error: message, source: { ...src, chunks: (async function* () {})() } };
  }
}
