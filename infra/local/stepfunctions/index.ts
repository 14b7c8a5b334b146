/** The durable local Step Functions runtime and its HTTP endpoint. */
export { LocalStepFunctions } from './runtime.ts';
export type {
  ExecutionDescription,
  ExecutionListItem,
  LocalFunction,
  LocalStepFunctionsOptions,
  StartExecutionResult,
  StateMachineDescription,
} from './runtime.ts';
export { startStepFunctionsHttpServer, type StepFunctionsHttpServer } from './http-server.ts';
export { inProcessSfnClient } from './in-process-client.ts';
export { SfnApiError, type SfnErrorCode } from './errors.ts';
export type { AslDefinition, AslState } from './definition.ts';
export type { ExecutionStatus, StoreStats } from './store.ts';
export type { HistoryEvent } from './history.ts';
