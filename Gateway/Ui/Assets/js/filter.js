// The server-side filter: a text area with one `where` condition a line, written exactly as the
// service reads it (path=a|b, path!=a|b, path, !path), and the canary choice. It only collects
// and shows; the service checks the conditions, and its 400 invalid_filter says what is wrong,
// so the page never holds a second copy of the grammar that could disagree with it.

/** The problem type of the service's 400 for a filter it cannot read (Gateway/Filtering). */
const INVALID_FILTER = 'invalid_filter';

export class FilterForm {
  #where;
  #canary;
  #error;

  constructor(where, canary, error) {
    this.#where = where;
    this.#canary = canary;
    this.#error = error;
  }

  /** Calls back whenever a condition or the canary choice changes. */
  onChange(callback) {
    this.#where.addEventListener('input', callback);
    this.#canary.addEventListener('change', callback);
  }

  /** The query parameters, in order: a `where` per non-empty line, then `canary` when chosen. */
  params() {
    const params = conditions(this.#where.value).map((condition) => ['where', condition]);
    if (this.#canary.value) {
      params.push(['canary', this.#canary.value]);
    }
    return params;
  }

  /** Fills the form from a link's query (its `where` and `canary` parameters). */
  load(query) {
    this.#where.value = query.getAll('where').join('\n');
    const canary = query.get('canary') ?? '';
    // A choice the select does not offer stays in the box's default; the service would refuse it anyway.
    this.#canary.value = [...this.#canary.options].some((o) => o.value === canary) ? canary : '';
  }

  /** Shows the service's reason when it refused the filter; anything else is not the filter's to show. */
  showRefusal(problem) {
    const refused = problem?.type === INVALID_FILTER;
    this.#error.textContent = refused ? problem.detail ?? problem.title ?? '' : '';
    if (refused) {
      this.#where.setAttribute('aria-invalid', 'true');
    } else {
      this.#where.removeAttribute('aria-invalid');
    }
  }

  clearRefusal() {
    this.showRefusal(null);
  }
}

// Blank lines and the spaces around a condition are what a person types by accident, never
// part of a path or a value the service would match.
function conditions(text) {
  return text.split('\n').map((line) => line.trim()).filter(Boolean);
}
