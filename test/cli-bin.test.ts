/** The built CLI (`npm run build:cli`, the package's `bin`) runs with plain node, no tsx, and says what the source says. */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES } from './expect';

const ROOT = join(FIXTURES, '..', '..');
const BIN = join(ROOT, 'dist-cli', 'parkscope.mjs');

describe('the parkscope bin', () => {
  it('is built (npm test builds it first) and prints the same summary as the source', () => {
    expect(existsSync(BIN), 'run `npm run build:cli`').toBe(true);
    const files = ['go1.27/debug2.txt', 'go1.22/trace.out', 'go1.27/goroutine.pb.gz'].map((f) => join(FIXTURES, f));
    const bin = spawnSync(BIN, ['summary', ...files, '--json'], { encoding: 'utf8', maxBuffer: 16 << 20 });
    expect(bin.status, bin.stderr).toBe(0);
    const src = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'src/cli/main.ts'), 'summary', ...files, '--json'], { cwd: ROOT, encoding: 'utf8', maxBuffer: 16 << 20 });
    expect(JSON.parse(bin.stdout)).toEqual(JSON.parse(src.stdout));
    const usage = spawnSync(BIN, ['nonsense'], { encoding: 'utf8' });
    expect(usage.status).toBe(2);
  });
});
