import { describe, expect, it } from 'vitest';
import { summaryOf } from './expect';

describe('Go version of an input', () => {
  it('a trace header shared by two releases is narrowed by the GOROOT paths in its stacks', async () => {
    // Go 1.27 writes `go 1.26 trace`, Go 1.24 writes `go 1.23 trace`
    expect((await summaryOf('go1.27/trace.out')).goVersion).toBe('go1.27');
    expect((await summaryOf('go1.24/trace.out')).goVersion).toBe('go1.24');
    expect((await summaryOf('go1.26/trace.out')).goVersion).toBe('go1.26');
  });

  it('dumps and profiles take it from standard-library paths', async () => {
    expect((await summaryOf('go1.21/debug2.txt')).goVersion).toBe('go1.21');
    expect((await summaryOf('go1.19/debug1.txt')).goVersion).toBe('go1.19');
    expect((await summaryOf('go1.22/goroutine.pb.gz')).goVersion).toBe('go1.22');
  });
});
