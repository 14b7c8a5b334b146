/**
 * Lambda entry: publishes dossier transitions from the table's stream to the EventBridge bus
 * (core and contract: ./transitions.ts). Configuration and client once per cold start; the local
 * platform runs the same publisher over the local table's change feed (infra/local/events).
 */
import { eventBridge } from '../clients.ts';
import { publisherEnv, readConfig } from '../config.ts';
import { transitionsPublisher } from './transitions.ts';

const config = readConfig(publisherEnv);
const { put } = eventBridge(config);

export const handler = transitionsPublisher({ put, eventBusName: config.EVENT_BUS_NAME });
