/**
 * Starts the real local services once for the whole test run and hands their endpoints to
 * every test file (vitest `provide`/`inject`). Each test file creates its own tables
 * (unique names), so files never see each other's data.
 */
import type { TestProject } from 'vitest/node';
import { startDynalite, startSes, type LocalService } from '#infra/local/services.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    dynamoEndpoint: string;
    sesEndpoint: string;
  }
}

let services: LocalService[] = [];

export async function setup(project: TestProject): Promise<void> {
  const dynamo = await startDynalite();
  const ses = await startSes();
  services = [dynamo, ses];
  project.provide('dynamoEndpoint', dynamo.endpoint);
  project.provide('sesEndpoint', ses.endpoint);
}

export async function teardown(): Promise<void> {
  await Promise.all(services.map((s) => s.close()));
}
