/** The console API over an engine, called the way both hosts call it: input validated first. */
import type { ConsoleInput, ConsoleMethod, ConsoleOutput } from '../../src/shared/api.ts';
import { createConsoleHandlers, type ConsoleHandlers } from '../../src/main/engine/admin/console-handlers.ts';
import { dispatchConsoleCall, type DispatchResult } from '../../src/main/engine/admin/dispatch.ts';
import type { Engine } from '../../src/main/engine/engine.ts';

export interface ConsoleApi {
  handlers: ConsoleHandlers;
  /** Calls a method and returns its output; throws with the error code and message when it fails. */
  call<M extends ConsoleMethod>(method: M, input: ConsoleInput<M>): ConsoleOutput<M>;
  /** Calls a method with any input and returns the result as a host would send it. */
  dispatch(method: string, input: unknown): DispatchResult;
}

/** Creates the console handlers of an HTTP host whose changes are recorded with the actor "test". */
export function createConsoleApi(engine: Engine): ConsoleApi {
  const handlers = createConsoleHandlers(engine, { version: 'test', transport: 'http', actor: 'test' });
  return {
    handlers,
    call: (method, input) => {
      const result = dispatchConsoleCall(handlers, method, input);
      if (!result.ok) {
        throw new Error(`${method} failed with ${result.status} ${result.error.code}: ${result.error.message}`);
      }
      return result.output as ConsoleOutput<typeof method>;
    },
    dispatch: (method, input) => dispatchConsoleCall(handlers, method, input),
  };
}
