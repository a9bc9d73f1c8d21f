import { formatTime } from './summary.js';

// One event in full: pretty-printed JSON in a modal dialog (Escape or Close returns to the list).

export class EventDetail {
  #dialog;
  #json;
  #meta;
  #returnFocus = null;

  constructor(dialog) {
    this.#dialog = dialog;
    this.#json = dialog.querySelector('#detail-json');
    this.#meta = dialog.querySelector('#detail-meta');
    dialog.querySelector('#detail-close').addEventListener('click', () => dialog.close());
    dialog.addEventListener('close', () => this.#returnFocus?.focus());
    // A click on the backdrop (outside the dialog's box) closes it too.
    dialog.addEventListener('click', (e) => {
      if (e.target === dialog) {
        dialog.close();
      }
    });
  }

  show(entry, opener) {
    this.#returnFocus = opener;
    const meta = entry.event?.meta ?? {};
    const where = meta.topic !== undefined ? `${meta.topic}, partition ${meta.partition}, offset ${meta.offset}` : '';
    this.#dialog.querySelector('#detail-title').textContent = `Event from ${entry.stream}`;
    this.#meta.textContent = [where, `received at ${formatTime(entry.receivedAt)}`].filter(Boolean).join(' · ');
    this.#json.textContent = JSON.stringify(entry.event, null, 2);
    this.#dialog.showModal();
    this.#json.focus();
  }
}
