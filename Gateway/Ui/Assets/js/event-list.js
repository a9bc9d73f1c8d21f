import { summarize, eventTime, formatTime } from './summary.js';

// The list of events on screen, newest first. It is drawn at a bounded rate, never per event:
// a busy stream costs at most one DOM update per RENDER_INTERVAL_MS, and an update adds at most
// MAX_ROWS rows (the newest) however many arrived, so the page keeps up with any rate. What
// does not fit is dropped from the view, never from the count.

/** Rows on screen: enough to read and scroll through; the DOM stays small at any rate. */
export const MAX_ROWS = 200;

/** The fastest the list changes: 5 updates a second is smooth to watch and costs little. */
const RENDER_INTERVAL_MS = 200;

export class EventListView {
  #list;
  #buffer;
  #onRender;
  #shown = new Map(); // row id → entry, for the rows on screen only
  #drawnUpTo = 0; // buffer sequence number of the next entry not yet considered
  #lastRender = -Infinity;
  #scheduled = false;
  #paused = false;

  /**
   * @param {HTMLOListElement} list
   * @param {import('./event-buffer.js').EventBuffer} buffer
   * @param {() => void} onRender called after each update (to refresh counters)
   */
  constructor(list, buffer, onRender) {
    this.#list = list;
    this.#buffer = buffer;
    this.#onRender = onRender;
    list.dataset.maxRows = String(MAX_ROWS);
  }

  get paused() {
    return this.#paused;
  }

  /** Entries pushed since the last update that are not on screen yet (while paused, for instance). */
  get waiting() {
    return this.#buffer.next - this.#drawnUpTo;
  }

  entry(rowId) {
    return this.#shown.get(rowId);
  }

  setPaused(paused) {
    this.#paused = paused;
    if (!paused) {
      this.schedule();
    }
  }

  clear() {
    this.#shown.clear();
    this.#list.replaceChildren();
    this.#drawnUpTo = this.#buffer.next;
  }

  /** Asks for an update: at the next animation frame at least RENDER_INTERVAL_MS after the last one. */
  schedule() {
    if (this.#scheduled || this.#paused) {
      return;
    }
    this.#scheduled = true;
    const wait = Math.max(0, this.#lastRender + RENDER_INTERVAL_MS - performance.now());
    setTimeout(() => requestAnimationFrame(() => this.#render()), wait);
  }

  #render() {
    this.#scheduled = false;
    this.#lastRender = performance.now();
    if (this.#paused) {
      return;
    }
    const fresh = this.#buffer.since(this.#drawnUpTo, MAX_ROWS);
    this.#drawnUpTo = this.#buffer.next;
    if (fresh.length > 0) {
      const rows = document.createDocumentFragment();
      for (const entry of fresh) {
        rows.append(this.#row(entry));
      }
      this.#list.prepend(rows);
      while (this.#list.childElementCount > MAX_ROWS) {
        this.#shown.delete(this.#list.lastElementChild.dataset.row);
        this.#list.lastElementChild.remove();
      }
    }
    this.#onRender();
  }

  #row(entry) {
    const li = document.createElement('li');
    li.dataset.row = String(entry.seq);
    if (entry.kind === 'note') {
      li.className = 'note';
      li.textContent = entry.text;
      return li;
    }
    this.#shown.set(li.dataset.row, entry);
    li.className = 'event';
    const button = document.createElement('button');
    button.type = 'button';
    const time = document.createElement('time');
    const at = eventTime(entry.event, entry.receivedAt);
    time.dateTime = at.toISOString();
    time.textContent = formatTime(at);
    const stream = Object.assign(document.createElement('span'), { className: 'event-stream', textContent: entry.stream });
    const summary = Object.assign(document.createElement('span'), { className: 'event-summary', textContent: summarize(entry.event) });
    button.append(time, stream, summary);
    li.append(button);
    return li;
  }
}
