/**
 * ValidateStateMachineDefinition: the diagnostics AWS gives a definition before it creates a state
 * machine, from asl-validator (the ASL schema and its checks: transitions, terminal states,
 * duplicate names); CreateStateMachine refuses a definition with any (definition.ts). Only the
 * result (OK / FAIL) is a contract; AWS itself documents its codes and messages as subject to change.
 *
 * asl-validator built a new Ajv instance, and compiled the ASL schemas into it, for every definition
 * it checked: 120–340 ms each, 0.5–0.7 s of every platform start for its three workflows.
 * patches/asl-validator+4.0.0.patch keeps one instance per set of options: the first definition
 * compiles them (0.25–0.35 s), the next take 5–10 ms; `startPlatform` 0.97–1.13 → 0.63–0.85 s
 * (2026-12-05, three interleaved pairs on a machine 1.2× slower than usual).
 * (aws-local-stepfunctions' own copy of the validator, which its StateMachine ran, is no longer
 * called: the runtime builds its state machines without validation, once this check has passed.)
 */
import validator from 'asl-validator';

export interface DefinitionDiagnostic {
  severity: 'ERROR' | 'WARNING';
  code: string;
  message: string;
  location?: string;
}

/** asl-validator's codes where AWS names the same problem otherwise. */
const AWS_CODES: Record<string, string> = {
  MISSING_TERMINAL_STATE: 'MISSING_END_STATE',
  DUPLICATE_STATE_NAMES: 'DUPLICATE_STATE_NAME',
};

interface ValidatorError {
  'Error code'?: string;
  Message?: string;
  schemaError?: { instancePath?: string };
}

export function validateDefinition(text: string): DefinitionDiagnostic[] {
  let definition: unknown;
  try {
    definition = JSON.parse(text);
  } catch (error) {
    return [{ severity: 'ERROR', code: 'INVALID_JSON_DESCRIPTION', message: (error as Error).message }];
  }
  if (!definition || typeof definition !== 'object' || Array.isArray(definition)) {
    return [{ severity: 'ERROR', code: 'SCHEMA_VALIDATION_FAILED', message: 'The definition must be a JSON object' }];
  }
  const { errors } = validator(definition, { checkPaths: true, checkArn: true });
  return (errors as ValidatorError[]).map((error) => {
    const code = error['Error code'] ?? 'SCHEMA_VALIDATION_FAILED';
    const diagnostic: DefinitionDiagnostic = { severity: 'ERROR', code: AWS_CODES[code] ?? code, message: error.Message ?? code };
    if (error.schemaError?.instancePath) diagnostic.location = error.schemaError.instancePath;
    return diagnostic;
  });
}
