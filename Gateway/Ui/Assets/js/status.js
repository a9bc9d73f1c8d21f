// The connection's state in words, for everyone (role="status" announces it politely).

const TEXT = {
  idle: () => 'Pick one or more streams, then press Start.',
  connecting: () => 'Connecting…',
  live: (d) => (d.reconnects > 0
    ? `Live. Reconnected ${times(d.reconnects)}, resuming after the last event received (Last-Event-ID).`
    : 'Live.'),
  reconnecting: (d) => (d.lastId
    ? 'The connection was closed; reconnecting with Last-Event-ID…'
    : 'The connection was closed before any event arrived; reconnecting, starting over as first asked…'),
  'server-error': (d) => `The service reported an error: ${d.message}`,
  failed: (d) => `Not connected: ${d.message}. Check the streams and the filter, then press Start to try again.`,
  stopped: () => 'Stopped. Press Start to connect again.',
};

export function showState(element, state, detail) {
  element.dataset.state = state;
  if (detail.reconnects !== undefined) {
    element.dataset.reconnects = String(detail.reconnects);
  }
  element.textContent = TEXT[state](detail);
}

function times(n) {
  return n === 1 ? 'once' : `${n} times`;
}
