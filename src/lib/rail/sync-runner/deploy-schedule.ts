/**
 * The sync Lambda's schedule: an EventBridge rule every minute, its target (the function) and the
 * function's permission for that rule alone, each converged describe → diff → act.
 */
import type { AwsClients } from '../../aws/clients.js';
import { putRuleTarget, putScheduleRule } from '../../aws/events.js';
import { addInvokePermission, removePermission } from '../../aws/lambda.js';
import { isOurs, railNames } from '../../common/names.js';
import type { FieldChange } from '../../common/plan.js';
import { notOurs, PLANNED, type SyncDeployOptions } from './deploy-options.js';
import type { LambdaPartsSeen } from './read-runner.js';

const SCHEDULE = 'rate(1 minute)';
const TARGET_ID = 'rails-sync-ips';
const STATEMENT_ID = 'rails-sync-schedule';

export async function ensureSchedule(
  aws: AwsClients,
  stage: string,
  functionArn: string,
  tags: Record<string, string>,
  opts: SyncDeployOptions,
  seen: LambdaPartsSeen,
): Promise<void> {
  const ruleName = railNames.syncSchedule(stage);
  const functionName = railNames.syncFunction(stage);
  const description = `rails sync-ips of stage ${stage}`;
  const rule = seen.rule;
  let ruleArn = rule?.Arn;
  if (!rule) {
    opts.report({ kind: 'schedule', name: ruleName, action: 'create', note: SCHEDULE });
    if (!opts.dryRun)
      ruleArn = await putScheduleRule(aws, { name: ruleName, schedule: SCHEDULE, description, tags });
  } else {
    if (!isOurs(seen.ruleTags, stage)) notOurs(opts, 'schedule', ruleName);
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

  const targets = rule ? seen.ruleTargets : [];
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
  // Read before the function was made, if it was: a new function has no resource policy yet.
  const statements = functionArn === PLANNED ? [] : seen.permissions;
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
