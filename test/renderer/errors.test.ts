import { describe, expect, it } from 'vitest';
import { EngineResponseError, ErrorWithNextStep, RETRY_ENGINE_FAILURE, RETRY_LOAD, toLoadProblem } from '../../src/renderer/src/lib/errors.ts';

const REJECTED_NEXT_STEP = 'Correct the filter.';

describe('toLoadProblem', () => {
  it('gives the rejected-input step for rejected input', () => {
    const problem = toLoadProblem('Loading failed.', new EngineResponseError('Invalid input: filter.since: Invalid datetime', 'invalid'), REJECTED_NEXT_STEP);

    expect(problem.message).toBe('Loading failed. Invalid input: filter.since: Invalid datetime.');
    expect(problem.nextStep).toBe(REJECTED_NEXT_STEP);
  });

  it('suggests a retry after an engine failure', () => {
    const problem = toLoadProblem('Loading failed.', new EngineResponseError('ScimDesk failed to complete the request.', 'internal'), REJECTED_NEXT_STEP);

    expect(problem.nextStep).toBe(RETRY_ENGINE_FAILURE);
  });

  it('keeps the step of a failed connection', () => {
    const problem = toLoadProblem('Loading failed.', new ErrorWithNextStep('The server did not respond.', 'Start the server.'), REJECTED_NEXT_STEP);

    expect(problem.nextStep).toBe('Start the server.');
  });

  it('asks whether the engine runs for other errors', () => {
    const problem = toLoadProblem('Loading failed.', new TypeError('Failed to fetch'), REJECTED_NEXT_STEP);

    expect(problem.nextStep).toBe(RETRY_LOAD);
  });
});
