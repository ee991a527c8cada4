import type { Command } from 'commander';
import { describeSlug } from '../../engine/access/settings.ts';
import { CLI_ACTOR, CliError, withEngine, type GlobalOptions } from '../context.ts';
import { printJson, printLines } from '../output.ts';

type ConventionOptions = GlobalOptions & { slug?: string; anySlug?: boolean };

/** Returns the naming convention's group names for a slug, with placeholders for the parts that vary. */
export function conventionPatterns(slug: string): { organizationAdmin: string; workspaceRole: string } {
  const app = slug === '' ? '<slug>' : slug;
  return { organizationAdmin: `app-${app}-organization-admin`, workspaceRole: `app-${app}-<workspace-slug>-<role>` };
}

/** Returns the lines that warn, while the slug is empty, that any app's groups are suggested, and how to set one. */
export function anySlugNotice(): string[] {
  return [
    'The naming convention accepts any app slug, so "app-<anything>-organization-admin" from any app is suggested as organization admin.',
    'Set the slug of this app with "scimdesk mapping convention --slug SLUG". "--apply" skips organization-admin suggestions until then.',
  ];
}

/** `scimdesk mapping convention`: shows or sets the slug of the naming convention `app-<slug>-…`. */
export function registerMappingConvention(mapping: Command): void {
  mapping
    .command('convention')
    .description('Show the naming convention of suggested mappings, or set its slug: the <slug> in app-<slug>-<workspace-slug>-<role>.')
    .option('--slug <slug>', 'accept only groups named app-<slug>-…; lower-case letters, digits and hyphens, e.g. "acme"')
    .option('--any-slug', 'accept the groups of any app slug again (the default)')
    .action(async (_options: unknown, command: Command) => {
      const options = command.optsWithGlobals<ConventionOptions>();
      if (options.slug !== undefined && options.anySlug) {
        throw new CliError('Use either --slug SLUG or --any-slug, not both.');
      }
      if (options.slug !== undefined && options.slug.trim() === '') {
        throw new CliError('--slug needs a value such as "acme". To accept the groups of any app, use --any-slug.');
      }
      await withEngine(options, (engine) => {
        const before = engine.settings().namingSlug;
        const requested = options.anySlug ? '' : options.slug?.trim();
        // Setting the slug it already has records nothing.
        const unchanged = requested === undefined || requested === before;
        const slug = unchanged ? before : engine.updateSettings({ namingSlug: requested }, CLI_ACTOR).namingSlug;
        const patterns = conventionPatterns(slug);
        if (options.json) {
          printJson({ namingSlug: slug, anySlug: slug === '', previousSlug: requested === undefined ? undefined : before, patterns });
          return;
        }

        const lines: string[] = [];
        if (requested !== undefined) {
          lines.push(before === slug ? `The slug was already ${describeSlug(slug)}; nothing changed.` : `Changed the naming-convention slug from ${describeSlug(before)} to ${describeSlug(slug)}.`);
        }
        lines.push(`Suggested groups are named ${patterns.organizationAdmin} or ${patterns.workspaceRole}.`);
        lines.push(...(slug === '' ? anySlugNotice() : ['List the suggestions with "scimdesk mapping suggest".']));
        printLines(...lines);
      });
    });
}
