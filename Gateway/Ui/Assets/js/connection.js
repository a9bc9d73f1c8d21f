// One EventSource for all the picked streams (one connection, as the service's per-IP limit
// counts connections). When the server closes the connection, EventSource reconnects by itself
// and sends the last event's id as Last-Event-ID, so the stream goes on exactly where it left
// off; this module reports each step so the page can show it.

export class StreamConnection {
  #source;
  #path;
  #handlers;
  #opened = false;
  #reconnects = 0;
  #lastId = '';
  #closed = false;

  /**
   * @param {string} path the stream's URL
   * @param {{onEvent: (data: string, id: string) => void, onState: (state: string, detail: object) => void}} handlers
   */
  constructor(path, handlers) {
    this.#path = path;
    this.#handlers = handlers;
    this.#source = new EventSource(path);
    this.#source.addEventListener('open', () => this.#onOpen());
    this.#source.addEventListener('message', (e) => this.#onMessage(e));
    this.#source.addEventListener('error', (e) => this.#onError(e));
    handlers.onState('connecting', {});
  }

  close() {
    this.#closed = true;
    this.#source.close();
    this.#handlers.onState('stopped', { reconnects: this.#reconnects });
  }

  #onOpen() {
    if (this.#closed) {
      return;
    }
    if (this.#opened) {
      this.#reconnects += 1;
    }
    this.#opened = true;
    this.#handlers.onState('live', { reconnects: this.#reconnects, resumedFrom: this.#reconnects > 0 ? this.#lastId : '' });
  }

  #onMessage(e) {
    if (this.#closed) {
      return;
    }
    this.#lastId = e.lastEventId;
    this.#handlers.onEvent(e.data, e.lastEventId);
  }

  async #onError(e) {
    if (this.#closed) {
      return;
    }
    // An `event: error` frame from the service carries its error as data.
    if (typeof e.data === 'string' && e.data) {
      this.#handlers.onState('server-error', { message: e.data });
    }
    if (this.#source.readyState === EventSource.CONNECTING) {
      this.#handlers.onState('reconnecting', { reconnects: this.#reconnects, lastId: this.#lastId });
      return;
    }
    // CLOSED: the service refused the stream (an HTTP error); EventSource gives up and does not say why.
    const { message, problem } = await explainRefusal(this.#path);
    if (!this.#closed) {
      this.#closed = true;
      this.#handlers.onState('failed', { message, problem });
    }
  }
}

// Asks once more, for JSON, to read the service's error body: a message made of its title and
// detail, and the body itself (its type says which part of the request it refused), or null.
async function explainRefusal(path) {
  const abort = new AbortController();
  try {
    const response = await fetch(path, { headers: { accept: 'application/json' }, signal: abort.signal });
    if (response.ok) {
      return { message: 'the connection failed', problem: null };
    }
    const body = await response.json().catch(() => null);
    const message = body?.title ? `${response.status} ${body.title}${body.detail ? `: ${body.detail}` : ''}` : `HTTP ${response.status}`;
    return { message, problem: body };
  } catch {
    return { message: 'the service could not be reached', problem: null };
  } finally {
    abort.abort();
  }
}
