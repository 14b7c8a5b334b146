/**
 * A local stand-in of EventBridge, as far as the transitions publisher uses it: PutEvents over the
 * SDK's protocol (JSON 1.1, `X-Amz-Target: AWSEvents.PutEvents`) on loopback, the latest events
 * kept in memory in the order they were put, to be read (`events()`, and `GET /_local/evenements`
 * on the platform): the last `keep` (10,000 by default; EventBridge keeps none), so that a platform
 * up for months holds flat memory (the transitions publisher puts one per timeline item of every
 * dossier). At most 10 entries a call, as EventBridge. The platform's own publisher puts in process
 * (`client()`); the port stays for outside clients.
 *
 * An event is kept compact, and made whole only when read: its detail as the JSON text it came in,
 * its number and time as numbers, its bus, source and detail type shared with the events before
 * it. Kept as objects, the 10,000 events of a campaign of 300 dossiers or more held 3.8 MB of the
 * platform's heap (≈ 380 bytes each: seven strings and the detail's object); ≈ 130 bytes now.
 */
import { createServer } from 'node:http';
import { type EventBridge, eventBridge } from '#adapters/aws/eventbridge.ts';
import type { AwsAnswer } from '#adapters/aws/client.ts';
import { closeServer, listen, type LocalService } from '../listen.ts';
import { sendWhole } from '../send-whole.ts';

export interface BusEvent {
  id: string;
  bus: string;
  source: string;
  detailType: string;
  detail: unknown;
  time: string;
}

export interface LocalEventBus extends LocalService {
  /** The events kept (the latest put), oldest first (of one bus, when named). */
  events(bus?: string): BusEvent[];
  /** The functions' EventBridge client, putting on this bus in this process (no socket, no signing: the platform's own publisher). */
  client(region: string): EventBridge;
}

interface PutEventsEntry {
  EventBusName?: string;
  Source?: string;
  DetailType?: string;
  Detail?: string;
  Time?: number;
}

const MAX_ENTRIES = 10;

/** An event as kept (`id` is `local-<n>`; `time` in epoch ms; `detail` its JSON text). */
interface KeptEvent {
  n: number;
  bus: string;
  source: string;
  detailType: string;
  detail: string;
  time: number;
}

/** The events kept, how many were ever put (their ids: `local-<n>`), and the names they share. */
interface Kept {
  events: KeptEvent[];
  put: number;
  keep: number;
  names: Map<string, string>;
}

/** Distinct buses, sources and detail types shared (past this many, an outside client's names are kept as they come). */
const MAX_SHARED_NAMES = 1_000;

/** The one copy of a bus, source or detail type name. */
function shared(kept: Kept, name: string): string {
  const known = kept.names.get(name);
  if (known !== undefined) return known;
  if (kept.names.size < MAX_SHARED_NAMES) kept.names.set(name, name);
  return name;
}

function busEventOf(event: KeptEvent): BusEvent {
  return {
    id: `local-${event.n}`,
    bus: event.bus,
    source: event.source,
    detailType: event.detailType,
    detail: JSON.parse(event.detail),
    time: new Date(event.time).toISOString(),
  };
}

/** Answers one PutEvents request (its `X-Amz-Target` and body text), keeping the events it accepts. */
function answerPutEvents(kept: Kept, target: string, text: string): AwsAnswer {
  const error = (code: string, message: string): AwsAnswer => ({ status: 400, errorType: code, body: { __type: code, message } });
  if (target !== 'AWSEvents.PutEvents') return error('UnknownOperationException', `unsupported operation: ${target}`);
  let entries: PutEventsEntry[];
  try {
    entries = (JSON.parse(text) as { Entries?: PutEventsEntry[] }).Entries ?? [];
  } catch {
    return error('SerializationException', 'malformed JSON');
  }
  if (entries.length < 1 || entries.length > MAX_ENTRIES)
    return error('ValidationException', `Entries: between 1 and ${MAX_ENTRIES} entries`);
  const results = entries.map((entry) => {
    const detail = entry.Detail ?? '';
    try {
      JSON.parse(detail);
    } catch {
      return { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is not valid JSON.' };
    }
    if (!entry.Source || !entry.DetailType) return { ErrorCode: 'InvalidArgument', ErrorMessage: 'Source and DetailType are required.' };
    const time = entry.Time !== undefined ? new Date(entry.Time * 1000).getTime() : Date.now();
    if (Number.isNaN(time)) return { ErrorCode: 'InvalidArgument', ErrorMessage: 'Time is not a valid timestamp.' };
    const n = ++kept.put;
    kept.events.push({
      n,
      bus: shared(kept, entry.EventBusName ?? 'default'),
      source: shared(kept, entry.Source),
      detailType: shared(kept, entry.DetailType),
      detail,
      time,
    });
    return { EventId: `local-${n}` };
  });
  // The oldest go by tenths, not one by one (each splice moves the whole array).
  if (kept.events.length > kept.keep + kept.keep / 10) kept.events.splice(0, kept.events.length - kept.keep);
  return { status: 200, body: { FailedEntryCount: results.filter((r) => 'ErrorCode' in r).length, Entries: results } };
}

const CONTENT_TYPE = 'application/x-amz-json-1.1';

export async function startEventBus(opts: { port?: number; host?: string; keep?: number } = {}): Promise<LocalEventBus> {
  const host = opts.host ?? '127.0.0.1';
  const kept: Kept = { events: [], put: 0, keep: opts.keep ?? 10_000, names: new Map() };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const answer = answerPutEvents(kept, String(req.headers['x-amz-target'] ?? ''), Buffer.concat(chunks).toString('utf8'));
      const headers = { 'content-type': CONTENT_TYPE, ...(answer.errorType ? { 'x-amzn-errortype': answer.errorType } : {}) };
      sendWhole(res, answer.status, headers, JSON.stringify(answer.body));
    });
  });
  const port = await listen(server, opts.port ?? 0, host, 'EventBridge (local bus)');
  return {
    endpoint: `http://${host}:${port}`,
    port,
    close: () => closeServer(server),
    events: (bus) => kept.events.filter((e) => bus === undefined || e.bus === bus).map(busEventOf),
    client: (region) => eventBridge({ region, transport: async ({ target, body }) => answerPutEvents(kept, target, body) }),
  };
}
