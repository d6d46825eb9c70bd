/**
 * Security groups of the rail: found by exact name in the VPC, created with our tags, and their rules
 * made exactly what the rail needs (extra rules revoked). CreateSecurityGroup is not idempotent, so a
 * create that lost its reply is found again by name rather than made twice.
 */
import type { SecurityGroup } from '@aws-sdk/client-ec2';
import {
  authorizeEgress,
  authorizeIngress,
  createSecurityGroup,
  findSecurityGroupsByName,
  revokeEgress,
  revokeIngress,
} from '../aws/ec2-changes.js';
import { errorCode } from '../aws/errors.js';
import { fromTagList } from '../aws/tags.js';
import { isOurs } from '../common/names.js';
import type { FieldChange } from '../common/plan.js';
import { FailedError } from '../errors.js';
import { diffPermissions, permissionKeys, toIpPermission } from './permissions.js';
import { ALL_EGRESS } from './spec.js';
import type { PlanContext, Step } from './steps.js';

export interface SecurityGroupWanted {
  name: string;
  description: string;
  tags: Record<string, string>;
  /** Ingress keys; a function because a source group may only be known while applying. */
  ingress: () => string[] | undefined;
  /** What the plan shows for ingress before the source group exists. */
  ingressLabel: string;
  onId: (id: string) => void;
}

function describeKeys(keys: string[]): string {
  return keys.length ? keys.join(', ') : 'none';
}

async function ensureRules(
  ctx: PlanContext,
  groupId: string,
  want: string[],
  group?: SecurityGroup,
): Promise<void> {
  const ingress = diffPermissions(want, permissionKeys(group?.IpPermissions));
  const egress = diffPermissions(ALL_EGRESS, group ? permissionKeys(group.IpPermissionsEgress) : ALL_EGRESS);
  const tolerant = async (fn: () => Promise<void>, ok: string) => {
    try {
      await fn();
    } catch (err) {
      // A retried call whose first attempt landed: the rule is there, which is what we want.
      if (errorCode(err) !== ok) throw err;
    }
  };
  for (const k of ingress.add)
    await tolerant(
      () => authorizeIngress(ctx.aws, groupId, [toIpPermission(k, 'rails')]),
      'InvalidPermission.Duplicate',
    );
  if (ingress.remove.length)
    await tolerant(
      () =>
        revokeIngress(
          ctx.aws,
          groupId,
          ingress.remove.map((k) => toIpPermission(k)),
        ),
      'InvalidPermission.NotFound',
    );
  for (const k of egress.add)
    await tolerant(
      () => authorizeEgress(ctx.aws, groupId, [toIpPermission(k)]),
      'InvalidPermission.Duplicate',
    );
  if (egress.remove.length)
    await tolerant(
      () =>
        revokeEgress(
          ctx.aws,
          groupId,
          egress.remove.map((k) => toIpPermission(k)),
        ),
      'InvalidPermission.NotFound',
    );
}

export function securityGroupStep(ctx: PlanContext, want: SecurityGroupWanted): Step {
  const { rail, seen } = ctx;
  const found = seen.securityGroups.get(want.name.toLowerCase());
  const kind = 'security-group';
  if (found) {
    if (!isOurs(fromTagList(found.Tags), rail.stage)) {
      ctx.conflicts.push(
        `security group ${want.name} (${found.GroupId}) in ${rail.vpc} exists without this rail's tags`,
      );
      return { item: { kind, name: want.name, action: 'blocked', note: 'exists, not made by rails' } };
    }
    want.onId(found.GroupId!);
    const wantIngress = want.ingress();
    const changes: FieldChange[] = [];
    const haveIngress = permissionKeys(found.IpPermissions);
    if (wantIngress === undefined) {
      changes.push({ field: 'ingress', from: describeKeys(haveIngress), to: want.ingressLabel });
    } else {
      const d = diffPermissions(wantIngress, haveIngress);
      if (d.add.length || d.remove.length)
        changes.push({ field: 'ingress', from: describeKeys(haveIngress), to: describeKeys(wantIngress) });
    }
    const haveEgress = permissionKeys(found.IpPermissionsEgress);
    const e = diffPermissions(ALL_EGRESS, haveEgress);
    if (e.add.length || e.remove.length)
      changes.push({ field: 'egress', from: describeKeys(haveEgress), to: describeKeys(ALL_EGRESS) });
    if (!changes.length) return { item: { kind, name: want.name, action: 'unchanged' } };
    return {
      item: { kind, name: want.name, action: 'update', changes },
      apply: () => ensureRules(ctx, found.GroupId!, need(want.ingress(), want.name), found),
    };
  }
  return {
    item: {
      kind,
      name: want.name,
      action: 'create',
      note: `ingress ${want.ingress() ? describeKeys(want.ingress()!) : want.ingressLabel}`,
    },
    apply: async () => {
      let id: string;
      try {
        id = await createSecurityGroup(ctx.aws, {
          vpcId: rail.vpc,
          name: want.name,
          description: want.description,
          tags: want.tags,
        });
      } catch (err) {
        if (errorCode(err) !== 'InvalidGroup.Duplicate') throw err;
        // Made by an attempt whose reply was lost (or by someone else): look before going on.
        const again = (await findSecurityGroupsByName(ctx.aws, rail.vpc, [want.name])).get(
          want.name.toLowerCase(),
        );
        if (!again || !isOurs(fromTagList(again.Tags), rail.stage))
          throw new FailedError(
            `security group ${want.name} appeared in ${rail.vpc} without this rail's tags; rails leaves it alone.`,
          );
        want.onId(again.GroupId!);
        await ensureRules(ctx, again.GroupId!, need(want.ingress(), want.name), again);
        return;
      }
      want.onId(id);
      // A new VPC group allows all egress already (AWS's default), so only ingress is added.
      await ensureRules(ctx, id, need(want.ingress(), want.name), {
        IpPermissions: [],
        IpPermissionsEgress: ALL_EGRESS.map((k) => toIpPermission(k)),
      });
    },
  };
}

function need<T>(v: T | undefined, name: string): T {
  if (v === undefined) throw new Error(`internal: the ingress source of ${name} is not known yet`);
  return v;
}
