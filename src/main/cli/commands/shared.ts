import { InvalidArgumentError } from 'commander';

/** ScimDesk's version, printed by `--version` and reported to the console. */
export const VERSION = '0.1.0';

/** Parses a TCP port option: an integer from 0 to 65535. */
export function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new InvalidArgumentError(`"${value}" is not a port: use an integer from 0 to 65535.`);
  }
  return port;
}
