/**
 * Fixed identifiers of the seeded sandbox environment. examples/rail.yaml refers to them, so
 * `rails up --sandbox` works out of the box.
 */
export const SANDBOX_ACCOUNT_ID = '123456789012';
export const SANDBOX_REGION = 'us-east-1';
export const SEED_VPC_ID = 'vpc-0c0ffee0000000001';
export const SEED_VPC_CIDR = '10.0.0.0/16';
export const SEED_SUBNETS = [
  {
    subnetId: 'subnet-0c0ffee0000000a01',
    cidrBlock: '10.0.1.0/24',
    availabilityZone: 'us-east-1a',
    availabilityZoneId: 'use1-az1',
  },
  {
    subnetId: 'subnet-0c0ffee0000000b02',
    cidrBlock: '10.0.2.0/24',
    availabilityZone: 'us-east-1b',
    availabilityZoneId: 'use1-az2',
  },
] as const;
export const SEED_CERTIFICATE_ARN = `arn:aws:acm:${SANDBOX_REGION}:${SANDBOX_ACCOUNT_ID}:certificate/0c0ffee0-0000-4000-8000-000000000001`;
export const SEED_CERTIFICATE_DOMAIN = 'api.abq.com';
export const SEED_CLUSTER = 'default';
export const SEED_TASK_FAMILY = 'ice-station-zebra';
export const SEED_CONTAINER = 'app';
export const SEED_CONTAINER_PORT = 8080;
/** The seeded task definition's execution role (trusts ecs-tasks.amazonaws.com), as the console names it. */
export const SEED_EXECUTION_ROLE = 'ecsTaskExecutionRole';
/** The seeded task definition's awslogs group, as the console's auto-configure names it. */
export const SEED_LOG_GROUP = `/ecs/${SEED_TASK_FAMILY}`;
