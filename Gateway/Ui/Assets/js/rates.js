// Events per second for each stream, counted in one-second buckets: adding an event is one
// increment, whatever the rate. The table is redrawn with the list (at most 5 times a second)
// and once a second, so the rates fall when a stream goes quiet.

/** The rate shown is the average over this many whole seconds: steady enough to read, quick to follow a change. */
const RATE_SECONDS = 10;

/** A rate over less time than this says little (2 events in 0.1 s are not 20/s): divide by at least 1 s. */
const MIN_RATE_SECONDS = 1;

/** The sparkline covers the last minute. */
const HISTORY_SECONDS = 60;

const SVG = 'http://www.w3.org/2000/svg';
const SPARK_HEIGHT = 20;

export class RateMeter {
  #streams = new Map(); // name → { total, buckets: Int32Array(HISTORY_SECONDS), second, startedMs }

  /** Starts counting these streams from zero (their rows show before their first event). */
  reset(names, nowMs = Date.now()) {
    this.#streams = new Map(names.map((name) => [name, counter(nowMs)]));
  }

  add(name, nowMs) {
    let c = this.#streams.get(name);
    if (!c) {
      c = counter(nowMs);
      this.#streams.set(name, c);
    }
    advance(c, Math.floor(nowMs / 1000));
    c.buckets[c.second % HISTORY_SECONDS] += 1;
    c.total += 1;
  }

  /**
   * Per stream: total received, events/s over the last RATE_SECONDS (or since counting began,
   * if that is less), and the last minute's whole seconds (oldest first).
   */
  snapshot(nowMs) {
    const second = Math.floor(nowMs / 1000);
    return [...this.#streams].map(([name, c]) => {
      advance(c, second);
      const bucket = (s) => c.buckets[((s % HISTORY_SECONDS) + HISTORY_SECONDS) % HISTORY_SECONDS];
      const history = [];
      for (let s = second - HISTORY_SECONDS; s < second; s += 1) {
        history.push(bucket(s));
      }
      // The current second's bucket counts too, over the part of it that has passed.
      const seconds = Math.min(RATE_SECONDS, Math.ceil((nowMs - c.startedMs) / 1000));
      let count = 0;
      for (let s = second - seconds + 1; s <= second; s += 1) {
        count += bucket(s);
      }
      const covered = (nowMs - Math.max(c.startedMs, (second - seconds + 1) * 1000)) / 1000;
      return { name, total: c.total, perSecond: count / Math.max(MIN_RATE_SECONDS, covered), history };
    });
  }
}

function counter(startedMs) {
  return { total: 0, buckets: new Int32Array(HISTORY_SECONDS), second: Math.floor(startedMs / 1000), startedMs };
}

// Empties the buckets of the seconds that passed since the counter last moved.
function advance(c, second) {
  for (let s = Math.max(c.second + 1, second - HISTORY_SECONDS + 1); s <= second; s += 1) {
    c.buckets[s % HISTORY_SECONDS] = 0;
  }
  c.second = Math.max(c.second, second);
}

export function renderRates(tbody, snapshot) {
  const format = new Intl.NumberFormat(undefined, { maximumFractionDigits: 1 });
  tbody.replaceChildren(...snapshot.map(({ name, total, perSecond, history }) => {
    const tr = document.createElement('tr');
    tr.dataset.stream = name;
    tr.dataset.total = String(total);
    const header = Object.assign(document.createElement('th'), { scope: 'row' });
    header.append(...breakable(name));
    const cells = [format.format(perSecond), null, total.toLocaleString()].map((text) => Object.assign(document.createElement('td'), { textContent: text ?? '' }));
    cells[1].append(sparkline(history));
    tr.append(header, ...cells);
    return tr;
  }));
}

// A stream name that may wrap after its dots (mediawiki.<wbr>recentchange), nowhere else (not at its hyphens).
function breakable(name) {
  const parts = name.split('.');
  return parts.flatMap((part, i) => {
    const piece = Object.assign(document.createElement('span'), { className: 'nowrap', textContent: i < parts.length - 1 ? `${part}.` : part });
    return i < parts.length - 1 ? [piece, document.createElement('wbr')] : [piece];
  });
}

function sparkline(history) {
  const max = Math.max(1, ...history);
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', `0 0 ${HISTORY_SECONDS - 1} ${SPARK_HEIGHT}`);
  svg.setAttribute('preserveAspectRatio', 'none');
  svg.setAttribute('class', 'spark');
  svg.setAttribute('aria-hidden', 'true');
  const line = document.createElementNS(SVG, 'polyline');
  line.setAttribute('points', history.map((n, i) => `${i},${(SPARK_HEIGHT - (n / max) * (SPARK_HEIGHT - 2) - 1).toFixed(1)}`).join(' '));
  svg.append(line);
  return svg;
}
