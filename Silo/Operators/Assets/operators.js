// The operators' page: polls stats.json and renders two tables. Text goes in with textContent
// only: topic names and client IPs (from X-Client-IP) are not ours to trust.
"use strict";

const STATS_URL = "/dashboard/eventstreams/stats.json";
const REFRESH_MS = 2000;
const numbers = new Intl.NumberFormat("en-US");
const rates = new Intl.NumberFormat("en-US", { maximumFractionDigits: 1 });

function cell(text, className) {
  const td = document.createElement("td");
  td.textContent = text;
  if (className) td.className = className;
  return td;
}

function count(value) {
  return value < 0 ? "–" : numbers.format(value);
}

function fill(table, rows, columns, emptyText) {
  const body = document.querySelector(`#${table} tbody`);
  const fresh = document.createElement("tbody");
  if (rows.length === 0) {
    const tr = document.createElement("tr");
    const td = cell(emptyText, "empty");
    td.colSpan = columns;
    tr.append(td);
    fresh.append(tr);
  }
  for (const cells of rows) {
    const tr = document.createElement("tr");
    tr.append(...cells);
    fresh.append(tr);
  }
  body.replaceWith(fresh);
}

function summary(counts, noun) {
  let text = `${numbers.format(counts.active)} active ${noun}`;
  if (counts.read < counts.active) text += `, ${numbers.format(counts.read)} read`;
  if (counts.unreadable > 0) text += `, ${numbers.format(counts.unreadable)} did not answer`;
  return text + ".";
}

function render(stats) {
  fill("topics", stats.topics.map(t => [
    cell(t.topic),
    cell(String(t.partition), "num"),
    cell(t.silo),
    cell(numbers.format(t.subscribers), "num"),
    cell(rates.format(t.eventsPerSecond), "num"),
    cell(count(t.nextOffset), "num"),
    cell(count(t.highWatermark), "num"),
    cell(count(t.lag), t.lag > 0 ? "num behind" : "num"),
  ]), 8, "No TopicGrain is active: nobody is streaming.");
  document.getElementById("topics-summary").textContent = summary(stats.topicGrains, "TopicGrains");

  fill("clients", stats.topClientIps.map(c => [
    cell(c.clientIp),
    cell(numbers.format(c.slots), "num"),
  ]), 2, "No client IP holds a connection slot.");
  const shown = stats.topClientIps.length;
  document.getElementById("clients-summary").textContent =
    summary(stats.clientIpGrains, "ClientIpGrains") + (shown > 0 ? ` The ${shown} with the most open slots:` : "");
}

function setStatus(text, error) {
  const status = document.getElementById("status");
  status.textContent = text;
  status.classList.toggle("error", error);
}

async function refresh() {
  try {
    const response = await fetch(STATS_URL, { cache: "no-store" });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    const stats = await response.json();
    render(stats);
    setStatus(`Updated ${new Date(stats.generatedAt).toLocaleTimeString()}`, false);
  } catch (e) {
    setStatus(`Could not load statistics (${e.message}); retrying.`, true);
  } finally {
    // One request at a time: the next starts only once this one is done.
    setTimeout(refresh, REFRESH_MS);
  }
}

refresh();
