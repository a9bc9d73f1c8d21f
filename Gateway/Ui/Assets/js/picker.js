// The list of streams to pick from: a checkbox per stream with its description, and a search
// box that narrows the list (production has dozens of streams).

export class StreamPicker {
  #list;
  #hint;
  #search;
  #streams = [];

  constructor(list, hint, search) {
    this.#list = list;
    this.#hint = hint;
    this.#search = search;
    search.addEventListener('input', () => this.#applySearch());
  }

  get streams() {
    return this.#streams;
  }

  show(streams) {
    this.#streams = streams;
    this.#list.replaceChildren(...streams.map((stream, i) => item(stream, i)));
    this.#hint.textContent = streams.length === 0 ? 'This service offers no streams.' : `${streams.length} streams. Pick one or more.`;
  }

  fail(message) {
    this.#hint.textContent = `Could not load the streams: ${message}`;
  }

  selected() {
    return [...this.#list.querySelectorAll('input:checked')].map((input) => input.value);
  }

  select(names) {
    for (const input of this.#list.querySelectorAll('input')) {
      input.checked = names.includes(input.value);
    }
  }

  #applySearch() {
    const words = this.#search.value.trim().toLowerCase().split(/\s+/).filter(Boolean);
    let shown = 0;
    for (const li of this.#list.children) {
      const text = li.textContent.toLowerCase();
      const match = words.every((word) => text.includes(word));
      li.hidden = !match;
      shown += match ? 1 : 0;
    }
    this.#hint.textContent = words.length === 0 ? `${this.#streams.length} streams. Pick one or more.` : `${shown} of ${this.#streams.length} streams match.`;
  }
}

function item(stream, index) {
  const id = `stream-${index}`;
  const input = Object.assign(document.createElement('input'), { type: 'checkbox', id, value: stream.name, name: 'stream' });
  const name = Object.assign(document.createElement('span'), { className: 'stream-name', textContent: stream.name });
  const label = Object.assign(document.createElement('label'), { htmlFor: id });
  label.append(name);
  if (stream.aliasOf) {
    label.append(Object.assign(document.createElement('span'), { className: 'tag', textContent: `alias of ${stream.aliasOf}` }));
  }
  const description = Object.assign(document.createElement('span'), { className: 'stream-description', id: `${id}-description`, textContent: stream.description });
  input.setAttribute('aria-describedby', description.id);
  const li = document.createElement('li');
  li.append(input, label, description);
  return li;
}
