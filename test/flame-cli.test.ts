/** `parkscope flame`: folded stacks on stdout, exit codes as the other commands (0, 1 unreadable input, 2 usage). */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseFlameArgs } from '../src/cli/flame';
import { FIXTURES } from './expect';

const ROOT = join(FIXTURES, '..', '..');

function run(args: string[]) {
  return spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'src/cli/main.ts'), 'flame', ...args], { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 << 20 });
}

function total(stdout: string): number {
  return stdout
    .trim()
    .split('\n')
    .reduce((a, l) => a + Number(l.slice(l.lastIndexOf(' ') + 1)), 0);
}

describe('parkscope flame', () => {
  it('prints one folded line per path; counts add up to the goroutines; park-rooted with --orientation park', () => {
    const r = run([join(FIXTURES, 'go1.27/grow-1.txt'), join(FIXTURES, 'go1.27/grow-2.txt'), '--orientation', 'park']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    // the default snapshot is the latest dump
    expect(total(r.stdout)).toBe(66);
    expect(r.stdout.split('\n')).toContain('[chan send];main.(*Pipeline).produce 20');
    const first = run([join(FIXTURES, 'go1.27/grow-1.txt'), join(FIXTURES, 'go1.27/grow-2.txt'), '--snapshot=1', '--creators']);
    expect(first.status).toBe(0);
    expect(total(first.stdout)).toBe(53);
    expect(first.stdout.split('\n')).toContain('created by main.(*Pipeline).launchStage;main.(*Pipeline).produce;[chan send] 7');
  });

  it('exit 1 when an input cannot be read (the others are still drawn), 2 for usage', () => {
    const r = run([join(FIXTURES, 'go1.27/debug2.txt'), join(FIXTURES, 'no-such-file.txt'), '--weight', 'leaked']);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('no-such-file.txt: cannot read file');
    // debug2.txt has no (leaked) marks: nothing weighs
    expect(r.stdout).toBe('');
    const u = run(['--orientation', 'sideways', join(FIXTURES, 'go1.27/debug2.txt')]);
    expect(u.status).toBe(2);
    expect(u.stderr).toContain('usage: parkscope flame');
  });
});

describe('parkscope flame --weight blocked (execution traces)', () => {
  it('go1.27/trace.out --kind sync adds up to the delay go tool trace -pprof=sync wrote (its truth file)', () => {
    const truth = JSON.parse(readFileSync(join(FIXTURES, 'go1.27/trace-pprof-sync.pb.gz.truth.json'), 'utf8')) as Record<string, number>;
    const r = run([join(FIXTURES, 'go1.27/trace.out'), '--weight', 'blocked', '--kind', 'sync']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(total(r.stdout)).toBe(truth['total_delay_ns (observed)']);
    expect(r.stdout).toMatch(/^main\.poolWorker;\[chan receive\] \d+$/m);
  });

  it('--weight still-blocked: the goroutines blocked when the trace ended; a dump alone is an error', () => {
    const r = run([join(FIXTURES, 'go1.27/trace.out'), '--weight', 'still-blocked']);
    expect(r.status).toBe(0);
    expect(r.stdout.split('\n')).toContain('main.(*Pipeline).produce;[chan send] 7');
    const d = run([join(FIXTURES, 'go1.27/debug2.txt'), '--weight', 'blocked']);
    expect(d.status).toBe(1);
    expect(d.stderr).toContain('needs an execution trace');
  });
});

describe('flame arguments', () => {
  it('parses every option, in both spellings', () => {
    expect(parseFlameArgs(['a.txt', '--orientation', 'park', '--weight=wait', '--snapshot', '2', '--no-fold', '--creators', 'b.txt'])).toEqual({
      files: ['a.txt', 'b.txt'],
      orientation: 'park',
      weight: 'wait',
      snapshot: 2,
      foldRuntime: false,
      creators: true,
      kind: 'waiting',
      from: null,
      to: null,
    });
    expect(parseFlameArgs(['t.out', '--weight', 'blocked', '--kind=sched', '--from', '1000', '--to=2000.5'])).toMatchObject({ weight: 'blocked', kind: 'sched', from: 1000, to: 2000.5 });
    expect(parseFlameArgs(['--', '--odd-name.txt'])).toMatchObject({ files: ['--odd-name.txt'], orientation: 'entry', weight: 'goroutines', snapshot: null, foldRuntime: true, creators: false });
  });

  it('says what is wrong', () => {
    expect(parseFlameArgs([])).toBe('no input files');
    expect(parseFlameArgs(['a', '--weight', 'bytes'])).toMatch(/--weight must be one of goroutines, leaked, wait, value/);
    expect(parseFlameArgs(['a', '--snapshot', '0'])).toMatch(/positive integer/);
    expect(parseFlameArgs(['a', '--snapshot'])).toMatch(/positive integer/);
    expect(parseFlameArgs(['a', '--no-fold=1'])).toMatch(/takes no value/);
    expect(parseFlameArgs(['a', '--json'])).toMatch(/unknown option --json/);
    expect(parseFlameArgs(['a', '--kind', 'gc'])).toMatch(/--kind must be one of waiting, sync, net, syscall, sched/);
    expect(parseFlameArgs(['a', '--from', 'soon'])).toMatch(/--from needs a time/);
  });
});
