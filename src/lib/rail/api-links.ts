/**
 * The VPC link of the front door (docs/aws-behaviour.md §11): v1 to the NLB, or v2 into the rail's
 * subnets with a security group of its own. A new link is PENDING for minutes; what sends traffic
 * through it waits for AVAILABLE, and a FAILED link stops with AWS's statusMessage.
 */
import { createVpcLink, deleteVpcLink, listVpcLinks } from '../aws/apigateway.js';
import { createVpcLinkV2, deleteVpcLinkV2, listVpcLinksV2 } from '../aws/apigatewayv2.js';
import type { AwsClients } from '../aws/clients.js';
import { isOurs, railTags } from '../common/names.js';
import { FailedError } from '../errors.js';
import { sleep } from '../sleep.js';
import { API_ROLES, apiNames } from './api-spec.js';
import { securityGroupStep } from './plan-security-groups.js';
import { need, type PlanContext, type Step } from './steps.js';
import { WAIT_TIMEOUT_MS } from './waits.js';

export interface LinkState {
  id: string;
  name: string;
  status?: string;
  statusMessage?: string;
}

/** The link's state now, or undefined when AWS no longer lists it. */
export async function readLink(
  aws: AwsClients,
  version: 'v1' | 'v2',
  id: string,
): Promise<LinkState | undefined> {
  if (version === 'v1') {
    const l = (await listVpcLinks(aws)).find((x) => x.id === id);
    return l ? { id, name: l.name!, status: l.status, statusMessage: l.statusMessage } : undefined;
  }
  const l = (await listVpcLinksV2(aws)).find((x) => x.VpcLinkId === id);
  return l
    ? { id, name: l.Name!, status: l.VpcLinkStatus, statusMessage: l.VpcLinkStatusMessage }
    : undefined;
}

/** Polls until the link is AVAILABLE; FAILED (or gone) stops with what AWS says. */
export async function waitLinkAvailable(
  aws: AwsClients,
  version: 'v1' | 'v2',
  id: string,
  progress: (line: string) => void = () => {},
  signal?: AbortSignal,
): Promise<void> {
  const started = Date.now();
  for (let delay = 100; ; delay = Math.min(Math.round(delay * 1.5), 5000)) {
    const link = await readLink(aws, version, id);
    if (!link) throw new FailedError(`VPC link ${id} is gone while waiting for it to be AVAILABLE.`);
    if (link.status === 'AVAILABLE') return;
    if (link.status === 'FAILED' || link.status === 'DELETING')
      throw new FailedError(
        `VPC link ${link.name} (${id}) is ${link.status}: ${link.statusMessage || 'AWS gave no message'}`,
        { hint: '`rails down` removes it (or delete the VPC link); fix the cause and run `rails up` again.' },
      );
    progress(`waiting for VPC link ${link.name} (${link.status ?? 'PENDING'}) to be AVAILABLE`);
    if (Date.now() - started > WAIT_TIMEOUT_MS)
      throw new FailedError(
        `VPC link ${link.name}: still ${link.status} after ${WAIT_TIMEOUT_MS / 1000} s.`,
        {
          hint: 'run `rails up` again to keep waiting.',
        },
      );
    await sleep(delay, signal);
  }
}

/** Deletes a link and waits until AWS no longer lists it (a v1 link holds its NLB until then). */
export async function deleteLinkAndWait(
  aws: AwsClients,
  version: 'v1' | 'v2',
  id: string,
  signal?: AbortSignal,
): Promise<void> {
  if (version === 'v1') await deleteVpcLink(aws, id);
  else await deleteVpcLinkV2(aws, id);
  const started = Date.now();
  for (let delay = 100; ; delay = Math.min(Math.round(delay * 1.5), 5000)) {
    if (!(await readLink(aws, version, id))) return;
    if (Date.now() - started > WAIT_TIMEOUT_MS)
      throw new FailedError(`VPC link ${id}: still listed ${WAIT_TIMEOUT_MS / 1000} s after its deletion.`, {
        hint: 'run the command again to keep waiting.',
      });
    await sleep(delay, signal);
  }
}

/** The v2 link's own group: no ingress (API Gateway sends from it); the ALB's group admits it on 443. */
export function linkSecurityGroupStep(ctx: PlanContext): Step {
  const stage = ctx.rail.stage;
  return securityGroupStep(ctx, {
    name: apiNames.linkSecurityGroup(stage),
    description: `rails ${stage}: the API Gateway VPC link v2, admitted by the ALB on 443`,
    tags: railTags(stage, API_ROLES.linkSecurityGroup),
    ingress: () => [],
    ingressLabel: 'none',
    onId: (id) => {
      ctx.res.api.linkSecurityGroupId = id;
    },
  });
}

/** The link rail.yaml asks for: found (ours, targeting this rail) or created. */
export function linkStep(ctx: PlanContext, version: 'v1' | 'v2'): Step {
  const { rail, seen, res } = ctx;
  const stage = rail.stage;
  const kind = `vpc-link-${version}`;
  const name = version === 'v1' ? apiNames.linkV1(stage) : apiNames.linkV2(stage);
  const tags = railTags(stage, version === 'v1' ? API_ROLES.linkV1 : API_ROLES.linkV2);
  const found =
    version === 'v1'
      ? seen.api?.linkV1 && {
          id: seen.api.linkV1.id!,
          tags: seen.api.linkV1.tags,
          status: seen.api.linkV1.status,
          statusMessage: seen.api.linkV1.statusMessage,
          targets: seen.api.linkV1.targetArns ?? [],
        }
      : seen.api?.linkV2 && {
          id: seen.api.linkV2.VpcLinkId!,
          tags: seen.api.linkV2.Tags,
          status: seen.api.linkV2.VpcLinkStatus,
          statusMessage: seen.api.linkV2.VpcLinkStatusMessage,
          targets: seen.api.linkV2.SubnetIds ?? [],
        };
  if (found) {
    if (!isOurs(found.tags, stage)) {
      ctx.conflicts.push(`VPC link ${version} ${name} (${found.id}) exists without this rail's tags`);
      return { item: { kind, name, action: 'blocked', note: 'exists, not made by rails' } };
    }
    res.api.linkId = found.id;
    res.api.linkStatus = found.status;
    const wrong =
      version === 'v1'
        ? res.nlbArn && !found.targets.includes(res.nlbArn)
          ? `targets ${found.targets.join(', ')}, not this rail's NLB`
          : undefined
        : [...found.targets].sort().join(',') !== [...rail.subnets].sort().join(',')
          ? `is in ${found.targets.join(', ')}, not the rail's subnets (a v2 link cannot change them)`
          : undefined;
    if (found.status === 'FAILED' || wrong)
      return {
        item: {
          kind,
          name,
          action: 'blocked',
          note: `${wrong ?? `FAILED: ${found.statusMessage || 'AWS gave no message'}`}; \`rails down\` removes it, then run \`rails up\``,
        },
        apply: async () => {
          throw new FailedError(
            `VPC link ${name} (${found.id}) ${wrong ?? `is FAILED: ${found.statusMessage}`}`,
            {
              hint: '`rails down` removes it (or delete the VPC link); then run `rails up` again.',
            },
          );
        },
      };
    return {
      item: {
        kind,
        name,
        action: 'unchanged',
        ...(found.status !== 'AVAILABLE' ? { note: `${found.status}` } : {}),
      },
    };
  }
  return {
    item: {
      kind,
      name,
      action: 'create',
      note:
        version === 'v1'
          ? 'to the NLB; PENDING for minutes before AVAILABLE'
          : "in the rail's subnets; PENDING for minutes before AVAILABLE",
    },
    apply: async () => {
      const made =
        version === 'v1'
          ? { id: (await createVpcLink(ctx.aws, name, need(res.nlbArn, 'the NLB'), tags)).id! }
          : {
              id: (
                await createVpcLinkV2(
                  ctx.aws,
                  name,
                  [...rail.subnets],
                  [need(res.api.linkSecurityGroupId, 'the VPC link security group')],
                  tags,
                )
              ).VpcLinkId!,
            };
      res.api.linkId = made.id;
      res.api.linkStatus = 'PENDING';
    },
  };
}
