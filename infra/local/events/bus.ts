/**
 * A local stand-in of EventBridge, as far as the transitions publisher uses it: PutEvents over the
 * SDK's protocol (JSON 1.1, `X-Amz-Target: AWSEvents.PutEvents`) on loopback, every event kept in
 * memory in the order it was put, to be read (`events()`, and `GET /_local/evenements` on the
 * platform). At most 10 entries a call, as EventBridge.
 */
import { createServer } from 'node:http';
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
  /** Every event put so far, oldest first (of one bus, when named). */
  events(bus?: string): BusEvent[];
}

interface PutEventsEntry {
  EventBusName?: string;
  Source?: string;
  DetailType?: string;
  Detail?: string;
  Time?: number;
}

const MAX_ENTRIES = 10;

export async function startEventBus(opts: { port?: number; host?: string } = {}): Promise<LocalEventBus> {
  const host = opts.host ?? '127.0.0.1';
  const kept: BusEvent[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const answer = (status: number, body: object, type?: string) => {
        res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1', ...(type ? { 'x-amzn-errortype': type } : {}) });
        res.end(JSON.stringify(type ? { __type: type, ...body } : body));
      };
      if (req.headers['x-amz-target'] !== 'AWSEvents.PutEvents')
        return answer(400, { message: `unsupported operation: ${req.headers['x-amz-target']}` }, 'UnknownOperationException');
      let entries: PutEventsEntry[];
      try {
        entries = (JSON.parse(Buffer.concat(chunks).toString('utf8')) as { Entries?: PutEventsEntry[] }).Entries ?? [];
      } catch {
        return answer(400, { message: 'malformed JSON' }, 'SerializationException');
      }
      if (entries.length < 1 || entries.length > MAX_ENTRIES)
        return answer(400, { message: `Entries: between 1 and ${MAX_ENTRIES} entries` }, 'ValidationException');
      const results = entries.map((entry) => {
        let detail: unknown;
        try {
          detail = JSON.parse(entry.Detail ?? '');
        } catch {
          return { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is not valid JSON.' };
        }
        if (!entry.Source || !entry.DetailType)
          return { ErrorCode: 'InvalidArgument', ErrorMessage: 'Source and DetailType are required.' };
        const id = `local-${kept.length + 1}`;
        kept.push({
          id,
          bus: entry.EventBusName ?? 'default',
          source: entry.Source,
          detailType: entry.DetailType,
          detail,
          time: new Date(entry.Time !== undefined ? entry.Time * 1000 : Date.now()).toISOString(),
        });
        return { EventId: id };
      });
      answer(200, { FailedEntryCount: results.filter((r) => 'ErrorCode' in r).length, Entries: results });
    });
  });
  const port = await listen(server, opts.port ?? 0, host, 'EventBridge (local bus)');
  return {
    endpoint: `http://${host}:${port}`,
    port,
    close: () => closeServer(server),
    events: (bus) => kept.filter((e) => bus === undefined || e.bus === bus),
  };
}
