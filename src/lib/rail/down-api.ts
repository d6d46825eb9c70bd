/**
 * The front door's removal, first in `down` and in AWS's order (docs/aws-behaviour.md §11): the
 * domain's mapping, the domain, the stage, the API, then the VPC links (waiting until AWS no longer
 * lists them: a v1 link holds the NLB, which goes later). The v2 link's security group goes with the
 * rail's groups: the ALB's group refers to it until the ALB's goes. Only what
 * carries this rail's tags, and a mapping only when it points at our API.
 */
import { deleteBasePathMapping, deleteDomainName, deleteRestApi, deleteStage } from '../aws/apigateway.js';
import { deleteApiMapping, deleteDomainNameV2, deleteHttpApi, deleteHttpStage } from '../aws/apigatewayv2.js';
import type { AwsClients } from '../aws/clients.js';
import { isOurs } from '../common/names.js';
import type { RailConfig } from '../config/schema.js';
import { deleteLinkAndWait } from './api-links.js';
import { HTTP_API_STAGE } from './api-spec.js';
import type { Observed } from './discover.js';
import type { Phase, Step } from './steps.js';

export function apiDownPhase(aws: AwsClients, rail: RailConfig, seen: Observed, signal?: AbortSignal): Phase {
  const api = seen.api;
  const stage = rail.stage;
  const chain: Step[] = [];
  // rail.yaml's front door, or the one this stage laid before `apiGateway:` left rail.yaml.
  const front = rail.apiGateway ?? seen.leftFrontDoor;
  if (!api || !front) return { name: 'api', chains: [] };
  const domain = front.domainName;
  const domainOurs = !!domain && !!api.domain && isOurs(api.domain.tags, stage);
  const rest = api.rest && isOurs(api.rest.api.tags, stage) ? api.rest.api : undefined;
  const http = api.http && isOurs(api.http.api.Tags, stage) ? api.http.api : undefined;
  if (domain && rest)
    for (const m of api.basePathMappings.filter((m) => m.restApiId === rest.id))
      chain.push({
        item: {
          kind: 'api-base-path-mapping',
          name: `${domain}/${m.basePath === '(none)' ? '' : m.basePath}`,
          action: 'delete',
        },
        apply: () => deleteBasePathMapping(aws, domain, m.basePath ?? ''),
      });
  if (domain && http)
    for (const m of api.apiMappings.filter((m) => m.ApiId === http.ApiId))
      chain.push({
        item: { kind: 'api-mapping', name: `${domain}/${m.ApiMappingKey ?? ''}`, action: 'delete' },
        apply: () => deleteApiMapping(aws, domain, m.ApiMappingId!),
      });
  if (domain && domainOurs)
    chain.push({
      item: { kind: 'api-domain', name: domain, action: 'delete' },
      apply: () => (front.type === 'rest' ? deleteDomainName(aws, domain) : deleteDomainNameV2(aws, domain)),
    });
  if (rest) {
    for (const s of api.rest?.stages ?? [])
      chain.push({
        item: { kind: 'api-stage', name: s.stageName!, action: 'delete' },
        apply: () => deleteStage(aws, rest.id!, s.stageName!),
      });
    chain.push({
      item: {
        kind: 'rest-api',
        name: rest.name!,
        action: 'delete',
        note: 'with its resources and deployments',
      },
      apply: () => deleteRestApi(aws, rest.id!),
    });
  }
  if (http) {
    for (const s of api.http?.stages ?? [])
      chain.push({
        item: { kind: 'api-stage', name: s.StageName ?? HTTP_API_STAGE, action: 'delete' },
        apply: () => deleteHttpStage(aws, http.ApiId!, s.StageName!),
      });
    chain.push({
      item: {
        kind: 'http-api',
        name: http.Name!,
        action: 'delete',
        note: 'with its routes and integrations',
      },
      apply: () => deleteHttpApi(aws, http.ApiId!),
    });
  }
  // Duplicates an interrupted create left (same name, our tags): no stage or mapping of theirs is used.
  for (const d of api.restApis.filter((a) => a.id !== rest?.id && isOurs(a.tags, stage)))
    chain.push({
      item: { kind: 'rest-api', name: `${d.name} (${d.id})`, action: 'delete' },
      apply: () => deleteRestApi(aws, d.id!),
    });
  for (const d of api.httpApis.filter((a) => a.ApiId !== http?.ApiId && isOurs(a.Tags, stage)))
    chain.push({
      item: { kind: 'http-api', name: `${d.Name} (${d.ApiId})`, action: 'delete' },
      apply: () => deleteHttpApi(aws, d.ApiId!),
    });
  if (api.linkV1 && isOurs(api.linkV1.tags, stage)) {
    const id = api.linkV1.id!;
    chain.push({
      item: { kind: 'vpc-link-v1', name: api.linkV1.name!, action: 'delete', note: 'waits until gone' },
      apply: () => deleteLinkAndWait(aws, 'v1', id, signal),
    });
  }
  if (api.linkV2 && isOurs(api.linkV2.Tags, stage)) {
    const id = api.linkV2.VpcLinkId!;
    chain.push({
      item: { kind: 'vpc-link-v2', name: api.linkV2.Name!, action: 'delete', note: 'waits until gone' },
      apply: () => deleteLinkAndWait(aws, 'v2', id, signal),
    });
  }
  return { name: 'api', chains: chain.length ? [chain] : [] };
}
