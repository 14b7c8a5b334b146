/** AWS Step Functions through the small client (./client.ts): its JSON 1.0 protocol, the calls in their API's own form. */
import { AwsJsonClient, type AwsClientOptions } from './client.ts';

export type StepFunctions = AwsJsonClient;

export function stepFunctions(options: Omit<AwsClientOptions, 'service'>): StepFunctions {
  return new AwsJsonClient({ ...options, service: 'states' }, { version: '1.0', targetPrefix: 'AWSStepFunctions' });
}
