/**
 * Opens the AWS side of a command run: decides region, endpoint and credentials (starting the
 * embedded sandbox under --sandbox), and builds the one AwsClients provider for the run.
 */

import { AwsClients } from '../../lib/aws/clients.js';
import { UsageError } from '../../lib/errors.js';
import { VERSION } from '../../lib/version.js';
import { cliIoHost } from '../cli-io-host.js';
import { info } from '../output.js';
import type { CommandContext } from '../types.js';

/** Where the embedded sandbox keeps its state, so `up`, `status` and `down` see the same rail. */
export const EMBEDDED_SANDBOX_STATE = '.rails/sandbox.json';

export async function openAwsSession(ctx: CommandContext): Promise<AwsClients> {
  const g = ctx.global;
  const config = await ctx.loadConfigIfPresent();
  const userAgent = `rails/${VERSION}`;
  // --verbose: one stderr line per AWS call, through the terminal's host.
  const callLog = g.verbose ? cliIoHost.debug : undefined;

  if (g.sandbox) {
    const { startSandbox } = await import('rails-sandbox');
    const sb = await startSandbox({ port: 0, stateFile: EMBEDDED_SANDBOX_STATE });
    ctx.onCleanup(() => sb.stop());
    info(`sandbox: ${sb.endpoint} (state in ${EMBEDDED_SANDBOX_STATE})`);
    const clients = new AwsClients({
      region: g.region ?? config?.region ?? sb.region,
      endpoint: sb.endpoint,
      credentials: { accessKeyId: 'sandbox', secretAccessKey: 'sandbox' },
      callLog,
      userAgent,
      sandboxDns: sb.dns,
    });
    ctx.onCleanup(() => clients.destroy());
    return clients;
  }

  const region = g.region ?? config?.region ?? (await regionFromSdkChain(g.profile));
  if (!region) {
    throw new UsageError('no AWS region configured.', {
      hint: 'pass --region us-east-1, set `region:` in rail.yaml, export AWS_REGION, or give the profile a region (`aws configure set region us-east-1`).',
    });
  }
  const clients = new AwsClients({
    region,
    profile: g.profile,
    endpoint: g.endpointUrl,
    callLog,
    userAgent,
  });
  ctx.onCleanup(() => clients.destroy());
  return clients;
}

/** The region the SDK itself would use (AWS_REGION, AWS_DEFAULT_REGION, the profile's region). */
async function regionFromSdkChain(profile?: string): Promise<string | undefined> {
  const { STSClient } = await import('../../lib/aws/sdk/sts.js');
  const probe = new STSClient(profile ? { profile } : {});
  try {
    return await probe.config.region();
  } catch {
    return undefined;
  } finally {
    probe.destroy();
  }
}
