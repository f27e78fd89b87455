import { useApp } from '../../store/store';
import { useTimeline } from '../../store/timeline';

/** "Show in timeline" for a trace goroutine (goroutine detail pane): opens the Timeline tab scrolled to its row. */
export function ShowInTimeline({ input, row }: { input: number; row: number }) {
  const onTimeline = useApp((s) => s.tab === 'timeline');
  const setTab = useApp((s) => s.setTab);
  const showRow = useTimeline((s) => s.showRow);
  if (onTimeline) return null;
  return (
    <button
      className="btn small"
      onClick={() => {
        showRow(input, row);
        setTab('timeline');
      }}
      data-testid="show-in-timeline"
    >
      Show in timeline
    </button>
  );
}
