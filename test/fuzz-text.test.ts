/**
 * Damaged text inputs never crash a parser: random byte edits of real fixtures (deterministic
 * seed) give a result or a ParseError message, never an "internal error" and never a hang.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES } from './expect';
import { ModelBuilder } from '../src/model/model';
import { parseInput } from '../src/formats/index';
import { bufferChunks } from '../src/formats/lines';

function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const FILES = ['go1.27/debug2-tracebacklabels.txt', 'go1.19/sigquit-all.txt', 'go1.27/debug1.txt', 'go1.27/schedtrace-detail.txt', 'go1.21/debug2-ancestors.txt', 'go1.26/leak-debug1.txt'];
const ALPHABET = ' \t\n\r[](){}:,"\\x0123456789abcdefgoroutine@#';

describe('random damage to text fixtures', () => {
  for (const rel of FILES) {
    it(`${rel}: 60 damaged copies parse or fail cleanly`, async () => {
      const orig = new Uint8Array(readFileSync(join(FIXTURES, rel)));
      const rand = rng(rel.length * 7919);
      for (let k = 0; k < 60; k++) {
        const b = orig.slice();
        const edits = 1 + Math.floor(rand() * 40);
        for (let e = 0; e < edits; e++) {
          const at = Math.floor(rand() * b.length);
          b[at] = rand() < 0.7 ? ALPHABET.charCodeAt(Math.floor(rand() * ALPHABET.length)) : Math.floor(rand() * 256);
        }
        const cut = rand() < 0.3 ? b.subarray(0, Math.floor(rand() * b.length)) : b;
        const builder = new ModelBuilder();
        const i = await parseInput(builder, { name: rel, size: cut.length, chunks: bufferChunks(cut, 1 + Math.floor(rand() * 5000)) });
        const err = builder.inputs[i].error;
        if (err) expect(err).not.toMatch(/^internal error/);
      }
    });
  }
});

describe('random damage to protobuf profiles', () => {
  for (const rel of ['go1.27/goroutine.pb.gz', 'go1.19/goroutine.pb.gz', 'go1.27/trace-pprof-syscall.pb.gz']) {
    it(`${rel} (inflated): 150 damaged copies parse or fail with a byte offset`, async () => {
      const { gunzipSync } = await import('node:zlib');
      const orig = new Uint8Array(gunzipSync(readFileSync(join(FIXTURES, rel))));
      const rand = rng(rel.length * 104729);
      for (let k = 0; k < 150; k++) {
        const b = orig.slice();
        const edits = 1 + Math.floor(rand() * 8);
        for (let e = 0; e < edits; e++) b[Math.floor(rand() * b.length)] = Math.floor(rand() * 256);
        const cut = rand() < 0.3 ? b.subarray(0, Math.floor(rand() * b.length)) : b;
        const builder = new ModelBuilder();
        const i = await parseInput(builder, { name: rel, size: cut.length, chunks: bufferChunks(cut, 4096) });
        const err = builder.inputs[i].error;
        if (err) expect(err).not.toMatch(/^internal error/);
      }
    });
  }
});
