/**
 * The sync Lambda's role and function, each converged describe → diff → act. A resource of the same
 * name that rails did not make (no rails tags for this stage) is never changed: rails stops.
 */
import { isDeepStrictEqual } from 'node:util';
import type { GetFunctionCommandOutput } from '@aws-sdk/client-lambda';
import type { AwsClients } from '../../aws/clients.js';
import { createRole, decodePolicyDocument, putRolePolicy, updateTrustPolicy } from '../../aws/iam.js';
import {
  createFunction,
  type FunctionSpec,
  updateFunctionCode,
  updateFunctionConfiguration,
  waitFunctionReady,
} from '../../aws/lambda.js';
import { fromTagList } from '../../aws/tags.js';
import { isOurs, railNames } from '../../common/names.js';
import type { FieldChange } from '../../common/plan.js';
import type { RailConfig } from '../../config/schema.js';
import type { SyncRail } from '../../sync/discover.js';
import { lambdaEnvironment } from '../../sync/lambda-config.js';
import { notOurs, PLANNED, type SyncDeployOptions } from './deploy-options.js';
import { LAMBDA_HANDLER, LAMBDA_RUNTIME, lambdaPackage } from './lambda-bundle.js';
import { arnParts, LAMBDA_TRUST_POLICY, lambdaPolicy } from './lambda-policy.js';
import { type LambdaPartsSeen, SYNC_POLICY_NAME as POLICY_NAME } from './read-runner.js';

export async function ensureRole(
  aws: AwsClients,
  rail: RailConfig,
  syncRail: SyncRail | undefined,
  tags: Record<string, string>,
  opts: SyncDeployOptions,
  seen: Pick<LambdaPartsSeen, 'role' | 'rolePolicy'>,
): Promise<string> {
  const roleName = railNames.syncRole(rail.stage);
  const functionName = railNames.syncFunction(rail.stage);
  const arns = syncRail?.targetGroups.map((t) => t.arn) ?? [];
  const parts = arnParts(arns[0] ?? syncRail?.alb.arn ?? '');
  const policy = lambdaPolicy({
    targetGroupArns: arns,
    bucket: rail.sync.bucket!,
    source: rail.sync.source,
    functionName,
    ...parts,
  });
  const role = seen.role;
  if (!role) {
    opts.report({
      kind: 'iam-role',
      name: roleName,
      action: 'create',
      note: 'least privilege for the sync Lambda',
    });
    if (opts.dryRun) return PLANNED;
    const made = await createRole(aws, {
      roleName,
      trustPolicy: LAMBDA_TRUST_POLICY,
      description: `rails sync-ips Lambda of stage ${rail.stage}`,
      tags,
    });
    await putRolePolicy(aws, roleName, POLICY_NAME, policy);
    return made.Arn!;
  }
  if (!isOurs(fromTagList(role.Tags), rail.stage)) notOurs(opts, 'iam-role', roleName);
  const changes: FieldChange[] = [];
  const trust = decodePolicyDocument(role.AssumeRolePolicyDocument);
  if (!isDeepStrictEqual(trust, LAMBDA_TRUST_POLICY))
    changes.push({ field: 'trust policy', from: 'other', to: 'lambda.amazonaws.com' });
  const current = seen.rolePolicy;
  if (!isDeepStrictEqual(current, policy))
    changes.push({ field: `policy ${POLICY_NAME}`, from: current ? 'other' : 'none', to: 'least privilege' });
  opts.report({
    kind: 'iam-role',
    name: roleName,
    action: changes.length ? 'update' : 'unchanged',
    ...(changes.length ? { changes } : {}),
  });
  if (!opts.dryRun) {
    if (changes.some((c) => c.field === 'trust policy'))
      await updateTrustPolicy(aws, roleName, LAMBDA_TRUST_POLICY);
    if (changes.some((c) => c.field.startsWith('policy')))
      await putRolePolicy(aws, roleName, POLICY_NAME, policy);
  }
  return role.Arn!;
}

function functionSpec(aws: AwsClients, rail: RailConfig, syncRail: SyncRail, roleArn: string): FunctionSpec {
  const dnsServer =
    rail.sync.dnsServer ??
    (rail.sync.source === 'dns' && aws.settings.sandboxDns
      ? `${aws.settings.sandboxDns.host}:${aws.settings.sandboxDns.port}`
      : undefined);
  const [host, port] = dnsServer
    ? [dnsServer.slice(0, dnsServer.lastIndexOf(':')), dnsServer.slice(dnsServer.lastIndexOf(':') + 1)]
    : [];
  return {
    name: railNames.syncFunction(rail.stage),
    roleArn,
    runtime: LAMBDA_RUNTIME,
    handler: LAMBDA_HANDLER,
    timeout: 60,
    memorySize: 256,
    description: `rails sync-ips: keeps ${syncRail.nlbName}'s IP target groups on ${syncRail.alb.name}'s IPs`,
    environment: lambdaEnvironment(syncRail, {
      bucket: rail.sync.bucket!,
      source: rail.sync.source,
      ...(host ? { dnsServer: { host: host.replace(/^\[|\]$/g, ''), port: Number(port) } } : {}),
      maxLookups: rail.sync.maxLookups,
      missesBeforeDeregister: rail.sync.missesBeforeDeregister,
    }),
  };
}

export async function ensureFunction(
  aws: AwsClients,
  rail: RailConfig,
  syncRail: SyncRail | undefined,
  roleArn: string,
  tags: Record<string, string>,
  opts: SyncDeployOptions,
  found: GetFunctionCommandOutput | undefined,
): Promise<string> {
  const name = railNames.syncFunction(rail.stage);
  const pkg = lambdaPackage();
  if (!found) {
    opts.report({ kind: 'lambda', name, action: 'create', note: `${LAMBDA_RUNTIME}, every minute` });
    if (opts.dryRun || !syncRail) return PLANNED;
    const made = await createFunction(aws, functionSpec(aws, rail, syncRail, roleArn), pkg.zip, tags);
    await waitFunctionReady(aws, name);
    return made.FunctionArn!;
  }
  if (!isOurs(found.Tags, rail.stage)) notOurs(opts, 'lambda', name);
  const cfg = found.Configuration!;
  const changes: FieldChange[] = [];
  if (cfg.CodeSha256 !== pkg.sha256) changes.push({ field: 'code', from: cfg.CodeSha256, to: pkg.sha256 });
  if (syncRail && roleArn !== PLANNED) {
    const spec = functionSpec(aws, rail, syncRail, roleArn);
    const now: Record<string, unknown> = {
      role: cfg.Role,
      runtime: cfg.Runtime,
      handler: cfg.Handler,
      timeout: cfg.Timeout,
      memorySize: cfg.MemorySize,
      description: cfg.Description ?? '',
      environment: cfg.Environment?.Variables ?? {},
    };
    const want: Record<string, unknown> = {
      role: spec.roleArn,
      runtime: spec.runtime,
      handler: spec.handler,
      timeout: spec.timeout,
      memorySize: spec.memorySize,
      description: spec.description,
      environment: spec.environment,
    };
    for (const field of Object.keys(want))
      if (!isDeepStrictEqual(now[field], want[field]))
        changes.push({ field, from: now[field], to: want[field] });
    opts.report({
      kind: 'lambda',
      name,
      action: changes.length ? 'update' : 'unchanged',
      ...(changes.length ? { changes } : {}),
    });
    if (!opts.dryRun && changes.length) {
      await waitFunctionReady(aws, name);
      if (changes.some((c) => c.field === 'code')) {
        await updateFunctionCode(aws, name, pkg.zip);
        await waitFunctionReady(aws, name);
      }
      if (changes.some((c) => c.field !== 'code')) {
        await updateFunctionConfiguration(aws, spec);
        await waitFunctionReady(aws, name);
      }
    }
  } else {
    opts.report({
      kind: 'lambda',
      name,
      action: changes.length ? 'update' : 'unchanged',
      ...(changes.length ? { changes } : {}),
    });
  }
  return cfg.FunctionArn!;
}
