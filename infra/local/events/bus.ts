/**
 * A local stand-in of EventBridge, as far as the transitions publisher uses it: PutEvents over the
 * SDK's protocol (JSON 1.1, `X-Amz-Target: AWSEvents.PutEvents`) on loopback, the latest events
 * kept in memory in the order they were put, to be read (`events()`, and `GET /_local/evenements`
 * on the platform): the last `keep` (10,000 by default; EventBridge keeps none), so that a platform
 * up for months holds flat memory (the transitions publisher puts one per timeline item of every
 * dossier). At most 10 entries a call, as EventBridge. The platform's own publisher puts in process
 * (`client()`); the port stays for outside clients.
 */
import { createServer } from 'node:http';
import { type EventBridge, eventBridge } from '#adapters/aws/eventbridge.ts';
import type { AwsAnswer } from '#adapters/aws/client.ts';
import { closeServer, listen, type LocalService } from '../listen.ts';

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

/** The events kept, and how many were ever put (their ids: `local-<n>`). */
interface Kept {
  events: BusEvent[];
  put: number;
  keep: number;
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
    let detail: unknown;
    try {
      detail = JSON.parse(entry.Detail ?? '');
    } catch {
      return { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is not valid JSON.' };
    }
    if (!entry.Source || !entry.DetailType) return { ErrorCode: 'InvalidArgument', ErrorMessage: 'Source and DetailType are required.' };
    const id = `local-${++kept.put}`;
    kept.events.push({
      id,
      bus: entry.EventBusName ?? 'default',
      source: entry.Source,
      detailType: entry.DetailType,
      detail,
      time: new Date(entry.Time !== undefined ? entry.Time * 1000 : Date.now()).toISOString(),
    });
    return { EventId: id };
  });
  // The oldest go by tenths, not one by one (each splice moves the whole array).
  if (kept.events.length > kept.keep + kept.keep / 10) kept.events.splice(0, kept.events.length - kept.keep);
  return { status: 200, body: { FailedEntryCount: results.filter((r) => 'ErrorCode' in r).length, Entries: results } };
}

const CONTENT_TYPE = 'application/x-amz-json-1.1';

export async function startEventBus(opts: { port?: number; host?: string; keep?: number } = {}): Promise<LocalEventBus> {
  const host = opts.host ?? '127.0.0.1';
  const kept: Kept = { events: [], put: 0, keep: opts.keep ?? 10_000 };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const answer = answerPutEvents(kept, String(req.headers['x-amz-target'] ?? ''), Buffer.concat(chunks).toString('utf8'));
      res.writeHead(answer.status, { 'content-type': CONTENT_TYPE, ...(answer.errorType ? { 'x-amzn-errortype': answer.errorType } : {}) });
      res.end(JSON.stringify(answer.body));
    });
  });
  const port = await listen(server, opts.port ?? 0, host, 'EventBridge (local bus)');
  return {
    endpoint: `http://${host}:${port}`,
    port,
    close: () => closeServer(server),
    events: (bus) => kept.events.filter((e) => bus === undefined || e.bus === bus),
    client: (region) => eventBridge({ region, transport: async ({ target, body }) => answerPutEvents(kept, target, body) }),
  };
}
