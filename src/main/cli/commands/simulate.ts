import { readFileSync } from 'node:fs';
import { rootCertificates } from 'node:tls';
import type { Command } from 'commander';
import { InvalidArgumentError, Option } from 'commander';
import { Agent } from 'undici';
import { namingSlugProblem, PROVIDER_ID_VALUES } from '../../../shared/model.ts';
import { PROVIDERS, type ProviderId } from '../../../shared/providers/index.ts';
import { generateDirectory } from '../../simulate/directory.ts';
import { pushDirectory, type PushProgress, type PushSummary } from '../../simulate/push.ts';
import { CliError, type GlobalOptions } from '../context.ts';
import { printJson, printLines } from '../output.ts';

interface SimulateOptions extends GlobalOptions {
  provider: ProviderId;
  users: number;
  groups: number;
  url: string;
  token: string;
  concurrency: number;
  seed: number;
  domain: string;
  slug: string;
  workspaces: string;
  ca?: string;
}

/** Shortest time between two progress lines on stderr, in milliseconds. */
const PROGRESS_INTERVAL_MS = 500;

/** `scimdesk simulate`: generates a directory of any size and pushes it in a provider's request shapes. */
export function registerSimulate(program: Command): void {
  program
    .command('simulate')
    .description("Generate a realistic directory and push it to a SCIM server in an identity provider's request shapes, for demos and load.")
    .addOption(new Option('--provider <provider>', 'whose request shapes to send').choices(PROVIDER_ID_VALUES).makeOptionMandatory())
    .requiredOption('--url <url>', 'SCIM base URL of the server, e.g. http://127.0.0.1:8417/scim/v2')
    .requiredOption('--token <token>', 'bearer token of the connection')
    .option('--users <count>', 'number of users to generate', parseCount(1_000_000), 100)
    .option('--groups <count>', 'number of groups to generate', parseCount(10_000), 10)
    .option('--concurrency <count>', 'maximum requests in flight', parseCount(64, 1), 8)
    .option('--seed <number>', 'seed of the generator; the same seed generates the same directory', parseCount(2 ** 31), 1)
    .option('--domain <domain>', 'e-mail domain of the generated users', 'example.com')
    .option('--slug <slug>', 'slug of the group naming convention app-<slug>-<workspace>-<role>', parseSlug, 'kolena')
    .option('--workspaces <slugs>', 'comma-separated workspace slugs for the convention groups', 'data-science,engineering')
    .option('--ca <file>', 'PEM certificate to trust, for a server with a self-signed certificate')
    .action(async (_options: unknown, command: Command) => {
      await simulate(command.optsWithGlobals<SimulateOptions>());
    });
}

/** Accepts a slug that the naming convention accepts, so that the generated groups can follow it. */
function parseSlug(value: string): string {
  const problem = value === '' ? 'The slug is empty.' : namingSlugProblem(value);
  if (problem !== null) {
    throw new InvalidArgumentError(problem);
  }
  return value;
}

async function simulate(options: SimulateOptions): Promise<void> {
  const directory = generateDirectory({
    users: options.users,
    groups: options.groups,
    seed: options.seed,
    domain: options.domain,
    slug: options.slug,
    workspaces: options.workspaces.split(',').map((slug) => slug.trim()).filter((slug) => slug !== ''),
  });
  const dispatcher = options.ca === undefined ? undefined : trustingAgent(options.ca);
  const progress = throttledProgress();

  let summary: PushSummary;
  try {
    summary = await pushDirectory({
      profile: PROVIDERS[options.provider],
      baseUrl: options.url,
      token: options.token,
      directory,
      concurrency: options.concurrency,
      dispatcher,
      onProgress: progress,
    });
  } catch (error) {
    throw new CliError(error instanceof Error ? error.message : String(error));
  } finally {
    await dispatcher?.close();
  }

  if (options.json) {
    printJson(summary);
  } else {
    printLines(...describeSummary(summary, PROVIDERS[options.provider].displayName));
  }
  if (summary.rejectedBy !== null) {
    throw new CliError(`The server rejected the credentials, so nothing more was sent: ${summary.rejectedBy}. Check --token and --url.`);
  }
  if (summary.failureCount > 0) {
    throw new CliError(`${summary.failureCount} request${summary.failureCount === 1 ? '' : 's'} failed; the first: ${summary.failures[0]}`);
  }
}

/**
 * Returns a progress callback that writes one line to stderr at most every PROGRESS_INTERVAL_MS,
 * and always the last one. Progress goes to stderr so that stdout stays free for the summary and --json.
 */
function throttledProgress(): (progress: PushProgress) => void {
  let lastWrite = 0;
  return (progress) => {
    const now = performance.now();
    if (progress.phase !== 'done' && now - lastWrite < PROGRESS_INTERVAL_MS) {
      return;
    }
    lastWrite = now;
    const { users, groups, memberships } = progress;
    const usersDone = users.created + users.existing + users.failed;
    const groupsDone = groups.created + groups.existing + groups.failed;
    const membershipsDone = memberships.added + memberships.failed;
    process.stderr.write(
      `simulate: ${progress.phase}: users ${usersDone}/${users.total}, groups ${groupsDone}/${groups.total}, ` +
        `memberships ${membershipsDone}/${memberships.total}, ${progress.requests} requests\n`,
    );
  };
}

function describeSummary(summary: PushSummary, provider: string): string[] {
  const seconds = summary.durationMs / 1000;
  const rate = seconds > 0 ? Math.round(summary.requests / seconds) : summary.requests;
  return [
    `Pushed a directory in ${provider}'s request shapes in ${seconds.toFixed(1)} s (${summary.requests} requests, about ${rate} per second).`,
    `Users:       ${summary.users.created} created, ${summary.users.existing} already there, ${summary.users.failed} failed`,
    `Groups:      ${summary.groups.created} created, ${summary.groups.existing} already there, ${summary.groups.failed} failed`,
    `Memberships: ${summary.memberships.added} added, ${summary.memberships.failed} failed`,
    ...summary.failures.map((failure) => `  failed: ${failure}`),
  ];
}

function trustingAgent(caPath: string): Agent {
  let certificate: string;
  try {
    certificate = readFileSync(caPath, 'utf8');
  } catch (error) {
    throw new CliError(`Could not read the certificate ${caPath}: ${error instanceof Error ? error.message : String(error)}`);
  }
  return new Agent({ connect: { ca: [...rootCertificates, certificate] } });
}

/** Returns a commander parser for a whole number from `min` to `max`. */
function parseCount(max: number, min = 0): (value: string) => number {
  return (value) => {
    const count = Number(value);
    if (!Number.isInteger(count) || count < min || count > max) {
      throw new InvalidArgumentError(`"${value}" is not a whole number from ${min} to ${max}.`);
    }
    return count;
  };
}
