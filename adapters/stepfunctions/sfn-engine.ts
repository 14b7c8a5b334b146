/**
 * The workflow engine port over @aws-sdk/client-sfn: AWS Step Functions, or the local runtime's
 * HTTP endpoint (infra/local/stepfunctions) — the same calls either way.
 */
import { SendTaskSuccessCommand, type SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { TaskNotOpenError, type WorkflowEngine } from '#domain/workflow/deps.ts';
import type { MachineName, WorkflowInput } from '#workflows/definitions.ts';

export class SfnEngine implements WorkflowEngine {
  readonly #client: SFNClient;
  readonly #machines: Record<MachineName, string>;

  constructor(client: SFNClient, stateMachineArns: Record<MachineName, string>) {
    this.#client = client;
    this.#machines = stateMachineArns;
  }

  async startExecution(machine: MachineName, name: string, input: WorkflowInput): Promise<void> {
    await this.#client.send(new StartExecutionCommand({ stateMachineArn: this.#machines[machine], name, input: JSON.stringify(input) }));
  }

  async sendTaskSuccess(taskToken: string, output: Record<string, unknown>): Promise<void> {
    try {
      await this.#client.send(new SendTaskSuccessCommand({ taskToken, output: JSON.stringify(output) }));
    } catch (error) {
      const name = (error as { name?: string }).name;
      if (name === 'TaskTimedOut' || name === 'InvalidToken' || name === 'TaskDoesNotExist')
        throw new TaskNotOpenError(`callback no longer waiting (${name})`);
      throw error;
    }
  }
}
