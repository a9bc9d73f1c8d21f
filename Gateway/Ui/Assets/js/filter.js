// The place of the server-side filter (a later issue). Its form goes into #filter-slot, and the
// query parameters it returns here are added to the stream's URL (and so to the code examples).
// Until then there is no filter, and no parameter.

export function filterParams() {
  return [];
}
