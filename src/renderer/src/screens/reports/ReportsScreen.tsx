import { useEffect } from 'react';
import { useReportsStore, useReviewStore } from '../../stores/reports.ts';
import { BundleForm } from './BundleForm.tsx';
import { ExportForm } from './ExportForm.tsx';
import { ExportList } from './ExportList.tsx';
import { LogIntegrityCard } from './LogIntegrityCard.tsx';

/** Audit reports: the integrity of the event log, report exports in four formats and evidence bundles. */
export function ReportsScreen() {
  const load = useReportsStore((state) => state.load);
  const followHead = useReportsStore((state) => state.followHead);
  const loadReviews = useReviewStore((state) => state.load);

  useEffect(() => {
    void load();
    void loadReviews();
  }, [load, loadReviews]);
  // The head and the events not covered by the last check move on while the screen is open.
  useEffect(() => followHead(), [followHead]);

  return (
    <>
      <header className="screen-header">
        <h1>Reports</h1>
      </header>
      <LogIntegrityCard />
      <ExportForm />
      <BundleForm />
      <ExportList />
    </>
  );
}
