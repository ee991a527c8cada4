import { homedir } from 'node:os';
import { join } from 'node:path';
import type { Command } from 'commander';
import { Option } from 'commander';
import { PROVIDER_ID_VALUES } from '../../../shared/model.ts';
import type { ProviderId } from '../../../shared/providers/index.ts';
import { replaySequence, type StepResult } from '../../replay/index.ts';
import { CliError, type GlobalOptions } from '../context.ts';
import { printJson, printLines } from '../output.ts';

interface ReplayCommandOptions extends GlobalOptions {
  provider: ProviderId;
  url: string;
  token: string;
  from?: string;
  until?: string;
  state?: string;
}

/** `scimdesk replay`: sends a provider's request sequence to a SCIM server. */
export function registerReplay(program: Command): void {
  program
    .command('replay')
    .description("Send an identity provider's typical request sequence to a SCIM server and check each answer.")
    .addOption(new Option('--provider <provider>', 'whose sequence to send').choices(PROVIDER_ID_VALUES).makeOptionMandatory())
    .requiredOption('--url <url>', 'SCIM base URL of the server, e.g. http://127.0.0.1:8417/scim/v2')
    .requiredOption('--token <token>', 'bearer token of the connection')
    .option('--from <step>', 'first step to send: a step name such as 09-add-member, its number, or add-member')
    .option('--until <step>', 'last step to send, named the same way')
    .option('--state <file>', 'file that remembers the ids the server returned, across runs', join(homedir(), '.scimdesk', 'replay-state.json'))
    .action(async (_options: unknown, command: Command) => {
      const options = command.optsWithGlobals<ReplayCommandOptions>();
      let result;
      try {
        result = await replaySequence({
          provider: options.provider,
          baseUrl: options.url,
          token: options.token,
          from: options.from,
          until: options.until,
          statePath: options.state,
          onStep: options.json ? undefined : (step) => printLines(describeStep(step)),
        });
      } catch (error) {
        throw new CliError(error instanceof Error ? error.message : String(error));
      }
      if (options.json) {
        printJson(result);
      }
      if (!result.ok) {
        const failed = result.results.filter((step) => !step.ok && !step.skipped).length;
        throw new CliError(`${failed} step${failed === 1 ? '' : 's'} did not get the expected status.`);
      }
    });
}

function describeStep(step: StepResult): string {
  if (step.skipped) {
    return `skip  ${step.step}  ${step.summary} (${step.skipped})`;
  }
  const mark = step.ok ? 'ok  ' : 'FAIL';
  const status = step.status === null ? 'no answer' : String(step.status);
  const expected = step.ok ? '' : `, expected ${step.expected.join(' or ')}`;
  const error = step.error ? `: ${step.error}` : '';
  return `${mark}  ${step.step}  ${step.method} ${step.path} → ${status}${expected}${error}  (${step.summary})`;
}
