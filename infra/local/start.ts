/**
 * `npm start`: the whole platform on this machine. Options (after `npm start --`):
 *   --port <n>         HTTP API (default 3000)          --ses-port <n>   SES + mail viewer (default 8005)
 *   --dynamo-port <n>  DynamoDB (default 8000)          --sfn-port <n>   Step Functions API (default 8083)
 *   --data <dir>       where data is kept (default .data)   --memory   keep nothing between runs
 *   --start-date <AAAA-MM-JJ>  the date a fresh platform starts at (default: today)
 *   --demo             play the demo campaign once the platform is up (see infra/local/demo.ts)
 *   --exit             stop once the demo is played (instead of staying up to browse its emails)
 *   --identite jwt     sign in as on AWS: a stand-in for Cognito's managed login on --oidc-port (default 8090),
 *                      tokens verified as API Gateway does, with local staff accounts (printed); porteurs ask for theirs
 */
// First, and alone: the process's environment (malloc arenas), which may start it again. The rest
// is imported after it, dynamically: ESM loads and parses every static import of a module before it
// runs the first one, so the whole platform would be parsed twice, once before the process starts
// again (≈ +0.9 s before the platform answers).
import './platform-env.ts';

await import('./serve.ts');
