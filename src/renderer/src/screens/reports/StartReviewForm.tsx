import { useState, type FormEvent } from 'react';
import { useReviewStore } from '../../stores/reports.ts';

/** Starts an access review of the current access under a name and a reviewer. */
export function StartReviewForm() {
  const { start, busy } = useReviewStore();
  const [name, setName] = useState('');
  const [reviewer, setReviewer] = useState('');

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (await start(name, reviewer)) {
      setName('');
    }
  };

  return (
    <form className="card" aria-label="Start an access review" onSubmit={(event) => void submit(event)}>
      <h2>Start an access review</h2>
      <p className="muted">
        The review covers every organization admin and workspace role as they are now. Later changes do not alter it. The console does not authenticate the
        reviewer: the report shows the name as typed here.
      </p>
      <div className="form-row">
        <label>
          Review name
          <input value={name} maxLength={200} required placeholder={`Q${Math.floor(new Date().getMonth() / 3) + 1} ${new Date().getFullYear()} access review`} onChange={(event) => setName(event.target.value)} />
        </label>
        <label>
          Reviewer
          <input value={reviewer} maxLength={200} required placeholder="Full name" onChange={(event) => setReviewer(event.target.value)} />
        </label>
        <button type="submit" className="button-primary" disabled={busy}>
          Start review
        </button>
      </div>
    </form>
  );
}
