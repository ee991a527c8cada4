#!/usr/bin/env node
// Entry point of the `scimdesk` command. The CLI is TypeScript that Node 22.18+
// runs directly by stripping types, so older Node versions stop here with a hint.
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 18)) {
  process.stderr.write(`scimdesk: Node.js 22.18 or newer is required, this is ${process.version}. Install Node 22 and run again.\n`);
  process.exit(1);
}
// Commands other than serve log only warnings and errors, so their output stays readable.
if (!process.argv.includes('serve')) {
  process.env.SCIMDESK_LOG_LEVEL ??= 'warn';
}
const { runCli } = await import('../src/main/cli/main.ts');
const code = await runCli(process.argv);
if (code !== 0 || !process.argv.includes('serve')) {
  process.exitCode = code;
}
