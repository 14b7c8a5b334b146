declare module 'asl-validator' {
  interface ValidationResult {
    isValid: boolean;
    errors: unknown[];
    errorsText(separator?: string): string;
  }
  export default function validator(definition: unknown, opts?: { checkPaths?: boolean; checkArn?: boolean }): ValidationResult;
}
