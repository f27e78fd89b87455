/**
 * Every parser under fuzzing (see harness.ts): random bytes, and real fixtures damaged the ways
 * real files get damaged, through the one entry point. Short fixed-seed slice in `npm test`;
 * `npm run fuzz` runs the long one.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { gunzipSync, gzipSync } from 'node:zlib';
import { zipSync } from 'fflate';
import { broken, damaged, fixture, parseCase, PARAMS, RUNS } from './harness';

const CORPORA: Record<string, { files: string[]; binary: boolean }> = {
  'traceback dumps': { files: ['go1.27/debug2-tracebacklabels.txt', 'go1.19/sigquit-all.txt', 'go1.21/debug2-ancestors.txt', 'go1.27/panic-all.txt', 'extra-dumps/go1.27-gotest-timeout.json.txt', 'extra-dumps/go1.27-sigquit-crash.txt'], binary: false },
  'debug=1 text': { files: ['go1.27/debug1.txt', 'go1.19/debug1.txt', 'go1.26/leak-debug1.txt'], binary: false },
  schedtrace: { files: ['go1.27/schedtrace-detail.txt', 'go1.19/schedtrace.txt', 'go1.22/schedtrace-detail.txt'], binary: false },
  'execution traces (Go 1.22+)': { files: ['go1.27/trace.out', 'go1.22/trace.out', 'extra-traces/go1.24-multigen.trace'], binary: true },
  'execution traces (Go 1.11–1.21 format)': { files: ['go1.19/trace.out', 'go1.21/trace.out', 'extra-traces/go1.21-multigen.trace'], binary: true },
};

const TIMEOUT = Math.max(60_000, RUNS * 2_000);

for (const [name, { files, binary }] of Object.entries(CORPORA)) {
  describe(`fuzz: ${name}`, () => {
    const corpus = files.map(fixture);
    it(`${RUNS} damaged copies: a result or a typed error, in linear time and bounded memory`, { timeout: TIMEOUT }, async () => {
      await fc.assert(
        fc.asyncProperty(damaged(corpus, binary), async (c) => {
          const o = await parseCase(c.bytes, c.chunk);
          const why = broken(o, c.bytes);
          if (why) throw new Error(`${why} (file ${files[c.file]}, steps ${JSON.stringify(c.steps).slice(0, 400)})`);
        }),
        PARAMS,
      );
    });
  });
}

describe('fuzz: protobuf profiles', () => {
  const corpus = ['go1.27/goroutine.pb.gz', 'go1.19/goroutine.pb.gz', 'go1.27/trace-pprof-sync.pb.gz', 'go1.26/leak-debug0.pb.gz'].map((f) => new Uint8Array(gunzipSync(fixture(f))));
  it(`${RUNS} damaged copies, raw and gzipped again`, { timeout: TIMEOUT }, async () => {
    await fc.assert(
      fc.asyncProperty(damaged(corpus, true), fc.boolean(), async (c, gz) => {
        const bytes = gz ? new Uint8Array(gzipSync(c.bytes)) : c.bytes;
        const o = await parseCase(bytes, c.chunk);
        const why = broken(o, c.bytes);
        if (why) throw new Error(`${why} (steps ${JSON.stringify(c.steps).slice(0, 400)})`);
      }),
      PARAMS,
    );
  });
});

describe('fuzz: archives', () => {
  const members = ['go1.27/grow-1.txt', 'go1.27/grow-2.txt', 'go1.27/debug1.txt'].map(fixture);
  it(`${RUNS} damaged zip archives`, { timeout: TIMEOUT }, async () => {
    const zip = new Uint8Array(zipSync({ 'a.txt': members[0], 'b.txt': members[1], 'c/d.txt': members[2] }));
    await fc.assert(
      fc.asyncProperty(damaged([zip], true), async (c) => {
        const { ModelBuilder } = await import('../../src/model/model');
        const { loadSources } = await import('../../src/formats/load');
        const { bufferChunks } = await import('../../src/formats/lines');
        const b = new ModelBuilder();
        const outcomes = await loadSources(b, [{ name: 'x.zip', size: c.bytes.length, chunks: bufferChunks(c.bytes, c.chunk) }]);
        for (const o of outcomes) if (o.error) expect(o.error).not.toMatch(/internal error/);
      }),
      PARAMS,
    );
  });
});

describe('fuzz: random bytes', () => {
  it(`${RUNS} random inputs of every kind of start (text, gzip, trace header, zip, protobuf)`, { timeout: TIMEOUT }, async () => {
    const starts = ['', 'goroutine 1 [running]:\n', 'go 1.22 trace\x00\x00\x00', 'go 1.21 trace\x00\x00\x00', '\x1f\x8b\x08\x00', 'PK\x03\x04', 'SCHED 0ms: gomaxprocs=2', 'goroutine profile: total 3\n', '\x0a\x04'];
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...starts), fc.uint8Array({ maxLength: 4096 }), fc.integer({ min: 1, max: 512 }), async (start, tail, chunk) => {
        const head = new TextEncoder().encode(start);
        const bytes = new Uint8Array(head.length + tail.length);
        bytes.set(head);
        bytes.set(tail, head.length);
        const o = await parseCase(bytes, chunk);
        const why = broken(o, bytes);
        if (why) throw new Error(why);
      }),
      PARAMS,
    );
  });
});
