/**
 * Builds the SQL expression of the name shown for a user, in the console and in reports:
 * the SCIM displayName, else name.formatted, else the given and family names joined by a
 * space, else NULL. Providers such as Okta often send only the name parts. `users` is the
 * alias of the `users` table in the query that embeds the expression.
 */
export function shownNameSql(users: string): string {
  const nameParts = `NULLIF(trim(COALESCE(json_extract(${users}.doc, '$.name.givenName'), '') || ' ' || COALESCE(json_extract(${users}.doc, '$.name.familyName'), '')), '')`;
  return `COALESCE(${users}.display_name, json_extract(${users}.doc, '$.name.formatted'), ${nameParts})`;
}
