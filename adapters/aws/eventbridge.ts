/** Amazon EventBridge through the small client (./client.ts): its JSON 1.1 protocol, the calls in their API's own form. */
import { AwsJsonClient, type AwsClientOptions } from './client.ts';

export type EventBridge = AwsJsonClient;

export function eventBridge(options: Omit<AwsClientOptions, 'service'>): EventBridge {
  return new AwsJsonClient({ ...options, service: 'events' }, { version: '1.1', targetPrefix: 'AWSEvents' });
}

/** PutEvents, an entry's `Time` (a Date) on the wire as the JSON protocols carry timestamps: epoch seconds. */
export function putEvents<R>(client: EventBridge, entries: readonly { Time?: Date }[]): Promise<R> {
  return client.call<R>('PutEvents', {
    Entries: entries.map(({ Time, ...entry }) => (Time ? { ...entry, Time: Time.getTime() / 1000 } : entry)),
  });
}
