import { useEffect } from 'react';
import { useReportsStore } from '../../stores/reports.ts';

/** Warns on every screen when the last check found the event log changed. */
export function LogIntegrityBanner() {
  const { head, load } = useReportsStore();

  useEffect(() => {
    void load();
  }, [load]);

  const last = head?.lastVerification;
  if (!last || last.ok) {
    return null;
  }
  return (
    <div className="notice notice-error" role="alert" data-testid="log-integrity-banner">
      <p>
        The event log failed its integrity check: {last.firstBreak?.message ?? `${last.breakCount} events break the chain.`}
      </p>
      <p className="notice-next-step">
        Open <a href="#reports">Reports</a> to see the head digest and check the chain again.
      </p>
    </div>
  );
}
