/** Node-only: a file as chunks, read in slices (never one string of the whole file). */
import { open, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import type { InputSource } from '../formats/index';

export async function fileSource(path: string, chunkSize = 1 << 20): Promise<InputSource> {
  const st = await stat(path);
  return {
    name: basename(path),
    size: st.size,
    chunks: (async function* () {
      const fh = await open(path, 'r');
      try {
        for (;;) {
          const buf = new Uint8Array(chunkSize);
          const { bytesRead } = await fh.read(buf, 0, chunkSize, null);
          if (bytesRead === 0) break;
          yield bytesRead === chunkSize ? buf : buf.subarray(0, bytesRead);
        }
      } finally {
        await fh.close();
      }
    })(),
  };
}
