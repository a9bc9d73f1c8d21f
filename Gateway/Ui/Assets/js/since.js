// The optional start time: a datetime-local value (the browser's local time) to and from the
// ISO-8601 UTC text the service's `since` parameter takes.

export function toIso(localValue) {
  if (!localValue) {
    return '';
  }
  const date = new Date(localValue); // a date-time without an offset is local time
  return Number.isNaN(date.getTime()) ? '' : date.toISOString();
}

export function toLocalValue(iso) {
  const date = new Date(iso);
  if (!iso || Number.isNaN(date.getTime())) {
    return '';
  }
  const pad = (n) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}

/** What the hint under the picker says: the UTC time the service will be asked for. */
export function describe(iso) {
  return iso ? `From ${iso.replace('.000Z', 'Z')} (UTC) on, then live.` : 'Empty: events from now on.';
}
