import { useState } from 'react';
import { useApp } from '../store/store';
import { EXAMPLE, EXAMPLE_TRACE, loadExample, loadText } from './input-sources';
import { RecentSessions } from './share/RecentSessions';

const SOURCES: { title: string; cmd: string; note: string }[] = [
  {
    title: 'Goroutine dump of a running server',
    cmd: 'curl -o goroutines.txt "http://localhost:6060/debug/pprof/goroutine?debug=2"',
    note: 'needs import _ "net/http/pprof". debug=1 (grouped text) and the default protobuf also work.',
  },
  {
    title: 'Proven leaks (Go 1.26+ with GOEXPERIMENT=goroutineleakprofile, Go 1.27)',
    cmd: 'curl -o leaks.txt "http://localhost:6060/debug/pprof/goroutineleak?debug=2"',
    note: 'the runtime marks goroutines it proved can never wake as (leaked).',
  },
  {
    title: 'Any process, without pprof',
    cmd: 'kill -QUIT <pid>   # or Ctrl+\\ in its terminal',
    note: 'the program prints every goroutine to its stderr and exits: take it from where stderr goes (./prog 2> dump.txt, journalctl, kubectl logs). Panics and "all goroutines are asleep" crashes print the same form.',
  },
  {
    title: 'A hanging test',
    cmd: 'go test -timeout 30s ./... 2>&1 | tee test.log',
    note: 'the timeout panic dumps every goroutine; drop test.log as it is (also go test -json output).',
  },
  {
    title: 'Execution trace',
    cmd: 'go test -trace trace.out ./pkg   # or runtime/trace.Start, or curl …/debug/pprof/trace?seconds=5',
    note: 'Go 1.11 to 1.27; shows which goroutines were still blocked when the trace ended.',
  },
  {
    title: 'Scheduler trace',
    cmd: 'GODEBUG=schedtrace=1000,scheddetail=1 ./server 2> sched.log',
    note: 'every SCHED block becomes a snapshot of Gs, Ms and Ps.',
  },
];

export function StartPage() {
  const [paste, setPaste] = useState('');
  const busy = useApp((s) => s.loading !== null || s.restoring);
  return (
    <div className="start">
      <section className="start-hero">
        <h1>Which goroutines are stuck, where, and since when?</h1>
        <p>
          Drop goroutine dumps, pprof goroutine profiles, schedtrace logs or execution traces anywhere on this page, open them with the button above, or paste a dump with{' '}
          <kbd>Ctrl</kbd>+<kbd>V</kbd>. Everything is parsed in your browser; nothing is uploaded.
        </p>
        <div className="start-actions">
          <button className="btn primary big" onClick={() => void loadExample()} disabled={busy} data-testid="open-example">
            Open the example
          </button>
          <span className="muted">{EXAMPLE.title}</span>
        </div>
        <div className="start-actions">
          <button className="btn big" onClick={() => void loadExample(EXAMPLE_TRACE)} disabled={busy} data-testid="open-example-trace">
            Open an example trace
          </button>
          <span className="muted">{EXAMPLE_TRACE.title}</span>
        </div>
      </section>
      <RecentSessions />
      <section className="start-grid">
        <div className="card">
          <h2>How to get an input from a Go program</h2>
          <ul className="sources">
            {SOURCES.map((s) => (
              <li key={s.title}>
                <div className="source-title">{s.title}</div>
                <code className="cmd">{s.cmd}</code>
                <div className="muted small">{s.note}</div>
              </li>
            ))}
          </ul>
        </div>
        <div className="card">
          <h2>Paste a dump</h2>
          <textarea
            className="paste-box"
            placeholder={'goroutine 1 [running]:\nmain.main()\n\t/app/main.go:12 +0x1d\n…'}
            value={paste}
            onChange={(e) => setPaste(e.target.value)}
            spellCheck={false}
            data-testid="paste-box"
          />
          <div className="row">
            <button className="btn primary" disabled={!paste.trim() || busy} onClick={() => loadText(paste)} data-testid="paste-load">
              Load pasted text
            </button>
            <span className="muted small">Log prefixes (journald, kubectl --timestamps), CRLF and tabs turned to spaces are handled.</span>
          </div>
        </div>
      </section>
    </div>
  );
}
