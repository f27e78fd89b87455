/**
 * Dumps as users paste them, each built from a real fixture: lines hard-wrapped by a console,
 * `go test` timeouts whose TABs became spaces, headers that do not fully parse, Go releases named
 * only by GOROOT paths, and tracebackancestors sections.
 */
import { describe, expect, it } from 'vitest';
import { fixtures, parkSiteTotals, snapshotsTotal, toRecord, type Truth } from './expect';
import { describeModel, hardWrap, parseDumpBytes, readFixture } from './dump-helpers';
import { summarize } from '../src/analysis/summary';
import { parseHeader, UNREADABLE_STATE } from '../src/formats/dump/header';

const enc = new TextEncoder();
const truthOf = (rel: string) => (JSON.parse(readFixture(rel + '.truth.json')) as Truth).expect;

async function parse(text: string, chunk?: number) {
  const { view, error } = await parseDumpBytes(enc.encode(text), { chunk });
  return { view, error, s: summarize(view).inputs[0], m: describeModel(view) };
}

describe('lines hard-wrapped at 80 columns (a Windows console paste) are joined back', () => {
  for (const rel of ['go1.27/sigquit-all-gomod-current.txt', 'go1.27/debug2-gomod-current.txt', 'go1.26/debug2-tracebacklabels.txt', 'go1.22/sigquit-system.txt', 'go1.19/debug2-ancestors.txt']) {
    for (const tabs of ['keep', 'spaces'] as const) {
      it(`${rel}, TABs ${tabs === 'keep' ? 'kept' : 'as spaces'}: the goroutines, stacks and creators of the original, and its truth`, async () => {
        const text = readFixture(rel);
        const wrapped = hardWrap(text, 80, tabs);
        // the wrap cut function lines (and in SIGQUIT dumps file lines with fp= sp= pc=)
        const cut = wrapped.split('\n').length - text.split('\n').length;
        expect(cut).toBeGreaterThan(0);
        expect(text.split('\n').some((l) => l.length > 80 && l.endsWith(')'))).toBe(true);
        if (rel.includes('sigquit')) expect(text.split('\n').some((l) => l.length > 80 && l.startsWith('\t'))).toBe(true);
        const original = await parse(text);
        const got = await parse(wrapped);
        expect(got.error).toBeNull();
        const noLine = (w: string) => w.replace(/line \d+/g, 'line N');
        expect(got.s.warnings.map(noLine)).toEqual(original.s.warnings.map(noLine));
        expect(got.m.rows).toEqual(original.m.rows);
        expect(got.m.ancestors).toEqual(original.m.ancestors);
        const t = truthOf(rel);
        expect(snapshotsTotal(got.s, Object.keys(t.snapshots_total!))).toEqual(t.snapshots_total);
        expect(parkSiteTotals(got.s)).toEqual(toRecord(t.parkSites!));
      });
    }
  }

  for (const rel of ['extra-dumps/go1.27-gotest-timeout-v.txt', 'extra-dumps/go1.21-gotest-timeout-v.txt']) {
    it(`${rel}: the park site of goroutine 1 is main.main, not a piece of testing.runTests' cut argument list`, async () => {
      const text = readFixture(rel);
      // goroutine 1's testing.runTests(…) line is longer than 80 columns; a piece of it read as a
      // function would be the innermost non-standard-library frame, i.e. the park site
      expect(text.split('\n').some((l) => l.startsWith('testing.runTests(') && l.length > 80)).toBe(true);
      for (const tabs of ['keep', 'spaces'] as const) {
        const { s, view } = await parse(hardWrap(text, 80, tabs));
        const { s: whole } = await parse(text);
        expect(s.snapshots[0].parkSites).toEqual(whole.snapshots[0].parkSites);
        for (const p of s.snapshots[0].parkSites) expect(p.function).not.toMatch(/0x|\)$/);
        const g = view.model.goroutines;
        const one = [...Array(g.count).keys()].find((r) => g.goid[r] === 1)!;
        expect(view.stackFrames(g.stack[one]).map((f) => view.frameFunc(f))).toEqual(['testing.(*T).Run', 'testing.runTests.func1', 'testing.tRunner', 'testing.runTests', 'testing.(*M).Run', 'main.main']);
        expect(s.warnings).toEqual([]);
      }
    });
  }

  it('every traceback fixture wrapped at 80, 100 or 120 columns reads as the original', async () => {
    for (const [rel] of fixtures((t) => t.expect.format === 'goroutine-dump')) {
      const text = readFixture(rel);
      const original = await parse(text);
      for (const width of [80, 100, 120]) {
        for (const tabs of ['keep', 'spaces'] as const) {
          const got = await parse(hardWrap(text, width, tabs));
          expect({ rel, width, tabs, rows: got.m.rows, ancestors: got.m.ancestors, warnings: got.s.warnings.length }).toEqual({ rel, width, tabs, rows: original.m.rows, ancestors: original.m.ancestors, warnings: original.s.warnings.length });
        }
      }
    }
  });

  it('a line of exactly 80 columns followed by its own next line is not joined', async () => {
    const name = 'main.' + 'x'.repeat(80 - 'main.()'.length) + '()';
    expect(name.length).toBe(80);
    const text = `goroutine 1 [running]:\n${name}\n\t/x/main.go:3 +0x1\nmain.main()\n\t/x/main.go:9 +0x2\n`;
    const { view } = await parse(text);
    expect(view.stackFrames(view.model.goroutines.stack[0]).map((f) => view.frameFunc(f))).toEqual([name.slice(0, -2), 'main.main']);
  });
});

describe('go test timeouts copied from a console: running tests found with TABs as spaces or gone', () => {
  const cases: [string, string, Record<string, number>][] = [
    ['extra-dumps/go1.27-gotest-timeout-v.txt', 'go 1.23+: the list is part of the panic value, TAB-indented', { 'select (no cases)': 3, 'chan receive': 2, 'sync.WaitGroup.Wait': 1, running: 1 }],
    ['extra-dumps/go1.21-gotest-timeout-v.txt', 'go 1.21: the list flush left, entries one TAB in', { 'select (no cases)': 3, 'chan receive': 2, semacquire: 1, running: 1 }],
  ];
  const variants: [string, (t: string) => string][] = [
    ['as captured', (t) => t],
    ['TABs as 4 spaces', (t) => t.replace(/\t/g, '    ')],
    ['TABs as 8-column stops, CRLF', (t) => hardWrap(t, 1 << 20, 'spaces').replace(/\n/g, '\r\n')],
    ['TABs removed', (t) => t.replace(/\t/g, '')],
  ];
  for (const [rel, what, states] of cases) {
    for (const [name, f] of variants) {
      it(`${rel} (${what}), ${name}`, async () => {
        const { s, view } = await parse(f(readFixture(rel)));
        expect(s.error).toBeNull();
        expect(s.snapshots).toHaveLength(1);
        expect(s.snapshots[0].states).toEqual(states);
        const pre = view.model.snapshots[0].preamble;
        expect(pre.panic).toBe('test timed out after 2s');
        expect(pre.runningTests).toEqual(['TestHang (2s)', 'TestHang/sub (2s)']);
        // the go command's `FAIL<TAB>pkg<TAB>2.006s` after the last block is known with spaces too
        if (name !== 'TABs removed') expect(s.warnings).toEqual([]);
      });
    }
  }

  it('go test -json whose Output TABs became spaces', async () => {
    const json = readFixture('extra-dumps/go1.27-gotest-timeout.json.txt')
      .split('\n')
      .map((l) => (l.startsWith('{') ? JSON.stringify({ ...JSON.parse(l), ...(JSON.parse(l).Output ? { Output: (JSON.parse(l).Output as string).replace(/\t/g, '    ') } : {}) }) : l))
      .join('\n');
    const { s, view } = await parse(json);
    expect(s.snapshots[0].goroutines).toBe(7);
    expect(view.model.snapshots[0].preamble.runningTests).toEqual(['TestHang (2s)', 'TestHang/sub (2s)']);
    expect(view.model.snapshots[0].preamble.panic).toBe('test timed out after 2s');
  });
});

describe('the Go release is inferred from GOROOT paths', () => {
  const rel = 'go1.27/debug2.txt';
  const text = readFixture(rel);
  const with_ = (root: string) => text.replaceAll('/usr/lib/go-1.27/', root);

  it('/usr/lib/go-1.27/src/… gives go1.27, for the input and its snapshot', async () => {
    const { s, view } = await parse(text);
    expect(s.goVersion).toBe('go1.27');
    expect(view.model.snapshots[0].goVersion).toBe('go1.27');
  });

  it('a go1.22.3 path element and /go-1.22/ do; /usr/local/go/ says nothing', async () => {
    expect((await parse(with_('/home/dev/sdk/go1.22.3/'))).s.goVersion).toBe('go1.22.3');
    expect((await parse(with_('/opt/go-1.22/'))).s.goVersion).toBe('go1.22');
    expect((await parse(with_('/root/go/pkg/mod/golang.org/toolchain@v0.0.1-go1.23.4.linux-amd64/'))).s.goVersion).toBe('go1.23.4');
    const plain = await parse(with_('/usr/local/go/'));
    expect(plain.s.goVersion).toBeNull();
    expect(plain.view.model.snapshots[0].goVersion).toBeNull();
  });

  it('two dumps of different releases in one log: each snapshot its own, the input the first', async () => {
    const { s, view } = await parse(readFixture('go1.21/debug2.txt') + '\n' + readFixture('go1.27/sigquit-all.txt'));
    expect(s.snapshots).toHaveLength(2);
    expect(view.model.snapshots.map((x) => x.goVersion)).toEqual(['go1.21', 'go1.27']);
    expect(s.goVersion).toBe('go1.21');
  });
});

describe('a header that does not fully parse still counts, keeps its stack and is warned about', () => {
  it('a raw " inside a quoted 1.27 label value (real dump)', async () => {
    const rel = 'go1.27/debug2-gomod-current.txt';
    const text = readFixture(rel);
    const lines = text.split('\n');
    const at = lines.findIndex((l) => l.endsWith('{handler: upload, tenant: acme}:'));
    const goid = /^goroutine (\d+) /.exec(lines[at])![1];
    lines[at] = lines[at].replace('{handler: upload, tenant: acme}', '{handler: "up"load", tenant: acme}');
    const { s, view } = await parse(lines.join('\n'));
    const t = truthOf(rel);
    expect(snapshotsTotal(s, Object.keys(t.snapshots_total!))).toEqual(t.snapshots_total);
    expect(parkSiteTotals(s)).toEqual(toRecord(t.parkSites!));
    expect(s.warnings).toEqual([`line ${at + 1}: goroutine ${goid}: header not fully understood (labels not understood: {handler: "up"load", tenant: acme}:); counted, with its stack`]);
    // the other labelled goroutines keep their labels
    const g = view.model.goroutines;
    const labelled = [...Array(g.count).keys()].filter((r) => g.labels[r] !== 0).map((r) => view.labels(g.labels[r]));
    expect(labelled).toEqual([
      [['handler', 'upload'], ['tenant', 'acme']],
      [['handler', 'upload'], ['tenant', 'acme']],
    ]);
  });

  it('a raw " inside a quoted 1.26 label value, inside the brackets (real dump): the state is kept', async () => {
    const rel = 'go1.26/debug2-tracebacklabels.txt';
    const lines = readFixture(rel).split('\n');
    const at = lines.findIndex((l) => l.includes('labels:{"handler": "upload"'));
    lines[at] = lines[at].replace('"handler": "upload"', '"handler": "up"load"');
    const { s } = await parse(lines.join('\n'));
    const t = truthOf(rel);
    expect(snapshotsTotal(s, Object.keys(t.snapshots_total!))).toEqual(t.snapshots_total);
    expect(parkSiteTotals(s)).toEqual(toRecord(t.parkSites!));
    expect(s.warnings).toHaveLength(1);
    expect(s.warnings[0]).toMatch(new RegExp(`^line ${at + 1}: goroutine \\d+: header not fully understood \\(labels not understood: .*quotes inside \\[ \\] do not pair up\\); counted, with its stack$`));
  });

  for (const [what, edit, problem, state] of [
    ['text after the colon', (h: string) => h + ' trailing', 'unexpected text after ]: : trailing', 'chan receive'],
    ['no colon', (h: string) => h.slice(0, -1), 'no : after ]', 'chan receive'],
    ['cut before the closing bracket', (h: string) => h.slice(0, h.indexOf(']') - 3), 'no closing ] after the state', UNREADABLE_STATE],
    ['labels that are not a map', (h: string) => h.slice(0, -1) + ' {oops:', 'labels not understood: {oops:', 'chan receive'],
  ] as const) {
    it(`${what}: counted with its frames, warned with its line`, async () => {
      const rel = 'go1.27/debug2.txt';
      const lines = readFixture(rel).split('\n');
      const at = lines.findIndex((l) => /^goroutine \d+ \[chan receive\]:$/.test(l));
      const goid = /^goroutine (\d+) /.exec(lines[at])![1];
      lines[at] = edit(lines[at]);
      const { s, view } = await parse(lines.join('\n'));
      const t = truthOf(rel);
      expect(s.snapshots[0].goroutines).toBe((t.snapshots_total as { goroutines: number }).goroutines);
      expect(parkSiteTotals(s)).toEqual(toRecord(t.parkSites!));
      expect(s.warnings).toEqual([`line ${at + 1}: goroutine ${goid}: header not fully understood (${problem}); counted, with its stack`]);
      const g = view.model.goroutines;
      const row = [...Array(g.count).keys()].find((r) => g.goid[r] === Number(goid))!;
      expect(view.str(g.state[row])).toBe(state);
      expect(view.stackDepth(g.stack[row])).toBeGreaterThan(0);
    });
  }

  it('parseHeader says what it could not read, and null only for lines that are no header', () => {
    expect(parseHeader('goroutine 9 [chan receive] {"a": "b"c"}:')).toMatchObject({ goid: 9, state: 'chan receive', labels: [], problems: ['labels not understood: {"a": "b"c"}:'] });
    expect(parseHeader('goroutine 9 gp=0x1 m=3 mp=0x2')).toMatchObject({ goid: 9, m: 3, state: UNREADABLE_STATE, problems: ['no [state] after the thread'] });
    expect(parseHeader('goroutine 9 [select, 5 minutes]:')).toMatchObject({ problems: [], waitMinutes: 5 });
    expect(parseHeader('goroutine 9 running')).toBeNull();
    expect(parseHeader('goroutine x [running]:')).toBeNull();
  });
});

describe('tracebackancestors (real, Go 1.19–1.27): the created-by lines of ancestor sections', () => {
  for (const rel of ['go1.19/debug2-ancestors.txt', 'go1.27/debug2-ancestors.txt']) {
    it(`${rel}: read with their file lines, no warnings`, async () => {
      const { s, view } = await parse(readFixture(rel));
      expect(s.warnings).toEqual([]);
      const m = view.model;
      const creators = m.ancestors.filter((a) => a.createdBy >= 0);
      expect(creators.length).toBeGreaterThan(0);
      for (const a of creators) {
        expect(view.frameFile(a.createdBy)).toMatch(/\.go$/);
        expect(view.frameLine(a.createdBy)).toBeGreaterThan(0);
      }
    });
  }
});
