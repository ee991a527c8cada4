import { z } from 'zod';
import { consoleApi, type ApiError, type ConsoleMethod } from '../../../shared/api.ts';
import { createLogger } from '../log/logger.ts';
import type { ConsoleHandlers } from './console-handlers.ts';
import { AdminError } from './errors.ts';

const log = createLogger('console-api');

/** Result of one console API call as both transports send it. */
export type DispatchResult = { ok: true; output: unknown } | ({ ok: false; status: number } & ApiError);

const STATUS_OF_CODE: Record<string, number> = { 'not-found': 404, conflict: 409, invalid: 400, refused: 422 };

/** Returns true when `name` is a console API method. */
export function isConsoleMethod(name: string): name is ConsoleMethod {
  return Object.hasOwn(consoleApi, name);
}

/**
 * Validates a call's input with the shared schema, runs it, and turns expected
 * failures into an ApiError the admin can read. Unexpected errors are logged and
 * reported without their internals.
 */
export function dispatchConsoleCall(handlers: ConsoleHandlers, method: string, input: unknown): DispatchResult {
  if (!isConsoleMethod(method)) {
    return { ok: false, status: 404, error: { code: 'unknown-method', message: `The console API has no method "${method}".` } };
  }
  const parsed = consoleApi[method].input.safeParse(input ?? {});
  if (!parsed.success) {
    return { ok: false, status: 400, error: { code: 'invalid', message: describeZodError(parsed.error) } };
  }

  try {
    const handler = handlers[method] as (value: unknown) => unknown;
    return { ok: true, output: handler(parsed.data) };
  } catch (error) {
    if (error instanceof AdminError) {
      return { ok: false, status: STATUS_OF_CODE[error.code] ?? 400, error: { code: error.code, message: error.message } };
    }
    log.error({ err: error, method }, 'console call failed');
    return {
      ok: false,
      status: 500,
      error: { code: 'internal', message: 'ScimDesk failed to complete the request; nothing was changed. Details are in the ScimDesk log.' },
    };
  }
}

function describeZodError(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) {
    return 'The request is invalid.';
  }
  const where = issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
  return `Invalid input: ${where}${issue.message}`;
}
