/**
 * Renders nothing: after a trace loads, while another tab is shown, has the worker make ahead what
 * the timeline's first frame will ask (store/timeline.ts prepareTimeline) — the layout, and the
 * whole trace's columns at the track width the canvas will probably have (measured from the tab's
 * body; another width only means they are made when asked). Asked after the other views' first
 * questions, which were sent with the workspace.
 */
import { useEffect } from 'react';
import { useApp } from '../../store/store';
import { prepareTimeline } from '../../store/timeline';
import { timelineTraceInput } from './Timeline';
import { trackPxInHost } from './timeline-canvas';

/** the canvas host's border (timeline.css .tl-canvas-host): 1px each side */
const HOST_BORDER = 2;

function expectedTrackPx(): number {
  const body = document.querySelector('.tab-body');
  if (!body) return 0;
  const cs = getComputedStyle(body);
  return trackPxInHost(body.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight) - HOST_BORDER);
}

export function TimelinePrepare() {
  const generation = useApp((s) => s.workspace?.generation ?? -1);
  useEffect(() => {
    const st = useApp.getState();
    if (!st.workspace || st.tab === 'timeline') return;
    const input = timelineTraceInput(st.workspace, st.snapshot);
    if (input < 0) return;
    const id = setTimeout(() => void prepareTimeline(input, expectedTrackPx()).catch(() => {}), 0);
    return () => clearTimeout(id);
  }, [generation]);
  return null;
}
