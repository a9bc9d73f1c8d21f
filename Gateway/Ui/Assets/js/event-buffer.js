// The events the page keeps: a fixed ring of the newest ones, so the page never grows however
// long it runs or however busy the stream. Everything received is counted; only the ring's
// events can be shown.

export class EventBuffer {
  #ring;
  #next = 0; // sequence number of the next entry; entries are numbered from 0
  #received = 0;

  constructor(capacity) {
    this.#ring = new Array(capacity);
  }

  get capacity() {
    return this.#ring.length;
  }

  /** Events received (notes are not counted). */
  get received() {
    return this.#received;
  }

  /** The sequence number the next entry will get: everything below it has been pushed. */
  get next() {
    return this.#next;
  }

  push(entry) {
    entry.seq = this.#next;
    this.#ring[this.#next % this.#ring.length] = entry;
    this.#next += 1;
    if (entry.kind === 'event') {
      this.#received += 1;
    }
    return entry;
  }

  /** Entries pushed at or after `seq` that the ring still holds, at most `max`, newest first. */
  since(seq, max) {
    const from = Math.max(seq, this.#next - this.#ring.length, this.#next - max);
    const entries = [];
    for (let s = this.#next - 1; s >= from; s -= 1) {
      entries.push(this.#ring[s % this.#ring.length]);
    }
    return entries;
  }

  clear() {
    this.#ring.fill(undefined);
    this.#next = 0;
    this.#received = 0;
  }
}
