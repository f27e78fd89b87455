import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES, parseBytes } from './expect';
import { analyze } from '../src/analysis/index';

describe('a real net/http server leaking one goroutine per request (Go 1.27)', () => {
  it('blames the handler goroutine, follows its creation through the server, and leaves net/http loops alone', async () => {
    const bytes = new Uint8Array(readFileSync(join(FIXTURES, 'extra-dumps/go1.27-http-handler-leak.txt')));
    const view = await parseBytes('http.txt', bytes);
    const a = analyze(view);
    const top = a.report.suspects[0];
    expect(top.parkSite?.func).toBe('main.handler.func1');
    expect(top.count).toBe(50);
    expect(top.pattern).toBe('chan-send');
    if (top.source !== 'dump') throw new Error('expected a dump suspect');
    const chain = top.creatorChains[0].funcs;
    expect(chain).toContain('net/http.(*Server).Serve');
    expect(chain[0]).toBe('main.handler');
    const blamed = a.report.suspects.map((s) => s.parkSite?.func ?? '');
    for (const f of blamed) expect(f.startsWith('net/http.') || f.startsWith('internal/poll.')).toBe(false);
    const background = a.report.background.map((b) => b.what).join(' | ');
    expect(background).toMatch(/HTTP server accept loop/);
    expect(background).toMatch(/HTTP client connection read loop/);
  });
});
