// One line about an event for the list: what a MediaWiki event is about (wiki, kind, page,
// user), or else its first few plain fields.

const MAX_FIELDS = 4;
const MAX_VALUE_LENGTH = 60;

export function summarize(event) {
  if (event === null || typeof event !== 'object') {
    return String(event);
  }
  const page = event.title ?? event.page_title ?? event.page?.page_title;
  if (page !== undefined) {
    const user = event.user ?? event.performer?.user_text;
    const kind = event.type ?? (event.rev_parent_id === undefined && event.rev_id !== undefined ? 'new page' : event.rev_id !== undefined ? 'revision' : undefined);
    return [event.meta?.domain ?? event.server_name, kind, String(page).replaceAll('_', ' '), user].filter(Boolean).join(' · ');
  }
  const fields = Object.entries(event)
    .filter(([key, value]) => key !== 'meta' && key !== '$schema' && (value === null || typeof value !== 'object'))
    .slice(0, MAX_FIELDS)
    .map(([key, value]) => `${key}: ${shorten(String(value))}`);
  return fields.length > 0 ? fields.join(' · ') : shorten(JSON.stringify(event));
}

function shorten(text) {
  return text.length > MAX_VALUE_LENGTH ? `${text.slice(0, MAX_VALUE_LENGTH - 1)}…` : text;
}

/** The time an event is about: meta.dt when it has one, else when it arrived. */
export function eventTime(event, receivedAt) {
  const dt = event?.meta?.dt ? new Date(event.meta.dt) : null;
  return dt && !Number.isNaN(dt.getTime()) ? dt : receivedAt;
}

const timeFormat = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false });

/** A time as the page shows times: 24-hour, to the second, in the browser's time zone. */
export function formatTime(date) {
  return timeFormat.format(date);
}
