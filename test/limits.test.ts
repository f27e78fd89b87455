/** Resource limits: a model that would outgrow what one tab keeps is refused with the limit stated, and nothing half-loaded stays. */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ModelBuilder, DEFAULT_MODEL_LIMITS } from '../src/model/model';
import { ModelView } from '../src/model/read';
import { parseInput } from '../src/formats/index';
import { bufferChunks } from '../src/formats/lines';
import { summarize } from '../src/analysis/summary';
import { FIXTURES } from './expect';

const src = (rel: string) => {
  const bytes = new Uint8Array(readFileSync(join(FIXTURES, rel)));
  return { name: rel.split('/').pop()!, size: bytes.length, chunks: bufferChunks(bytes, 1 << 12) };
};

describe('model limits', () => {
  it('too many distinct names: the input is refused with the limit, rolled back, and the next input loads', async () => {
    const b = new ModelBuilder({ ...DEFAULT_MODEL_LIMITS, strings: 80 });
    const bad = await parseInput(b, src('go1.27/debug2-ancestors.txt'));
    expect(b.inputs[bad].error).toMatch(/too many distinct names to keep in memory: more than 80 names/);
    expect(b.goroutineCount).toBe(0);
    const ok = await parseInput(b, src('go1.27/deadlock.txt'));
    expect(b.inputs[ok].error).toBeNull();
    expect(summarize(new ModelView(b.freeze())).inputs[1].snapshots[0].goroutines).toBe(17);
  });

  it('too many goroutines: refused with the limit stated', async () => {
    const b = new ModelBuilder({ ...DEFAULT_MODEL_LIMITS, goroutines: 10 });
    const i = await parseInput(b, src('go1.27/debug2.txt'));
    expect(b.inputs[i].error).toMatch(/more than 10 goroutines/);
    expect(b.goroutineCount).toBe(0);
  });

  it('too many characters of names: refused', async () => {
    const b = new ModelBuilder({ ...DEFAULT_MODEL_LIMITS, chars: 500 });
    const i = await parseInput(b, src('go1.27/trace.out'));
    expect(b.inputs[i].error).toMatch(/million characters of names/);
  });
});
