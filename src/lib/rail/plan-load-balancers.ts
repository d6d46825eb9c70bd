/**
 * The two hops' shared resources: the NLB and the ALB, their listeners, and the NLB's target groups
 * (and, with `staticIps: alb-target`, the ALB registered in them). Found by exact name; a resource of
 * our name without our tags is a conflict, never changed.
 */
import type { Action, LoadBalancer, TargetGroup } from '@aws-sdk/client-elastic-load-balancing-v2';
import {
  createListener,
  createLoadBalancer,
  createTargetGroup,
  modifyListener,
  modifyTargetGroup,
  registerTargets,
  setLoadBalancerAttributes,
  setSecurityGroups,
  setSubnets,
  setTargetGroupAttributes,
} from '../aws/elbv2-changes.js';
import { toTagList } from '../aws/tags.js';
import { isOurs, railTags } from '../common/names.js';
import type { FieldChange } from '../common/plan.js';
import { diffAttributes, diffListener, diffTargetGroup } from './diff.js';
import {
  DEFAULT_FIXED_RESPONSE,
  type ListenerSpec,
  type LoadBalancerSpec,
  type TargetGroupSpec,
} from './spec.js';
import { need, type PlanContext, type Step } from './steps.js';

function sortedEq(a: string[], b: string[]): boolean {
  return JSON.stringify([...a].sort()) === JSON.stringify([...b].sort());
}

/** A load balancer: create, or compare subnets, security groups and attributes. */
export function loadBalancerStep(
  ctx: PlanContext,
  spec: LoadBalancerSpec,
  found: LoadBalancer | undefined,
  onArn: (arn: string) => void,
  securityGroups?: () => string | undefined,
): Step {
  const kind = 'load-balancer';
  const tags = railTags(ctx.rail.stage, spec.role);
  if (!found) {
    return {
      item: { kind, name: spec.name, action: 'create', note: `internal ${spec.type}` },
      apply: async () => {
        const sg = securityGroups?.();
        const lb = await createLoadBalancer(ctx.aws, {
          Name: spec.name,
          Type: spec.type,
          Scheme: 'internal',
          IpAddressType: 'ipv4',
          Subnets: spec.subnets,
          ...(spec.type === 'application' ? { SecurityGroups: [need(sg, 'the ALB security group')] } : {}),
          Tags: toTagList(tags),
        });
        onArn(lb.LoadBalancerArn!);
        ctx.res.waitLoadBalancers.add(lb.LoadBalancerArn!);
        await setLoadBalancerAttributes(ctx.aws, lb.LoadBalancerArn!, spec.attributes);
      },
    };
  }
  const arn = found.LoadBalancerArn!;
  if (!isOurs(ctx.seen.tags.get(arn), ctx.rail.stage)) {
    ctx.conflicts.push(`load balancer ${spec.name} (${arn}) exists without this rail's tags`);
    return { item: { kind, name: spec.name, action: 'blocked', note: 'exists, not made by rails' } };
  }
  onArn(arn);
  if (found.State?.Code === 'provisioning') ctx.res.waitLoadBalancers.add(arn);
  const blocked: FieldChange[] = [];
  if (found.Type !== spec.type) blocked.push({ field: 'type', from: found.Type, to: spec.type });
  if (found.Scheme !== 'internal') blocked.push({ field: 'scheme', from: found.Scheme, to: 'internal' });
  if (blocked.length) {
    return {
      item: {
        kind,
        name: spec.name,
        action: 'blocked',
        changes: blocked,
        note: 'AWS cannot change a load balancer type or scheme in place: run `rails down`, then `rails up`',
      },
    };
  }
  const changes: FieldChange[] = [];
  const subnets = (found.AvailabilityZones ?? []).map((z) => z.SubnetId!).filter(Boolean);
  if (!sortedEq(subnets, spec.subnets)) changes.push({ field: 'subnets', from: subnets, to: spec.subnets });
  const sgNow = found.SecurityGroups ?? [];
  const sgWant = securityGroups?.();
  if (spec.type === 'application' && (sgWant === undefined || !sortedEq(sgNow, [sgWant])))
    changes.push({ field: 'securityGroups', from: sgNow, to: [sgWant ?? '(new group)'] });
  const attrChanges = diffAttributes(spec.attributes, ctx.seen.lbAttributes.get(arn) ?? {});
  changes.push(...attrChanges);
  if (!changes.length) return { item: { kind, name: spec.name, action: 'unchanged' } };
  return {
    item: { kind, name: spec.name, action: 'update', changes },
    apply: async () => {
      if (changes.some((c) => c.field === 'subnets')) await setSubnets(ctx.aws, arn, spec.subnets);
      if (changes.some((c) => c.field === 'securityGroups'))
        await setSecurityGroups(ctx.aws, arn, [need(securityGroups?.(), 'the ALB security group')]);
      if (attrChanges.length) {
        const attrs = Object.fromEntries(
          attrChanges.map((c) => [c.field.replace(/^attribute /, ''), String(c.to)]),
        );
        await setLoadBalancerAttributes(ctx.aws, arn, attrs);
      }
    },
  };
}

/** One of the NLB's target groups (fixed names `<stage>-nlb-80` / `-443`). */
export function nlbTargetGroupStep(ctx: PlanContext, spec: TargetGroupSpec): Step {
  const kind = 'target-group';
  const found = ctx.seen.nlbTargetGroups.get(spec.name);
  if (!found) {
    return {
      item: {
        kind,
        name: spec.name,
        action: 'create',
        note: `${spec.protocol}:${spec.port} ${spec.targetType}`,
      },
      apply: async () => {
        const tg = await createTargetGroup(
          ctx.aws,
          targetGroupInput(spec, spec.name, railTags(ctx.rail.stage, spec.role)),
        );
        ctx.res.nlbTargetGroups.set(spec.port, tg.TargetGroupArn!);
        if (Object.keys(spec.attributes).length)
          await setTargetGroupAttributes(ctx.aws, tg.TargetGroupArn!, spec.attributes);
      },
    };
  }
  const arn = found.TargetGroupArn!;
  if (!isOurs(ctx.seen.tags.get(arn), ctx.rail.stage)) {
    ctx.conflicts.push(`target group ${spec.name} (${arn}) exists without this rail's tags`);
    return { item: { kind, name: spec.name, action: 'blocked', note: 'exists, not made by rails' } };
  }
  ctx.res.nlbTargetGroups.set(spec.port, arn);
  return targetGroupUpdateStep(ctx, spec, spec.name, found, blockedHint(spec));
}

function blockedHint(spec: TargetGroupSpec): string {
  return (
    `AWS cannot change a target group's protocol, port or target type in place. To switch the NLB hop ` +
    `(staticIps ${spec.targetType === 'alb' ? 'sync -> alb-target' : 'alb-target -> sync'}), run \`rails down\` and \`rails up\`.`
  );
}

/** Compares an existing target group with its spec (health check and attributes change in place). */
export function targetGroupUpdateStep(
  ctx: PlanContext,
  spec: Omit<TargetGroupSpec, 'name'>,
  name: string,
  found: TargetGroup,
  hint: string,
): Step {
  const kind = 'target-group';
  const arn = found.TargetGroupArn!;
  const d = diffTargetGroup(spec, found);
  if (d.blocked.length) return { item: { kind, name, action: 'blocked', changes: d.blocked, note: hint } };
  const attrChanges = diffAttributes(spec.attributes, ctx.seen.tgAttributes.get(arn) ?? {});
  const changes = [...d.update, ...attrChanges];
  if (!changes.length) return { item: { kind, name, action: 'unchanged' } };
  return {
    item: { kind, name, action: 'update', changes },
    apply: async () => {
      if (d.update.length)
        await modifyTargetGroup(ctx.aws, { TargetGroupArn: arn, ...healthCheckInput(spec) });
      if (attrChanges.length)
        await setTargetGroupAttributes(
          ctx.aws,
          arn,
          Object.fromEntries(attrChanges.map((c) => [c.field.replace(/^attribute /, ''), String(c.to)])),
        );
    },
  };
}

function healthCheckInput(spec: Omit<TargetGroupSpec, 'name'>) {
  const hc = spec.healthCheck;
  return {
    HealthCheckProtocol: hc.protocol as 'HTTP',
    HealthCheckPort: hc.port,
    ...(hc.path !== undefined ? { HealthCheckPath: hc.path } : {}),
    HealthCheckIntervalSeconds: hc.interval,
    HealthCheckTimeoutSeconds: hc.timeout,
    HealthyThresholdCount: hc.healthy,
    UnhealthyThresholdCount: hc.unhealthy,
    ...(hc.matcher !== undefined ? { Matcher: { HttpCode: hc.matcher } } : {}),
  };
}

export function targetGroupInput(
  spec: Omit<TargetGroupSpec, 'name'>,
  name: string,
  tags: Record<string, string>,
) {
  return {
    Name: name,
    Protocol: spec.protocol as 'HTTP',
    Port: spec.port,
    VpcId: spec.vpcId,
    TargetType: spec.targetType,
    HealthCheckEnabled: true,
    ...healthCheckInput(spec),
    Tags: toTagList(tags),
  };
}

function defaultActions(spec: ListenerSpec, forwardArn?: string): Action[] {
  if (spec.defaultAction.type === 'fixed-404')
    return [{ Type: 'fixed-response', FixedResponseConfig: DEFAULT_FIXED_RESPONSE }];
  return [{ Type: 'forward', TargetGroupArn: need(forwardArn, `the target group of listener ${spec.port}`) }];
}

/** A listener of a load balancer, found by port. */
export function listenerStep(
  ctx: PlanContext,
  lb: 'nlb' | 'alb',
  lbName: string,
  spec: ListenerSpec,
  lbArn: () => string | undefined,
  forwardArn: () => string | undefined,
): Step {
  const kind = 'listener';
  const name = `${lbName} ${spec.protocol}:${spec.port}`;
  const key = `${lb}:${spec.port}`;
  const arnNow = lbArn();
  const found = arnNow ? ctx.seen.listeners.get(arnNow)?.find((l) => l.Port === spec.port) : undefined;
  const certs = spec.certificate
    ? { Certificates: [{ CertificateArn: spec.certificate }], SslPolicy: spec.sslPolicy }
    : {};
  if (!found) {
    return {
      item: { kind, name, action: 'create' },
      apply: async () => {
        const l = await createListener(ctx.aws, {
          LoadBalancerArn: need(lbArn(), lbName),
          Port: spec.port,
          Protocol: spec.protocol,
          ...certs,
          DefaultActions: defaultActions(spec, forwardArn()),
          Tags: toTagList(railTags(ctx.rail.stage, spec.role)),
        });
        ctx.res.listeners.set(key, l.ListenerArn!);
      },
    };
  }
  ctx.res.listeners.set(key, found.ListenerArn!);
  const d = diffListener(spec, found, forwardArn());
  if (!d.update.length) return { item: { kind, name, action: 'unchanged' } };
  return {
    item: { kind, name, action: 'update', changes: d.update },
    apply: () =>
      modifyListener(ctx.aws, {
        ListenerArn: found.ListenerArn!,
        Port: spec.port,
        Protocol: spec.protocol,
        ...certs,
        DefaultActions: defaultActions(spec, forwardArn()),
      }),
  };
}

/** `staticIps: alb-target`: the ALB registered in the NLB's `alb` target group of a port. */
export function albTargetStep(ctx: PlanContext, port: number, tgName: string): Step {
  const kind = 'alb-target';
  const name = `${tgName} <- ALB:${port}`;
  const tgArn = ctx.res.nlbTargetGroups.get(port);
  const albArn = ctx.res.albArn;
  const registered =
    tgArn && albArn && (ctx.seen.albTargets.get(tgArn) ?? []).some((t) => t.Target?.Id === albArn);
  if (registered) return { item: { kind, name, action: 'unchanged' } };
  return {
    item: { kind, name, action: 'create' },
    apply: () =>
      registerTargets(ctx.aws, need(ctx.res.nlbTargetGroups.get(port), tgName), [
        { Id: need(ctx.res.albArn, 'the ALB'), Port: port },
      ]),
  };
}
