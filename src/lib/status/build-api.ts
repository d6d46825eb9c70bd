/**
 * The API Gateway hop: the API and its stage, what the stage serves against the API as it is now
 * (undeployed changes), the VPC link's state and what it reaches, every service path's route and
 * integration, and the custom domain with its mapping and certificate (docs/aws-behaviour.md §11).
 * Pure: the snapshot in, the hop out.
 */
import type { Resource } from '@aws-sdk/client-api-gateway';
import type { ApiSnapshot, RailSnapshot } from '../observe/snapshot.js';
import { deployedHash, deploymentHash, type RestIntegrationSpec } from '../rail/api-spec.js';
import { certificateReason } from './certificate-verdict.js';
import type { ApiDomainStatus, ApiIntegrationStatus, ApiLinkStatus, ApiStatus, Reason } from './model.js';
import { judge } from './verdict.js';

const DAY_MS = 86_400_000;

const iso = (d: Date | undefined) => (d ? new Date(d).toISOString() : undefined);

/** `ANY /path` of every method a REST resource has (live), or a deployment's summary holds. */
function liveMethods(resources: Resource[]): Set<string> {
  return new Set(resources.flatMap((r) => Object.keys(r.resourceMethods ?? {}).map((m) => `${m} ${r.path}`)));
}

function summaryMethods(summary: Record<string, Record<string, unknown>> | undefined): Set<string> {
  return new Set(
    Object.entries(summary ?? {}).flatMap(([path, ms]) => Object.keys(ms).map((m) => `${m} ${path}`)),
  );
}

/**
 * The hash rails writes in a deployment's description, computed from the live ANY integrations: the
 * same as the deployed one when nothing changed since (src/lib/rail/api-spec.ts, `deploymentHash`).
 */
export function liveDeploymentHash(resources: Resource[]): string {
  return deploymentHash(
    resources.flatMap((r) => {
      const i = r.resourceMethods?.ANY?.methodIntegration;
      if (!i) return [];
      const integration = {
        type: i.type,
        httpMethod: i.httpMethod,
        uri: i.uri,
        connectionType: i.connectionType,
        connectionId: i.connectionId,
        ...(i.integrationTarget ? { integrationTarget: i.integrationTarget } : {}),
        requestParameters: i.requestParameters ?? {},
      } as RestIntegrationSpec;
      return [{ resourcePath: r.path!, integration }];
    }),
  );
}

interface Ctx {
  snap: RailSnapshot;
  api: ApiSnapshot;
  reasons: Reason[];
  out: ApiStatus;
}

function notFound(snap: RailSnapshot, name: string): ApiStatus {
  const sel = snap.selector.api!;
  const listFailed = snap.readErrors.some((e) => /API Gateway (REST|HTTP) APIs/.test(e.what));
  const reasons: Reason[] = [
    {
      level: 'broken',
      code: 'Api.NotFound',
      message: listFailed
        ? `the APIs could not be listed: ${name} is not known to be there`
        : `no ${sel.type === 'http' ? 'HTTP' : sel.type === 'rest' ? 'REST' : 'REST or HTTP'} API ${sel.from === 'flag' ? 'with the id or name' : 'named'} ${name}`,
      hint:
        sel.from === 'config'
          ? 'run `rails up` (or `rails create-api`) to lay the front door of rail.yaml'
          : 'check the id or name given to --api, and the region',
    },
  ];
  return {
    name,
    type: 'unknown',
    state: 'not-found',
    from: sel.from,
    stageFound: false,
    integrations: [],
    ...judge(reasons),
  };
}

/** The REST stage: found, its deployment, and whether the API changed since (undeployed changes). */
function restStage(ctx: Ctx): void {
  const { api, out, reasons } = ctx;
  const rest = api.rest!;
  const stage = rest.stages.find((s) => s.stageName === api.stageName);
  if (!stage) return;
  out.stageFound = true;
  out.deploymentId = stage.deploymentId;
  const d = rest.deployment;
  if (!d) {
    reasons.push({
      level: 'broken',
      code: 'Api.StageMissing',
      message: `stage ${stage.stageName} points at deployment ${stage.deploymentId}, which could not be read`,
      hint: 'deploy the API to the stage again (`rails up`, or CreateDeployment with stageName)',
    });
    return;
  }
  if (d.createdDate) out.deployedAt = iso(d.createdDate);
  const live = liveMethods(rest.resources);
  const deployed = summaryMethods(d.apiSummary as Record<string, Record<string, unknown>> | undefined);
  const diff = [
    ...[...live].filter((m) => !deployed.has(m)).map((m) => `+ ${m}`),
    ...[...deployed].filter((m) => !live.has(m)).map((m) => `- ${m}`),
  ];
  const hash = deployedHash(d.description);
  if (hash !== undefined && liveDeploymentHash(rest.resources) !== hash) diff.push('integrations changed');
  out.undeployedBasis = hash !== undefined ? 'deployment-hash' : 'api-summary';
  out.undeployedChanges = diff.length > 0;
  if (diff.length) out.undeployed = diff;
  if (diff.length)
    reasons.push({
      level: 'degraded',
      code: 'Api.UndeployedChanges',
      message: `stage ${stage.stageName} serves deployment ${d.id}${out.deployedAt ? ` of ${out.deployedAt}` : ''}, not the API as it is now: ${diff.join(', ')}`,
      hint: 'the changes are not live until the API is deployed again: `rails up` (it deploys when resources or integrations changed), or CreateDeployment to the stage',
    });
  else if (hash === undefined)
    reasons.push({
      level: 'warning',
      code: 'Api.UndeployedUnknown',
      message: `stage ${stage.stageName} serves the API's paths and methods; whether an integration changed since deployment ${d.id} cannot be told (AWS keeps no change time, and the deployment is not rails's)`,
    });
}

function httpStage(ctx: Ctx): void {
  const { api, out, reasons } = ctx;
  const stage = api.http!.stages.find((s) => s.StageName === api.stageName);
  if (!stage) return;
  out.stageFound = true;
  out.autoDeploy = stage.AutoDeploy ?? false;
  if (stage.DeploymentId) out.deploymentId = stage.DeploymentId;
  if (stage.AutoDeploy) out.undeployedChanges = false;
  else if (!stage.DeploymentId)
    reasons.push({
      level: 'broken',
      code: 'Api.UndeployedChanges',
      message: `stage ${stage.StageName} has no deployment and does not deploy itself (autoDeploy off): it serves nothing`,
      hint: 'turn on autoDeploy for the stage, or create a deployment to it',
    });
}

/** The REST paths: each expected one with its ANY method and integration, else every method the API has. */
function restIntegrations(ctx: Ctx): ApiIntegrationStatus[] {
  const resources = ctx.api.rest!.resources;
  const byPath = new Map(resources.map((r) => [r.path!, r]));
  const routes = ctx.snap.selector.api!.routes;
  const entries: { path: string; method: string; service?: string }[] = routes
    ? routes.map((r) => ({ path: r.resourcePath, method: 'ANY', service: r.service }))
    : resources.flatMap((r) =>
        Object.keys(r.resourceMethods ?? {}).map((m) => ({ path: r.path!, method: m })),
      );
  return entries.map(({ path, method, service }) => {
    const i = byPath.get(path)?.resourceMethods?.[method]?.methodIntegration;
    return {
      path,
      method,
      ...(service ? { service } : {}),
      found: Boolean(i),
      ...(i
        ? {
            type: i.type,
            connectionType: i.connectionType,
            connectionId: i.connectionId,
            uri: i.uri,
            ...(i.integrationTarget ? { integrationTarget: i.integrationTarget } : {}),
          }
        : {}),
    };
  });
}

function httpIntegrations(ctx: Ctx): ApiIntegrationStatus[] {
  const { routes, integrations } = ctx.api.http!;
  const expected = ctx.snap.selector.api!.routes;
  const keys = expected
    ? expected.map((r) => ({ key: r.routeKey, service: r.service as string | undefined }))
    : routes.map((r) => ({ key: r.RouteKey!, service: undefined }));
  return keys.map(({ key, service }) => {
    const route = routes.find((r) => r.RouteKey === key);
    const id = route?.Target?.startsWith('integrations/')
      ? route.Target.slice('integrations/'.length)
      : undefined;
    const i = integrations.find((x) => x.IntegrationId === id);
    return {
      path: key,
      ...(service ? { service } : {}),
      found: Boolean(i),
      ...(i
        ? {
            type: i.IntegrationType,
            connectionType: i.ConnectionType,
            connectionId: i.ConnectionId,
            uri: i.IntegrationUri,
          }
        : {}),
    };
  });
}

function missingIntegrations(ctx: Ctx): void {
  const missing = ctx.out.integrations.filter((i) => !i.found);
  if (!missing.length) return;
  const rest = ctx.out.type === 'rest';
  ctx.reasons.push({
    level: 'broken',
    code: 'Api.MissingIntegration',
    message: `${missing.map((m) => `${m.path}${m.service ? ` (${m.service})` : ''}`).join(', ')}: no ${rest ? 'resource with method ANY and its integration' : 'route with its integration'}: requests there get ${rest ? '403 Missing Authentication Token' : '404 Not Found'}`,
    hint: 'run `rails up` to lay the paths of rail.yaml on the API',
  });
}

/** The link: rail.yaml's by name, else the one the integrations go through. */
function findLink(ctx: Ctx): ApiLinkStatus | undefined {
  const { api, snap } = ctx;
  const want = snap.selector.api!.link;
  const used = ctx.out.integrations.find(
    (i) => i.connectionType === 'VPC_LINK' && i.connectionId,
  )?.connectionId;
  const v1 = want
    ? want.version === 'v1'
      ? api.linksV1.find((l) => l.name === want.name)
      : undefined
    : api.linksV1.find((l) => l.id === used);
  const v2 = want
    ? want.version === 'v2'
      ? api.linksV2.find((l) => l.Name === want.name)
      : undefined
    : api.linksV2.find((l) => l.VpcLinkId === used);
  if (v1)
    return {
      version: 'v1',
      id: v1.id!,
      ...(v1.name ? { name: v1.name } : {}),
      status: v1.status ?? 'unknown',
      ...(v1.statusMessage ? { statusMessage: v1.statusMessage } : {}),
      targets: v1.targetArns ?? [],
    };
  if (v2)
    return {
      version: 'v2',
      id: v2.VpcLinkId!,
      ...(v2.Name ? { name: v2.Name } : {}),
      status: v2.VpcLinkStatus ?? 'unknown',
      ...(v2.VpcLinkStatusMessage ? { statusMessage: v2.VpcLinkStatusMessage } : {}),
      targets: [
        ...new Set(
          ctx.out.integrations
            .filter((i) => i.connectionId === v2.VpcLinkId)
            .map((i) => i.integrationTarget ?? i.uri ?? '')
            .filter(Boolean),
        ),
      ],
    };
  return undefined;
}

/** The load balancer name of an ELB ARN (load balancer or listener): `net/<name>/<id>` → name. */
function lbName(arn: string): string {
  const m = /:(?:loadbalancer|listener)\/(?:net|app)\/([^/]+)\//.exec(arn);
  return m ? m[1]! : arn;
}

function linkReasons(ctx: Ctx): void {
  const { snap, out, reasons } = ctx;
  const want = snap.selector.api!.link;
  const link = out.link;
  const usesLink = out.integrations.some((i) => i.connectionType === 'VPC_LINK');
  if (!link) {
    if (want || usesLink)
      reasons.push({
        level: 'broken',
        code: 'Api.LinkMissing',
        message: want
          ? `no VPC link ${want.version} named ${want.name}`
          : `the VPC link ${out.integrations.find((i) => i.connectionId)?.connectionId} the integrations use does not exist`,
        hint: 'run `rails up` to make the link and point the integrations at it',
      });
    return;
  }
  const label = `VPC link ${link.version} ${link.name ?? link.id}`;
  const said = link.statusMessage ? `: ${link.statusMessage}` : '';
  if (link.status === 'PENDING')
    reasons.push({
      level: 'broken',
      code: 'Api.LinkPending',
      message: `${label} is PENDING${said}; requests through it fail until it is AVAILABLE`,
      hint: 'a new link takes a few minutes; `rails up` waits for it (unless --no-wait)',
    });
  else if (link.status === 'FAILED')
    reasons.push({
      level: 'broken',
      code: 'Api.LinkFailed',
      message: `${label} FAILED${said}`,
      hint:
        link.version === 'v1'
          ? 'a v1 link needs one existing NLB ARN as its target: delete the link and make it again with the NLB (`rails up`)'
          : 'check the subnets and security groups of the link; delete it and run `rails up` again',
    });
  else if (link.status === 'DELETING')
    reasons.push({
      level: 'broken',
      code: 'Api.LinkFailed',
      message: `${label} is being deleted; requests through it fail`,
      hint: 'run `rails up` once it is gone to make the link again',
    });
  else if (link.status === 'INACTIVE')
    reasons.push({
      level: 'degraded',
      code: 'Api.LinkInactive',
      message: `${label} is INACTIVE${said}: no traffic for 60 days; the first requests fail while it is provisioned again`,
      hint: 'send a request through the API to wake it (it is PENDING for a few minutes), or keep a periodic health check going through it',
    });
  // What the link and the integrations reach: this rail's load balancer.
  const nlbArn = snap.nlb?.LoadBalancerArn;
  const albArn = snap.alb?.LoadBalancerArn;
  const target = want?.target;
  const lbArns = (target === 'nlb' ? [nlbArn] : target === 'alb' ? [albArn] : [nlbArn, albArn]).filter(
    (a): a is string => Boolean(a),
  );
  const listenerArns = [
    ...(target !== 'alb' ? snap.nlbListeners : []),
    ...(target !== 'nlb' ? snap.albListeners : []),
  ].map((l) => l.ListenerArn!);
  const wrong: string[] = [];
  if (link.version === 'v1') {
    const ok = nlbArn && link.targets.includes(nlbArn);
    if (!ok)
      wrong.push(
        `${label} targets ${link.targets.map(lbName).join(', ') || 'nothing'}, not this rail's NLB ${snap.selector.nlbName}`,
      );
  } else if (out.type === 'rest') {
    for (const i of out.integrations.filter((x) => x.found && x.connectionId === link.id))
      if (!i.integrationTarget || !lbArns.includes(i.integrationTarget))
        wrong.push(
          `${i.path}: integrationTarget ${i.integrationTarget ? lbName(i.integrationTarget) : 'none'}`,
        );
  } else {
    for (const i of out.integrations.filter((x) => x.found && x.connectionId === link.id))
      if (!i.uri || !listenerArns.includes(i.uri))
        wrong.push(
          `${i.path}: integration uri ${i.uri ? lbName(i.uri) : 'none'} is not a listener of this rail`,
        );
  }
  const lbWord =
    target === 'nlb'
      ? `NLB ${snap.selector.nlbName}`
      : target === 'alb'
        ? `ALB ${snap.selector.albName}`
        : 'load balancers';
  if (wrong.length)
    reasons.push({
      level: 'broken',
      code: 'Api.LinkWrongTarget',
      message: `${wrong.join('; ')}: requests do not reach this rail's ${link.version === 'v1' ? `NLB ${snap.selector.nlbName}` : lbWord}`,
      hint: "run `rails up` to point the link and integrations at the rail's load balancer",
    });
  const elsewhere = out.integrations.filter(
    (i) => i.found && i.connectionType === 'VPC_LINK' && i.connectionId && i.connectionId !== link.id,
  );
  if (elsewhere.length)
    reasons.push({
      level: 'broken',
      code: 'Api.WrongLink',
      message: `${elsewhere.map((i) => `${i.path} goes through link ${i.connectionId}`).join(', ')}, not ${label}`,
      hint: "run `rails up` to point every integration at the rail's link",
    });
}

function domainStatus(ctx: Ctx): ApiDomainStatus | undefined {
  const { snap, api, out, reasons } = ctx;
  const name = snap.selector.api!.domainName;
  if (!name || api.domain === undefined) return undefined;
  const mappings = api.mappings.map((m) => ({
    basePath: m.ApiMappingKey ?? '',
    apiId: m.ApiId ?? '',
    stage: m.Stage ?? '',
  }));
  if (api.domain === null) {
    reasons.push({
      level: 'broken',
      code: 'Api.DomainMissing',
      message: `custom domain ${name} does not exist: requests to https://${name} do not reach the API`,
      hint: "run `rails up` to make the domain (on the rail's certificate) and map it to the stage",
    });
    return { name, found: false, mappings };
  }
  const mapping = mappings.find((m) => m.apiId === out.id && m.stage === out.stage);
  if (!mapping)
    reasons.push({
      level: 'broken',
      code: 'Api.MappingMissing',
      message: `custom domain ${name} maps ${mappings.length ? mappings.map((m) => `/${m.basePath} → ${m.apiId}/${m.stage}`).join(', ') : 'nothing'}, not ${out.id}/${out.stage ?? '?'}`,
      hint: "run `rails up` to map the domain to the API's stage",
    });
  const arn = api.domain.DomainNameConfigurations?.[0]?.CertificateArn;
  const cert = api.certificate;
  const r = arn ? certificateReason(`custom domain ${name}`, arn, cert, snap.readAt) : undefined;
  if (r) reasons.push(r);
  const notAfter = cert?.NotAfter ? new Date(cert.NotAfter).getTime() : undefined;
  return {
    name,
    found: true,
    ...(mapping ? { mapping } : {}),
    mappings,
    ...(arn
      ? {
          certificate: {
            arn,
            ...(cert?.Status ? { status: cert.Status } : {}),
            ...(notAfter !== undefined
              ? {
                  notAfter: new Date(notAfter).toISOString(),
                  daysLeft: Math.floor((notAfter - snap.readAt) / DAY_MS),
                }
              : {}),
          },
        }
      : {}),
  };
}

/** The API hop, or undefined when the rail has no API Gateway and none was named. */
export function buildApi(snap: RailSnapshot): ApiStatus | undefined {
  const sel = snap.selector.api;
  const api = snap.api;
  if (!sel || !api) return undefined;
  const rest = api.rest?.api;
  const http = api.http?.api;
  if (!rest && !http) return notFound(snap, sel.ref);
  const reasons: Reason[] = [];
  const out: ApiStatus = {
    id: rest?.id ?? http?.ApiId,
    name: rest?.name ?? http?.Name ?? sel.ref,
    type: rest ? 'rest' : 'http',
    state: 'found',
    from: sel.from,
    ...(api.stageName ? { stage: api.stageName } : {}),
    stageFound: false,
    integrations: [],
    verdict: 'ok',
    reasons: [],
  };
  const ctx: Ctx = { snap, api, reasons, out };
  const several = rest ? api.restApis.map((a) => a.id) : api.httpApis.map((a) => a.ApiId);
  if (several.length > 1)
    reasons.push({
      level: 'warning',
      code: 'Api.SeveralNamed',
      message: `${several.length} APIs are named ${out.name} (${several.join(', ')}); this is the oldest`,
      hint: 'name one by id with --api <id>',
    });
  if (rest) restStage(ctx);
  else httpStage(ctx);
  if (!out.stageFound)
    reasons.push({
      level: 'broken',
      code: 'Api.StageMissing',
      message: out.stage
        ? `the API has no stage ${out.stage}: nothing serves it`
        : `the API has ${(rest ? api.rest!.stages.length : api.http!.stages.length) || 'no'} stages and none is the one to judge`,
      hint:
        sel.from === 'config'
          ? 'run `rails up` to deploy the API to its stage'
          : 'give rail.yaml apiGateway.stageName to name the stage',
    });
  out.integrations = rest ? restIntegrations(ctx) : httpIntegrations(ctx);
  missingIntegrations(ctx);
  const link = findLink(ctx);
  if (link) out.link = link;
  linkReasons(ctx);
  const domain = domainStatus(ctx);
  if (domain) out.domain = domain;
  return Object.assign(out, judge(reasons));
}
