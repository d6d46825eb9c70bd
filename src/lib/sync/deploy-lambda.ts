/**
 * The sync Lambda's role, function and schedule, each converged describe → diff → act. A resource of
 * the same name that rails did not make (no rails tags for this stage) is never changed: rails stops.
 */
import { isDeepStrictEqual } from 'node:util';
import type { AwsClients } from '../aws/clients.js';
import {
  deleteRuleAndTargets,
  describeRule,
  listRuleTargets,
  putRuleTarget,
  putScheduleRule,
  ruleTags,
} from '../aws/events.js';
import {
  createRole,
  decodePolicyDocument,
  deleteRoleWithPolicies,
  getRole,
  getRolePolicy,
  putRolePolicy,
  updateTrustPolicy,
} from '../aws/iam.js';
import {
  addInvokePermission,
  createFunction,
  deleteFunction,
  type FunctionSpec,
  functionPolicyStatements,
  getFunction,
  removePermission,
  updateFunctionCode,
  updateFunctionConfiguration,
  waitFunctionReady,
} from '../aws/lambda.js';
import type { RailConfig } from '../config/schema.js';
import { FailedError } from '../errors.js';
import { fromTagList, isOurs, railNames } from '../rail/names.js';
import type { FieldChange, PlanItem } from '../rail/plan.js';
import type { SyncDeployOptions } from './deploy.js';
import type { SyncRail } from './discover.js';
import { LAMBDA_HANDLER, LAMBDA_RUNTIME, lambdaPackage } from './lambda-bundle.js';
import { lambdaEnvironment } from './lambda-config.js';
import { arnParts, LAMBDA_TRUST_POLICY, lambdaPolicy } from './lambda-policy.js';

const POLICY_NAME = 'rails-sync-ips';
const SCHEDULE = 'rate(1 minute)';
const TARGET_ID = 'rails-sync-ips';
const STATEMENT_ID = 'rails-sync-schedule';
const PLANNED = '(planned)';

function notOurs(opts: SyncDeployOptions, kind: string, name: string): never {
  const item: PlanItem = {
    kind,
    name,
    action: 'blocked',
    note: 'exists but carries no rails tags for this stage: rails does not change what it did not make',
  };
  opts.report(item);
  throw new FailedError(`${kind} ${name} exists and was not made by rails for this stage.`, {
    hint: 'rename or remove it, or use another --stage.',
  });
}

export async function ensureRole(
  aws: AwsClients,
  rail: RailConfig,
  syncRail: SyncRail | undefined,
  tags: Record<string, string>,
  opts: SyncDeployOptions,
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
  const role = await getRole(aws, roleName);
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
  const current = await getRolePolicy(aws, roleName, POLICY_NAME);
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
): Promise<string> {
  const name = railNames.syncFunction(rail.stage);
  const pkg = lambdaPackage();
  const found = await getFunction(aws, name);
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

export async function ensureSchedule(
  aws: AwsClients,
  stage: string,
  functionArn: string,
  tags: Record<string, string>,
  opts: SyncDeployOptions,
): Promise<void> {
  const ruleName = railNames.syncSchedule(stage);
  const functionName = railNames.syncFunction(stage);
  const description = `rails sync-ips of stage ${stage}`;
  const rule = await describeRule(aws, ruleName);
  let ruleArn = rule?.Arn;
  if (!rule) {
    opts.report({ kind: 'schedule', name: ruleName, action: 'create', note: SCHEDULE });
    if (!opts.dryRun)
      ruleArn = await putScheduleRule(aws, { name: ruleName, schedule: SCHEDULE, description, tags });
  } else {
    if (!isOurs(await ruleTags(aws, rule.Arn!), stage)) notOurs(opts, 'schedule', ruleName);
    const changes: FieldChange[] = [];
    if (rule.ScheduleExpression !== SCHEDULE)
      changes.push({ field: 'schedule', from: rule.ScheduleExpression, to: SCHEDULE });
    if (rule.State !== 'ENABLED') changes.push({ field: 'state', from: rule.State, to: 'ENABLED' });
    opts.report({
      kind: 'schedule',
      name: ruleName,
      action: changes.length ? 'update' : 'unchanged',
      ...(changes.length ? { changes } : {}),
    });
    if (changes.length && !opts.dryRun)
      await putScheduleRule(aws, { name: ruleName, schedule: SCHEDULE, description });
  }

  const targets = rule ? await listRuleTargets(aws, ruleName) : [];
  const target = targets.find((t) => t.Id === TARGET_ID);
  const targetOk = target?.Arn === functionArn;
  opts.report({
    kind: 'schedule-target',
    name: `${ruleName} -> ${functionName}`,
    action: target ? (targetOk ? 'unchanged' : 'update') : 'create',
  });
  if (!targetOk && !opts.dryRun && functionArn !== PLANNED)
    await putRuleTarget(aws, ruleName, { Id: TARGET_ID, Arn: functionArn });

  // The invoke permission, scoped to this rule's ARN.
  const statements = functionArn === PLANNED ? [] : await functionPolicyStatements(aws, functionName);
  const statement = statements.find((st) => st.Sid === STATEMENT_ID);
  const sourceArn = statement?.Condition?.ArnLike?.['AWS:SourceArn'];
  const principal =
    typeof statement?.Principal === 'object' ? statement.Principal.Service : statement?.Principal;
  const permissionOk = Boolean(statement) && sourceArn === ruleArn && principal === 'events.amazonaws.com';
  opts.report({
    kind: 'lambda-permission',
    name: `${functionName} ${STATEMENT_ID}`,
    action: statement ? (permissionOk ? 'unchanged' : 'update') : 'create',
    note: 'events.amazonaws.com, from this schedule only',
  });
  if (permissionOk || opts.dryRun || functionArn === PLANNED || !ruleArn) return;
  if (statement) await removePermission(aws, functionName, STATEMENT_ID);
  await addInvokePermission(aws, {
    functionName,
    statementId: STATEMENT_ID,
    principal: 'events.amazonaws.com',
    sourceArn: ruleArn,
  });
}

/** Removes the schedule, the function and the role, each only when it carries this stage's tags. */
export async function removeLambdaParts(
  aws: AwsClients,
  stage: string,
  opts: SyncDeployOptions,
  quietWhenAbsent: boolean,
): Promise<void> {
  const ruleName = railNames.syncSchedule(stage);
  const functionName = railNames.syncFunction(stage);
  const roleName = railNames.syncRole(stage);
  const [rule, fn, role] = await Promise.all([
    describeRule(aws, ruleName),
    getFunction(aws, functionName),
    getRole(aws, roleName),
  ]);
  if (rule && isOurs(await ruleTags(aws, rule.Arn!), stage)) {
    opts.report({ kind: 'schedule', name: ruleName, action: 'delete' });
    if (!opts.dryRun) await deleteRuleAndTargets(aws, ruleName);
  } else if (!quietWhenAbsent && !rule)
    opts.report({ kind: 'schedule', name: ruleName, action: 'unchanged', note: 'absent' });
  if (fn && isOurs(fn.Tags, stage)) {
    opts.report({ kind: 'lambda', name: functionName, action: 'delete' });
    if (!opts.dryRun) await deleteFunction(aws, functionName);
  } else if (!quietWhenAbsent && !fn)
    opts.report({ kind: 'lambda', name: functionName, action: 'unchanged', note: 'absent' });
  if (role && isOurs(fromTagList(role.Tags), stage)) {
    opts.report({ kind: 'iam-role', name: roleName, action: 'delete' });
    if (!opts.dryRun) await deleteRoleWithPolicies(aws, roleName);
  } else if (!quietWhenAbsent && !role)
    opts.report({ kind: 'iam-role', name: roleName, action: 'unchanged', note: 'absent' });
}
