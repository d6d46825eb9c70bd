/**
 * Takes the sync Lambda away (`down`, or `up` once the rail no longer runs it): its schedule, function
 * and role, each only when it carries this stage's rails tags.
 */
import type { AwsClients } from '../../aws/clients.js';
import { deleteRuleAndTargets } from '../../aws/events.js';
import { deleteRoleWithPolicies } from '../../aws/iam.js';
import { deleteFunction } from '../../aws/lambda.js';
import { fromTagList } from '../../aws/tags.js';
import { isOurs, railNames } from '../../common/names.js';
import type { SyncDeployOptions } from './deploy-options.js';
import { type LambdaPartsSeen, readLambdaParts } from './read-runner.js';

/**
 * Removes the schedule, the function and the role, each only when it carries this stage's tags.
 * `seen` is what the caller read of them already (else they are read here).
 */
export async function removeLambdaParts(
  aws: AwsClients,
  stage: string,
  opts: SyncDeployOptions,
  quietWhenAbsent: boolean,
  seen?: LambdaPartsSeen,
): Promise<void> {
  const ruleName = railNames.syncSchedule(stage);
  const functionName = railNames.syncFunction(stage);
  const roleName = railNames.syncRole(stage);
  const { rule, ruleTags, fn, role } = seen ?? (await readLambdaParts(aws, stage, false));
  if (rule && isOurs(ruleTags, stage)) {
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
