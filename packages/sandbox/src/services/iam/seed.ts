/**
 * The seeded IAM environment: the task execution role the seeded task definition names, so its
 * awslogs containers may log (trust ecs-tasks.amazonaws.com, as the ECS console's role has).
 */
import { SEED_EXECUTION_ROLE } from '../../core/seed-ids.js';
import type { Sandbox } from '../../core/types.js';
import { iamState, type Role } from './state.js';

const ECS_TASKS_TRUST = {
  Version: '2012-10-17',
  Statement: [
    { Effect: 'Allow', Principal: { Service: 'ecs-tasks.amazonaws.com' }, Action: 'sts:AssumeRole' },
  ],
};

export function seedIam(sb: Sandbox): void {
  const role: Role = {
    roleName: SEED_EXECUTION_ROLE,
    roleId: 'AROAECSTASKEXECUTIONA',
    arn: `arn:aws:iam::${sb.accountId}:role/${SEED_EXECUTION_ROLE}`,
    path: '/',
    createdAt: sb.clock.now(),
    // Long propagated: whoever assumes it at once may.
    createdAtReal: 0,
    assumeRolePolicyDocument: JSON.stringify(ECS_TASKS_TRUST),
    description: 'Allows ECS tasks to call AWS services on your behalf.',
    maxSessionDuration: 3600,
    inlinePolicies: {},
    tags: {},
  };
  iamState(sb).roles[role.roleName.toLowerCase()] = role;
}
