/** The console API over an engine, called as both hosts call it: input validated by the shared schemas first. */
import { createConsoleHandlers } from '../../src/main/engine/admin/console-handlers.ts';
import { dispatchConsoleCall, type DispatchResult } from '../../src/main/engine/admin/dispatch.ts';
import type { Engine } from '../../src/main/engine/engine.ts';
import type { ConsoleInput, ConsoleMethod, ConsoleOutput } from '../../src/shared/api.ts';

export interface ConsoleCaller {
  /** Calls a method and returns its output; throws with the status and message when it fails. */
  call<M extends ConsoleMethod>(method: M, input: ConsoleInput<M>): ConsoleOutput<M>;
  /** Calls a method with any input and returns the result as a host sends it. */
  dispatch(method: string, input: unknown): DispatchResult;
}

/** Creates the console API of an HTTP host whose changes are recorded with the actor "console". */
export function openConsole(engine: Engine): ConsoleCaller {
  const handlers = createConsoleHandlers(engine, { version: 'test', transport: 'http', actor: 'console' });
  return {
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
