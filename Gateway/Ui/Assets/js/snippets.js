// The picked stream as code: a curl command, a browser EventSource and a Python client, each
// with the page's streams and start time. All three resume by Last-Event-ID when the connection
// drops (curl only with -H 'Last-Event-ID: …' by hand).

export function curl(url) {
  return `curl -N ${shellQuote(url)}`;
}

export function javascript(url) {
  return `// In a browser (or Node 22+ with an EventSource package).
const source = new EventSource(${JSON.stringify(url)});
source.addEventListener('message', (event) => {
  const data = JSON.parse(event.data);
  console.log(data.meta?.stream, data);
});
// EventSource reconnects by itself and resumes with Last-Event-ID.
source.addEventListener('error', () => console.warn('connection lost; reconnecting'));`;
}

export function python(url) {
  return `# pip install requests-sse
import json
from requests_sse import EventSource

with EventSource(${pythonString(url)}, timeout=30) as stream:
    for event in stream:
        if event.type == "message":
            data = json.loads(event.data)
            print(data.get("meta", {}).get("stream"), data)`;
}

function shellQuote(text) {
  return `'${text.replaceAll("'", "'\\''")}'`;
}

function pythonString(text) {
  return JSON.stringify(text); // a JSON string of a URL is a valid Python string literal
}
