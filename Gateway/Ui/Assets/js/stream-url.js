// The stream's URL, as the page opens it and as the code examples show it.

export function streamPath(streams, sinceIso, extraParams = []) {
  const params = new URLSearchParams(extraParams);
  if (sinceIso) {
    params.set('since', sinceIso);
  }
  const query = params.toString();
  return `/v2/stream/${streams.map(encodeURIComponent).join(',')}${query ? `?${query}` : ''}`;
}

export function absolute(path) {
  return new URL(path, window.location.origin).href;
}
