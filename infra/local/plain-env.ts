/**
 * The platform process reads its environment from a plain copy (`npm start`'s serve.ts and the
 * benchmarks' platform process call this once, before the platform starts). `process.env` is an
 * interceptor into the C library's environment: each read, found or not, costs ≈ 120 ns, against
 * ≈ 2 ns for an object's property, and Powertools reads `AWS_LAMBDA_MAX_CONCURRENCY` (absent here)
 * at every access to its logger's and metrics' stores: 7 reads per GET /taches, more per decision
 * and per workflow function. On AWS each Lambda reads its own environment as before: this changes
 * nothing there.
 *
 * What a plain copy changes in this process: an assignment is a plain property (not coerced to a
 * string) that C code does not see (`TZ` set at run time would not reach the date functions: the
 * platform sets none); a child process still gets `process.env` (its properties) by default.
 */
export function usePlainProcessEnv(): void {
  process.env = { ...process.env };
}
