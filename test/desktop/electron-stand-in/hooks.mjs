/** Module resolution hooks that load electron.mjs wherever a module imports 'electron'. */
export async function resolve(specifier, context, nextResolve) {
  if (specifier === 'electron') {
    return { url: new URL('./electron.mjs', import.meta.url).href, shortCircuit: true };
  }
  return nextResolve(specifier, context);
}
