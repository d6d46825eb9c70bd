/**
 * How rails names and tags what it makes. Names carry the stage so several stages share an account;
 * tags are how rails finds its own resources again (never by guessing). Below every engine: the rail
 * lays these names, the sync engine and status find them again.
 */
export const TAG_STAGE = 'rails:stage';
export const TAG_SERVICE = 'rails:service';
export const TAG_MANAGED_BY = 'rails:managed-by';
/** Which part of the rail a resource is (`nlb`, `alb`, `nlb-tg-80`, `rule`...): found again by role. */
export const TAG_ROLE = 'rails:role';
export const MANAGED_BY = 'rails';
/** The ECS cluster of a service's target groups and task security group (to find a removed service). */
export const TAG_CLUSTER = 'rails:cluster';

/** Values of the rails:role tag, one per kind of resource the rail is made of. */
export const ROLES = {
  nlb: 'nlb',
  alb: 'alb',
  albSecurityGroup: 'alb-sg',
  nlbTargetGroup: (port: number) => `nlb-tg-${port}`,
  nlbListener: (port: number) => `nlb-listener-${port}`,
  albListener: (port: number) => `alb-listener-${port}`,
  serviceTargetGroup: 'service-tg',
  rule: (port: number) => `rule-${port}`,
  taskSecurityGroup: 'tasks-sg',
  ecsService: 'ecs-service',
  cluster: 'cluster',
  taskDefinition: 'task-definition',
} as const;

export const railNames = {
  nlb: (stage: string) => `${stage}-nlb`,
  alb: (stage: string) => `${stage}-alb`,
  /** NLB target groups that point at the ALB, one per listener port. */
  nlbTargetGroup: (stage: string, port: number) => `${stage}-nlb-${port}`,
  albSecurityGroup: (stage: string) => `${stage}-alb`,
  taskSecurityGroup: (stage: string, service: string) => `${stage}-${service}-tasks`,
  /** ECS service names are unique per cluster only: the stage keeps two stages apart in a shared cluster. */
  ecsService: (stage: string, service: string) => `${stage}-${service}`,
  /** Task definition family registered for the `image:` shorthand. */
  taskFamily: (stage: string, service: string) => `${stage}-${service}`,
  syncFunction: (stage: string) => `${stage}-rails-sync-ips`,
  syncRole: (stage: string) => `${stage}-rails-sync-ips`,
  syncSchedule: (stage: string) => `${stage}-rails-sync-ips`,
  /** CloudWatch namespace of our own (never `AWS/...`). */
  metricsNamespace: 'Rails/StaticIpSync',
};

/** The tags every resource of the rail carries. */
export function railTags(stage: string, role: string, service?: string): Record<string, string> {
  return {
    [TAG_STAGE]: stage,
    [TAG_MANAGED_BY]: MANAGED_BY,
    [TAG_ROLE]: role,
    ...(service ? { [TAG_SERVICE]: service } : {}),
  };
}

/** True when the tags say rails made this resource for this stage. */
export function isOurs(tags: Record<string, string> | undefined, stage: string): boolean {
  return tags?.[TAG_MANAGED_BY] === MANAGED_BY && tags?.[TAG_STAGE] === stage;
}
