import type { ScimRequest, ScimResponse } from './context.ts';

/** Maximum number of requests in one batch. Later ones wait for the next turn of the event loop. */
export const MAX_BATCH_REQUESTS = 64;

interface QueuedRequest {
  request: ScimRequest;
  resolve: (response: ScimResponse) => void;
  reject: (error: unknown) => void;
}

/**
 * Collects the SCIM requests that the HTTP server receives in one turn of the
 * event loop and hands them to `handleBatch` together, in arrival order, once
 * that turn's I/O is done (setImmediate). Identity providers send several
 * requests at a time, so this lets them share one commit at no cost in latency.
 */
export class ScimBatcher {
  private readonly handleBatch: (requests: readonly ScimRequest[]) => ScimResponse[];
  private waiting: QueuedRequest[] = [];
  private scheduled = false;

  constructor(handleBatch: (requests: readonly ScimRequest[]) => ScimResponse[]) {
    this.handleBatch = handleBatch;
  }

  /** Queues a request. The promise resolves with its response after its batch has committed. */
  handle(request: ScimRequest): Promise<ScimResponse> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ request, resolve, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => this.run());
    }
  }

  private run(): void {
    this.scheduled = false;
    const batch = this.waiting.splice(0, MAX_BATCH_REQUESTS);
    if (this.waiting.length > 0) {
      this.schedule();
    }
    try {
      const responses = this.handleBatch(batch.map((entry) => entry.request));
      batch.forEach((entry, index) => entry.resolve(responses[index]!));
    } catch (error) {
      for (const entry of batch) {
        entry.reject(error);
      }
    }
  }
}
