import { useState, type PointerEvent } from 'react';
import type { EventTimeline } from '../../../../shared/api.ts';

/** Drawing units of the SVG viewBox; the SVG scales to the width of the screen. */
const WIDTH = 1000;
const HEIGHT = 120;
const AXIS_HEIGHT = 18;
const PLOT_HEIGHT = HEIGHT - AXIS_HEIGHT;

type BucketType = keyof EventTimeline['buckets'][number]['byType'];

/** Stacking order and legend of the bar segments; errors are drawn on top in red. */
export const TIMELINE_SERIES: ReadonlyArray<{ type: BucketType; label: string; className: string }> = [
  { type: 'users', label: 'User requests', className: 'series-users' },
  { type: 'groups', label: 'Group requests', className: 'series-groups' },
  { type: 'other-scim', label: 'Other SCIM requests', className: 'series-other-scim' },
  { type: 'admin', label: 'Admin changes', className: 'series-admin' },
  { type: 'alert', label: 'Alerts', className: 'series-alert' },
  { type: 'other', label: 'Other', className: 'series-other' },
];

type Props = {
  timeline: EventTimeline;
  /** The filter's time range, marked on the chart. */
  since: string | undefined;
  until: string | undefined;
  onSelectRange: (since: string, until: string) => void;
};

const axisTime = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });

/**
 * Draws events per time bucket as stacked SVG bars, one colour per type and
 * failed events in red on top. Dragging across the bars (or clicking one)
 * selects that time range for the list.
 */
export function TimelineChart({ timeline, since, until, onSelectRange }: Props) {
  const [drag, setDrag] = useState<{ from: number; to: number } | null>(null);
  const buckets = timeline.buckets;
  const slot = WIDTH / Math.max(1, buckets.length);
  const maxTotal = Math.max(1, ...buckets.map((bucket) => bucket.total));
  const total = buckets.reduce((sum, bucket) => sum + bucket.total, 0);
  const errors = buckets.reduce((sum, bucket) => sum + bucket.errors, 0);
  const bucketMs = timeline.bucketMinutes * 60_000;

  const indexAt = (event: PointerEvent<SVGSVGElement>): number => {
    const box = event.currentTarget.getBoundingClientRect();
    const x = ((event.clientX - box.left) / box.width) * WIDTH;
    return Math.min(buckets.length - 1, Math.max(0, Math.floor(x / slot)));
  };
  const finishDrag = () => {
    if (drag === null) {
      return;
    }
    const first = Math.min(drag.from, drag.to);
    const last = Math.max(drag.from, drag.to);
    setDrag(null);
    const start = Date.parse(buckets[first]!.start);
    onSelectRange(new Date(start).toISOString(), new Date(Date.parse(buckets[last]!.start) + bucketMs).toISOString());
  };

  const selection = selectionBounds(timeline, drag, since, until, slot);
  const unit = timeline.bucketMinutes === 1 ? 'minute' : `${timeline.bucketMinutes} minutes`;

  return (
    <figure className="timeline" data-testid="timeline">
      <figcaption className="timeline-caption">
        <span>
          Events per {unit}: {total.toLocaleString()} in view, <span className={errors > 0 ? 'timeline-error-count' : undefined}>{errors.toLocaleString()} failed</span>. Drag across the
          bars to show that time range.
        </span>
        <span className="timeline-legend" aria-hidden="true">
          {TIMELINE_SERIES.map((series) => (
            <span key={series.type} className="legend-item">
              <span className={`legend-swatch ${series.className}`} />
              {series.label}
            </span>
          ))}
          <span className="legend-item">
            <span className="legend-swatch series-error" />
            Failed
          </span>
        </span>
      </figcaption>
      <svg
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        preserveAspectRatio="none"
        role="img"
        aria-label={`Timeline: ${total} events, ${errors} failed, per ${unit}`}
        onPointerDown={(event) => {
          event.currentTarget.setPointerCapture(event.pointerId);
          const index = indexAt(event);
          setDrag({ from: index, to: index });
        }}
        onPointerMove={(event) => drag !== null && setDrag({ ...drag, to: indexAt(event) })}
        onPointerUp={finishDrag}
      >
        {selection !== null && <rect className="timeline-selection" x={selection.x} y={0} width={selection.width} height={PLOT_HEIGHT} />}
        {buckets.map((bucket, index) => (
          <g key={bucket.start} data-testid="timeline-bucket" data-start={bucket.start} data-total={bucket.total} data-errors={bucket.errors}>
            <title>{`${axisTime.format(new Date(bucket.start))}: ${bucket.total} events, ${bucket.errors} failed`}</title>
            {stackSegments(bucket, maxTotal).map((segment) => (
              <rect
                key={segment.className}
                className={segment.className}
                x={index * slot + slot * 0.1}
                width={slot * 0.8}
                y={segment.y}
                height={segment.height}
              />
            ))}
          </g>
        ))}
        <line className="timeline-axis" x1={0} x2={WIDTH} y1={PLOT_HEIGHT} y2={PLOT_HEIGHT} />
      </svg>
      <div className="timeline-labels" aria-hidden="true">
        <span>{axisTime.format(new Date(timeline.from))}</span>
        <span>max {maxTotal.toLocaleString()} per bar</span>
        <span>{axisTime.format(new Date(timeline.to))}</span>
      </div>
    </figure>
  );
}

function stackSegments(bucket: EventTimeline['buckets'][number], maxTotal: number): { className: string; y: number; height: number }[] {
  const segments: { className: string; y: number; height: number }[] = [];
  let top = PLOT_HEIGHT;
  const push = (count: number, className: string) => {
    if (count === 0) {
      return;
    }
    // Every non-empty segment gets at least one unit, so a single event stays visible.
    const height = Math.max(1, (count / maxTotal) * (PLOT_HEIGHT - 4));
    top -= height;
    segments.push({ className, y: top, height });
  };
  for (const series of TIMELINE_SERIES) {
    push(bucket.byType[series.type], series.className);
  }
  push(bucket.errors, 'series-error');
  return segments;
}

/** Returns the x range to shade: the bars being dragged over, or the filter's time range within the chart. */
function selectionBounds(
  timeline: EventTimeline,
  drag: { from: number; to: number } | null,
  since: string | undefined,
  until: string | undefined,
  slot: number,
): { x: number; width: number } | null {
  if (drag !== null) {
    const first = Math.min(drag.from, drag.to);
    return { x: first * slot, width: (Math.abs(drag.to - drag.from) + 1) * slot };
  }
  if (since === undefined && until === undefined) {
    return null;
  }
  const from = Date.parse(timeline.buckets[0]?.start ?? timeline.from);
  const span = Math.max(1, timeline.buckets.length) * timeline.bucketMinutes * 60_000;
  const start = since === undefined ? 0 : Math.max(0, (Date.parse(since) - from) / span);
  const end = until === undefined ? 1 : Math.min(1, (Date.parse(until) - from) / span);
  return end > start ? { x: start * WIDTH, width: (end - start) * WIDTH } : null;
}
