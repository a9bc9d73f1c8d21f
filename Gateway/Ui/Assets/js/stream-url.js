// The stream's URL, as the page opens it and as the code examples show it, and the page's own
// shareable query, which names the same streams, start and filter.

/**
 * `=` and `|` are the filter's syntax, and a query may hold them as they are (WHATWG URL and
 * Kestrel leave them alone), so a condition reads in the URL as it was typed: where=type=edit|new.
 */
const READABLE = { '%3D': '=', '%7C': '|' };

export function streamPath(streams, sinceIso, filterParams = []) {
  return `/v2/stream/${streamList(streams)}${query('?', sinceIso, filterParams)}`;
}

/** The page's own query for a link: ?streams=a,b&since=…&where=…&canary=… (such a link starts at once). */
export function pageQuery(streams, sinceIso, filterParams = []) {
  return `?streams=${streamList(streams)}${query('&', sinceIso, filterParams)}`;
}

export function absolute(path) {
  return new URL(path, window.location.origin).href;
}

// Commas stay commas, so the list reads like the stream's own URL.
function streamList(streams) {
  return streams.map(encodeURIComponent).join(',');
}

// since, then the filter's parameters in their order; '' when there are none.
function query(lead, sinceIso, filterParams) {
  const params = sinceIso ? [['since', sinceIso], ...filterParams] : filterParams;
  return params.length === 0 ? '' : lead + params.map(([name, value]) => `${name}=${readable(value)}`).join('&');
}

function readable(value) {
  return encodeURIComponent(value).replace(/%3D|%7C/g, (code) => READABLE[code]);
}
