/** URL handling for replay: base URL validation and joining step paths onto it. */

/** Parses a SCIM base URL; throws an Error naming the value unless it is an absolute http or https URL. */
export function parseBaseUrl(baseUrl: string): URL {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new Error(`Invalid base URL "${baseUrl}": expected an absolute http or https URL.`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Error(`Invalid base URL "${baseUrl}": expected an http or https URL.`);
  }
  return url;
}

/** Appends a step path (which may carry a query) to the base URL's path, keeping any query the base URL has. */
export function joinUrl(baseUrl: URL, path: string): string {
  const queryStart = path.indexOf('?');
  const pathPart = queryStart === -1 ? path : path.slice(0, queryStart);
  const query = queryStart === -1 ? '' : path.slice(queryStart + 1);

  const url = new URL(baseUrl.href);
  url.pathname = url.pathname.replace(/\/+$/, '') + pathPart;
  if (query !== '') url.search = url.search === '' ? `?${query}` : `${url.search}&${query}`;
  return url.href;
}
