// The streams this service offers, read from its OpenAPI document (/?spec), where the original's
// UI read them too: every requestable name (aliases included) is in the enum of the streams
// parameter of /v2/stream/{streams}, and each stream has a path of its own with its description.

const STREAMS_PATH = '/v2/stream/{streams}';
const ALIAS_NOTE = /\(NOTE: This stream is an alias of ([^)]+)\)/;
const SCHEMA_NOTE = /\n\nSchema title: .*$/s;

export async function loadStreams() {
  const response = await fetch('/?spec', { headers: { accept: 'application/json' } });
  if (!response.ok) {
    throw new Error(`/?spec answered ${response.status}`);
  }
  const spec = await response.json();
  const names = spec.paths?.[STREAMS_PATH]?.get?.parameters?.[0]?.schema?.items?.enum ?? [];
  return names.map((name) => describe(name, spec.paths[`/v2/stream/${name}`]?.get?.description ?? ''));
}

function describe(name, description) {
  const alias = ALIAS_NOTE.exec(description);
  const text = description.replace(SCHEMA_NOTE, '').replace(ALIAS_NOTE, '').trim();
  return { name, aliasOf: alias ? alias[1] : null, description: text };
}

/** The name events of a stream carry in meta.stream: an alias's events are its stream's. */
export function canonicalName(streams, name) {
  return streams.find((s) => s.name === name)?.aliasOf ?? name;
}
