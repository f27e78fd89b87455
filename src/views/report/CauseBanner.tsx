/** What stopped the program, in its own words, at the top of the report. */
import type { ReportCause } from '../../worker/api';
import { useApp } from '../../store/store';
import { FrameKind } from '../../analysis/stack-info';
import { FileLine, FuncName } from '../common/GoName';

export function CauseBanner({ cause }: { cause: ReportCause }) {
  const filterTo = useApp((s) => s.filterTo);
  const selectRow = useApp((s) => s.selectRow);
  const g = cause.goroutine;
  const frames = g ? g.frames.filter((f) => f.kind === FrameKind.User || f.kind === FrameKind.Std).slice(0, 4) : [];
  return (
    <section className="lr-cause" data-testid="report-cause">
      {cause.signal && <div className="mono lr-cause-line">{cause.signal}</div>}
      {cause.fatal && <div className="mono lr-cause-line bad">fatal error: {cause.fatal}</div>}
      {cause.panic && <pre className="mono lr-cause-line bad">panic: {cause.panic}</pre>}
      {cause.runningTests.length > 0 && (
        <div className="lr-cause-tests" data-testid="running-tests">
          <span className="muted">running tests:</span>
          <ul>
            {cause.runningTests.map((t, i) => (
              <li key={i} className="mono">
                {t}
              </li>
            ))}
          </ul>
        </div>
      )}
      {g && (
        <div className="lr-cause-g">
          <button
            type="button"
            className="link"
            onClick={() => {
              filterTo({});
              selectRow(g.row);
            }}
          >
            goroutine {g.goid}
          </button>{' '}
          <span className="muted">[{g.state}]</span> {g.what}
          <ol className="lr-cause-frames">
            {frames.map((f, i) => (
              <li key={i} className="mono">
                <FuncName name={f.func} /> <span className="muted small">{f.file && <FileLine file={f.file} line={f.line} />}</span>
              </li>
            ))}
          </ol>
        </div>
      )}
    </section>
  );
}
