/**
 * A Sandbox built by hand (no HTTP server), for unit tests of operation handlers. The conformance
 * suites drive the real server with the SDK; these check handler logic in isolation.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { Clock } from '../../src/core/clock.js';
import { SANDBOX_ACCOUNT_ID, SANDBOX_REGION } from '../../src/core/seed-ids.js';
import { emptyState } from '../../src/core/state.js';
import type {
  OperationHandler,
  RequestContext,
  Sandbox,
  SandboxSettings,
  ServiceDefinition,
} from '../../src/core/types.js';
import { services } from '../../src/services/index.js';

export function handBuiltSandbox(settings: Partial<SandboxSettings> = {}): Sandbox & { dirty: number } {
  const sb = {
    accountId: SANDBOX_ACCOUNT_ID,
    region: SANDBOX_REGION,
    state: emptyState(services),
    settings: {
      timeScale: 1,
      provisionMs: 10,
      healthCheckMs: 10,
      taskStepMs: 10,
      rolePropagationMs: 50,
      lambdaUpdateMs: 10,
      vpcLinkProvisionMs: 10,
      ...settings,
    },
    clock: new Clock(),
    endpoint: 'http://127.0.0.1:0',
    dns: { host: '127.0.0.1', port: 0 },
    tickers: [],
    healthOracles: [],
    hex: (n: number) =>
      randomBytes(Math.ceil(n / 2))
        .toString('hex')
        .slice(0, n),
    uuid: () => randomUUID(),
    dirty: 0,
    markDirty() {
      sb.dirty++;
    },
  };
  return sb;
}

/** Calls a service's operation the way the core would, with a minimal request context. */
export async function call(
  sb: Sandbox,
  service: ServiceDefinition,
  operation: string,
  input: Record<string, unknown> = {},
): Promise<any> {
  const handler: OperationHandler | undefined = service.operations?.[operation];
  if (!handler) throw new Error(`no handler for ${operation}`);
  const ctx: RequestContext = {
    sb,
    service: service.signingName,
    operation,
    region: sb.region,
    accountId: sb.accountId,
    requestId: randomUUID(),
    accessKeyId: 'test',
    headers: {},
  };
  return handler(input, ctx);
}

/** The AwsError code a call fails with (or 'no error'). */
export async function errorOf(
  promise: Promise<unknown>,
): Promise<{ code: string; status?: number; message: string }> {
  try {
    await promise;
  } catch (err: any) {
    return { code: err.code ?? err.name, status: err.status, message: err.message };
  }
  return { code: 'no error', message: '' };
}
