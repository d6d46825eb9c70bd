/**
 * Every tagged resource of one Region, read from the services' own state through their accessors:
 * the tagging service keeps no copy of any tag, so a tag set through a service's own API is seen at
 * once. IAM roles are left out (AWS: GetResources does not support IAM users and roles; README).
 */
import type { Sandbox } from '../../core/types.js';
import { ACM_STATE_KEY, acmState } from '../acm/state.js';
import { APIGW_STATE_KEY } from '../apigateway/state.js';
import { taggedApigwResources } from '../apigateway/tags.js';
import { EC2_STATE_KEY, ec2State } from '../ec2/state.js';
import { ECS_STATE_KEY, ecsState } from '../ecs/state.js';
import { ELBV2_STATE_KEY, elbv2State } from '../elbv2/state.js';
import { EVENTS_STATE_KEY, eventsState } from '../events/state.js';
import { LAMBDA_STATE_KEY, lambdaState } from '../lambda/state.js';
import { groupArn, LOGS_STATE_KEY, logsState } from '../logs/state.js';
import { S3_STATE_KEY, s3State } from '../s3/state.js';

export interface TaggedResource {
  arn: string;
  /** `service:resourceType` as ResourceTypeFilters name it (README, "Resource types"). */
  type: string;
  tags: Record<string, string>;
}

/** The `service:resourceType` of an ARN: the service field and the resource part up to `/` or `:`. */
export function resourceTypeOf(arn: string): string {
  const [, , service = '', , , ...rest] = arn.split(':');
  const resource = rest.join(':');
  // S3 bucket ARNs carry no type: the tagging API knows buckets only, as `s3` or `s3:bucket`.
  if (service === 's3') return 's3:bucket';
  // API Gateway's resource part is a path: the type is its last collection (`restapis`, `stages`...).
  if (service === 'apigateway') {
    const parts = resource.split('/').filter((p) => p !== '');
    return `apigateway:${parts.length >= 2 ? parts[parts.length - 2] : (parts[0] ?? '')}`;
  }
  const type = /^[^/:]+/.exec(resource)?.[0] ?? '';
  return `${service}:${type}`;
}

function regionOf(arn: string): string {
  return arn.split(':')[3] ?? '';
}

type Emit = (arn: string, tags: Record<string, string> | undefined) => void;

/** A sandbox may host only some services (tests pass their own list): read only those it hosts. */
function hosts(sb: Sandbox, key: string): boolean {
  return sb.state[key] !== undefined;
}

/** Services whose resources' ARNs carry their Region. */
function regionalServices(sb: Sandbox, emit: Emit): void {
  if (hosts(sb, ELBV2_STATE_KEY)) {
    const elbv2 = elbv2State(sb);
    for (const lb of elbv2.loadBalancers) emit(lb.arn, lb.tags);
    for (const tg of elbv2.targetGroups) emit(tg.arn, tg.tags);
    for (const l of elbv2.listeners) {
      emit(l.arn, l.tags);
      emit(l.defaultRuleArn, l.defaultRuleTags);
    }
    for (const r of elbv2.rules) emit(r.arn, r.tags);
  }
  if (hosts(sb, ECS_STATE_KEY)) {
    const ecs = ecsState(sb);
    for (const c of ecs.clusters) if (c.status === 'ACTIVE') emit(c.clusterArn, c.tags);
    for (const s of ecs.services) if (s.status !== 'INACTIVE') emit(s.serviceArn, s.tags);
    for (const t of ecs.taskDefinitions) if (t.status === 'ACTIVE') emit(t.taskDefinitionArn, t.tags);
    for (const t of ecs.tasks) if (t.lastStatus !== 'STOPPED') emit(t.taskArn, t.tags);
  }
  if (hosts(sb, LAMBDA_STATE_KEY))
    for (const f of Object.values(lambdaState(sb).functions)) emit(f.arn, f.tags);
  if (hosts(sb, EVENTS_STATE_KEY)) for (const r of Object.values(eventsState(sb).rules)) emit(r.arn, r.tags);
  if (hosts(sb, ACM_STATE_KEY)) for (const c of acmState(sb).certificates) emit(c.arn, c.tags);
  if (hosts(sb, APIGW_STATE_KEY)) for (const r of taggedApigwResources(sb)) emit(r.arn, r.tags);
}

/** The resources of `region` with at least one tag, sorted by ARN (the order pages are cut in). */
export function taggedResources(sb: Sandbox, region: string): TaggedResource[] {
  const out: TaggedResource[] = [];
  const add = (arn: string, tags: Record<string, string> | undefined) => {
    if (tags && Object.keys(tags).length > 0) out.push({ arn, type: resourceTypeOf(arn), tags });
  };
  regionalServices(sb, (arn, tags) => {
    if (regionOf(arn) === region) add(arn, tags);
  });
  const account = sb.accountId;
  if (hosts(sb, S3_STATE_KEY))
    for (const b of Object.values(s3State(sb).buckets))
      if (b.region === region) add(`arn:aws:s3:::${b.name}`, b.tags);
  if (hosts(sb, LOGS_STATE_KEY))
    for (const g of Object.values(logsState(sb).groups))
      if (g.region === region) add(groupArn(g, account), g.tags);
  if (hosts(sb, EC2_STATE_KEY)) ec2Resources(sb, region, add);
  return out.sort((a, b) => (a.arn < b.arn ? -1 : a.arn > b.arn ? 1 : 0));
}

/** EC2 keeps ids, not ARNs: the ARN is built as EC2 forms it; groups and ENIs take their VPC's Region. */
function ec2Resources(sb: Sandbox, region: string, add: Emit): void {
  const ec2 = ec2State(sb);
  const account = sb.accountId;
  const vpcRegion = new Map(ec2.vpcs.map((v) => [v.vpcId, v.region]));
  const ec2Arn = (type: string, id: string) => `arn:aws:ec2:${region}:${account}:${type}/${id}`;
  for (const v of ec2.vpcs) if (v.region === region) add(ec2Arn('vpc', v.vpcId), v.tags);
  for (const s of ec2.subnets) if (s.region === region) add(ec2Arn('subnet', s.subnetId), s.tags);
  for (const g of ec2.securityGroups)
    if (vpcRegion.get(g.vpcId) === region) add(ec2Arn('security-group', g.groupId), g.tags);
  for (const n of ec2.networkInterfaces)
    if (vpcRegion.get(n.vpcId) === region) add(ec2Arn('network-interface', n.networkInterfaceId), n.tags);
}
