/**
 * Property 4 of the fuzz harness: a truncated input keeps everything complete before the cut.
 * Dumps: every goroutine block that ended before the cut is there, identical to the whole file's
 * (at most one more, the cut one, flagged); debug=1: every record before the cut; traces: no more
 * than the whole file, and the whole file's counts when nothing is cut.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ModelBuilder, GFlag } from '../../src/model/model';
import { ModelView } from '../../src/model/read';
import { parseInput } from '../../src/formats/index';
import { bufferChunks } from '../../src/formats/lines';
import { fixture, PARAMS, RUNS } from './harness';

async function view(bytes: Uint8Array, chunk: number): Promise<ModelView> {
  const b = new ModelBuilder();
  await parseInput(b, { name: 'x', size: bytes.length, chunks: bufferChunks(bytes, chunk) });
  return new ModelView(b.freeze());
}

function goroutines(v: ModelView): { goid: number; state: string; funcs: string; flags: number }[] {
  const g = v.model.goroutines;
  const out = [];
  for (let r = 0; r < g.count; r++) out.push({ goid: g.goid[r], state: v.str(g.state[r]), funcs: v.stackFrames(g.stack[r]).map((f) => v.frameFunc(f)).join(' < '), flags: g.flags[r] });
  return out;
}

/** Byte offsets just past each goroutine block (its last line's newline), in order. */
function blockEnds(text: string): number[] {
  const ends: number[] = [];
  // blank lines before a goroutine header end the block before them (not a preamble)
  const first = text.search(/^goroutine \d+ /m);
  const re = /\n\n(?=goroutine \d+ )/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) if (m.index > first) ends.push(m.index + 1);
  return ends;
}

describe('fuzz: truncated inputs keep what was complete', () => {
  for (const rel of ['go1.27/debug2.txt', 'go1.19/sigquit-all.txt', 'go1.27/debug2-tracebacklabels.txt']) {
    it(`${rel}: ${RUNS} cuts keep every goroutine that ended before the cut`, { timeout: 120_000 }, async () => {
      const bytes = fixture(rel);
      const text = new TextDecoder('latin1').decode(bytes);
      const full = goroutines(await view(bytes, 1 << 16));
      const ends = blockEnds(text);
      await fc.assert(
        fc.asyncProperty(fc.nat({ max: bytes.length }), fc.integer({ min: 1, max: 4096 }), async (cut, chunk) => {
          const got = goroutines(await view(bytes.subarray(0, cut), chunk));
          const complete = ends.filter((e) => e <= cut).length;
          // every block before the cut, exactly as in the whole file
          for (let i = 0; i < complete; i++) expect(got[i], `goroutine ${i} of ${complete}, cut at ${cut}`).toEqual(full[i]);
          // at most the one being cut besides; cut inside a line (the file plainly ends mid-way), it says so
          expect(got.length).toBeLessThanOrEqual(complete + 1);
          if (got.length === complete + 1 && cut < bytes.length && bytes[cut - 1] !== 10) {
            const last = got[complete];
            const whole = full[complete];
            if (last.funcs !== whole.funcs) expect(last.flags & GFlag.Truncated, `cut at ${cut}`).toBeTruthy();
          }
        }),
        PARAMS,
      );
    });
  }

  it(`go1.27/debug1.txt: ${RUNS} cuts keep every record before the cut`, { timeout: 120_000 }, async () => {
    const bytes = fixture('go1.27/debug1.txt');
    const text = new TextDecoder('latin1').decode(bytes);
    const full = await view(bytes, 1 << 16);
    const weights = Array.from(full.model.goroutines.weight);
    // a record is "N @ …" then frame lines, ending with an empty line
    const ends: number[] = [];
    const re = /\n\n(?=\d+ @ )/g;
    let m: RegExpExecArray | null;
    while ((m = re.exec(text))) ends.push(m.index + 1);
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: bytes.length }), fc.integer({ min: 1, max: 4096 }), async (cut, chunk) => {
        const v = await view(bytes.subarray(0, cut), chunk);
        const complete = ends.filter((e) => e <= cut).length;
        const got = Array.from(v.model.goroutines.weight);
        expect(got.length).toBeGreaterThanOrEqual(complete);
        expect(got.slice(0, complete)).toEqual(weights.slice(0, complete));
      }),
      PARAMS,
    );
  });

  for (const rel of ['go1.27/trace.out', 'extra-traces/go1.27-multigen.trace', 'go1.21/trace.out']) {
    it(`${rel}: ${RUNS} cuts never report more than the whole trace`, { timeout: 120_000 }, async () => {
      const bytes = fixture(rel);
      const whole = (await view(bytes, 1 << 16)).model.traces[0].summary;
      await fc.assert(
        fc.asyncProperty(fc.nat({ max: bytes.length }), async (cut) => {
          const v = await view(bytes.subarray(0, cut), 1 << 14);
          const inp = v.model.inputs[0];
          if (inp.error) {
            expect(inp.error).not.toMatch(/internal error/);
            return;
          }
          const s = v.model.traces[0].summary;
          expect(s.events).toBeLessThanOrEqual(whole.events);
          expect(s.goroutines).toBeLessThanOrEqual(whole.goroutines);
          if (cut === bytes.length) expect(s).toEqual(whole);
        }),
        PARAMS,
      );
    });
  }
});
