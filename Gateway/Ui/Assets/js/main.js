import { loadStreams, canonicalName } from './catalog.js';
import { StreamPicker } from './picker.js';
import * as since from './since.js';
import { FilterForm } from './filter.js';
import { streamPath, pageQuery, absolute } from './stream-url.js';
import { StreamConnection } from './connection.js';
import { EventBuffer } from './event-buffer.js';
import { EventListView, MAX_ROWS } from './event-list.js';
import { RateMeter, renderRates } from './rates.js';
import { showState } from './status.js';
import { EventDetail } from './detail.js';
import * as snippets from './snippets.js';
import { copyText } from './copy.js';

// The page's wiring: controls → connection → buffer → list, rates and status.

/** The rate table's buckets are seconds, so it changes once a second. */
const RATE_REFRESH_MS = 1000;

const $ = (id) => document.getElementById(id);

const picker = new StreamPicker($('stream-list'), $('stream-hint'), $('stream-search'));
const buffer = new EventBuffer(MAX_ROWS); // the view never shows more than MAX_ROWS, so nothing older is kept
const view = new EventListView($('events'), buffer, refreshRates);
const rates = new RateMeter();
const detail = new EventDetail($('detail'));
const filterForm = new FilterForm($('where'), $('canary'), $('filter-error'));
const numbers = new Intl.NumberFormat();

let connection = null;
let streams = []; // the names the running connection asked for

function currentPath() {
  const picked = picker.selected();
  const names = picked.length > 0 ? picked : picker.streams.slice(0, 1).map((s) => s.name);
  return streamPath(names.length > 0 ? names : ['recentchange'], since.toIso($('since').value), filterForm.params());
}

function updateSnippets() {
  const url = absolute(currentPath());
  $('snippet-curl').textContent = snippets.curl(url);
  $('snippet-js').textContent = snippets.javascript(url);
  $('snippet-python').textContent = snippets.python(url);
  $('since-hint').textContent = since.describe(since.toIso($('since').value));
}

function updateCounts() {
  const received = buffer.received;
  const line = $('received');
  line.dataset.count = String(received);
  const shown = $('events').querySelectorAll('li.event').length;
  let text = received === 0 ? 'No events yet.' : `${numbers.format(received)} received, the newest ${numbers.format(shown)} shown.`;
  if (view.paused && view.waiting > 0) {
    text += ` Paused: ${numbers.format(view.waiting)} more waiting.`;
  }
  line.textContent = text;
}

// Which stream an event belongs to, for the rates: the stream it names (meta.stream), or the
// only stream asked for, or else its topic.
function streamOf(event) {
  const named = event?.meta?.stream;
  if (typeof named === 'string') {
    return named;
  }
  if (streams.length === 1) {
    return canonicalName(picker.streams, streams[0]);
  }
  return event?.meta?.topic ?? 'unknown';
}

function onEvent(data, id) {
  let event;
  try {
    event = JSON.parse(data);
  } catch {
    event = data;
  }
  const stream = streamOf(event);
  const receivedAt = new Date();
  rates.add(stream, receivedAt.getTime());
  buffer.push({ kind: 'event', event, id, stream, receivedAt });
  view.schedule();
}

function onState(state, detailOfState) {
  showState($('status'), state, detailOfState);
  if (state === 'live' && detailOfState.reconnects > 0) {
    buffer.push({
      kind: 'note',
      text: detailOfState.resumedFrom
        ? 'The connection was closed; reconnected and resumed right after the event below (Last-Event-ID).'
        : 'The connection was closed before any event arrived; reconnected, starting over as first asked.',
    });
    view.schedule();
  }
  if (state === 'failed') {
    filterForm.showRefusal(detailOfState.problem);
  }
  const running = state !== 'failed' && state !== 'stopped';
  $('stop').disabled = !running;
  $('pause').disabled = !running;
  if (!running) {
    connection = null;
  }
}

function start() {
  const picked = picker.selected();
  if (picked.length === 0) {
    $('stream-hint').textContent = 'Pick at least one stream first.';
    $('stream-list').querySelector('input')?.focus();
    return;
  }
  connection?.close();
  streams = picked;
  buffer.clear();
  view.clear();
  setPaused(false);
  rates.reset([...new Set(picked.map((name) => canonicalName(picker.streams, name)))]);
  refreshRates();
  filterForm.clearRefusal();
  const sinceIso = since.toIso($('since').value);
  const filterParams = filterForm.params();
  history.replaceState(null, '', pageQuery(picked, sinceIso, filterParams));
  connection = new StreamConnection(streamPath(picked, sinceIso, filterParams), { onEvent, onState });
}

function setPaused(paused) {
  view.setPaused(paused);
  const button = $('pause');
  button.setAttribute('aria-pressed', String(paused));
  button.textContent = paused ? 'Resume' : 'Pause';
  updateCounts();
}

function refreshRates() {
  renderRates($('rates'), rates.snapshot(Date.now()));
  updateCounts();
}

function wire() {
  $('controls').addEventListener('submit', (e) => {
    e.preventDefault();
    start();
  });
  $('stop').addEventListener('click', () => connection?.close());
  $('pause').addEventListener('click', () => setPaused(!view.paused));
  $('stream-list').addEventListener('change', updateSnippets);
  $('since').addEventListener('input', updateSnippets);
  filterForm.onChange(updateSnippets);
  $('copy-curl').addEventListener('click', (e) => copyText(snippets.curl(absolute(currentPath())), e.currentTarget, $('copy-status'), $('snippet-curl')));
  for (const button of document.querySelectorAll('[data-copy]')) {
    const source = $(button.dataset.copy);
    button.addEventListener('click', () => copyText(source.textContent, button, null, source));
  }
  $('events').addEventListener('click', (e) => {
    const row = e.target.closest('li.event');
    const entry = row && view.entry(row.dataset.row);
    if (entry) {
      detail.show(entry, row.querySelector('button'));
    }
  });
  setInterval(refreshRates, RATE_REFRESH_MS);
}

// A link to the page can name the streams, the start and the filter: ?streams=a,b&since=ISO&where=…&canary=… starts at once.
async function init() {
  wire();
  updateSnippets();
  try {
    picker.show(await loadStreams());
  } catch (e) {
    picker.fail(e.message);
    return;
  }
  const query = new URLSearchParams(window.location.search);
  const wanted = (query.get('streams') ?? '').split(',').filter(Boolean);
  $('since').value = since.toLocalValue(query.get('since') ?? '');
  filterForm.load(query);
  picker.select(wanted);
  updateSnippets();
  if (picker.selected().length > 0) {
    start();
  }
}

init();
