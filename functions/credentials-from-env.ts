/**
 * Bundled in place of `@aws-sdk/credential-provider-node` (the esbuild alias of
 * infra/aws/constructs/app-function.ts): a Lambda function's credentials are in its environment
 * (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN), so the default chain's other
 * providers (SSO, shared INI files, web identity, container and instance metadata: ≈ 80 KB of each
 * bundle, and their loading at every cold start) are never needed there. Unbundled code (tests, the
 * local platform) keeps the SDK's default chain.
 */
export { fromEnv as defaultProvider } from '@aws-sdk/credential-provider-env';
