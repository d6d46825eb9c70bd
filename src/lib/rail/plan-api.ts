/**
 * The front door's steps (docs/aws-behaviour.md §11): the API (REST or HTTP), what each service path
 * becomes in it, the stage (a REST deployment only when the resources or integrations changed), the
 * custom domain and its mapping. Each compares what discovery read with api-spec.ts; a second `up`
 * makes no mutating call. Integrations that move traffic onto a link wait for it to be AVAILABLE.
 */
import {
  createBasePathMapping,
  createDeployment,
  createDomainName,
  createResource,
  createRestApi,
  createStage,
  deleteBasePathMapping,
  deleteResource,
  deleteRestApi,
  getResources,
  putIntegration,
  putMethod,
  setStageDeployment,
} from '../aws/apigateway.js';
import {
  createApiMapping,
  createAutoDeployStage,
  createDomainNameV2,
  createHttpApi,
  createIntegration,
  createRoute,
  deleteApiMapping,
  deleteHttpApi,
  deleteIntegration,
  deleteRoute,
  updateIntegration,
  updateRouteTarget,
} from '../aws/apigatewayv2.js';
import { isOurs, railTags } from '../common/names.js';
import type { FieldChange } from '../common/plan.js';
import type { ApiGatewayConfig } from '../config/schema.js';
import { waitLinkAvailable } from './api-links.js';
import {
  API_ROLES,
  type ApiRoute,
  apiNames,
  apiRoutes,
  deployedHash,
  deploymentDescription,
  deploymentHash,
  HTTP_API_STAGE,
  httpIntegrationChanges,
  httpIntegrationSpec,
  httpRouteKey,
  linkTarget,
  methodParameters,
  PROXY_PARAM,
  resourcePaths,
  restIntegrationChanges,
  restIntegrationSpec,
} from './api-spec.js';
import { need, type Phase, type PlanContext, type Step } from './steps.js';

const UNKNOWN_LINK = '(the new VPC link)';
const UNKNOWN_LB = '(the new load balancer)';

function api(ctx: PlanContext): ApiGatewayConfig {
  return need(ctx.rail.apiGateway, 'apiGateway');
}

/**
 * Before traffic goes through the link: waits for AVAILABLE once per run. A fresh rail under
 * --no-wait does not wait; moving traffic that flows today onto a link always does.
 */
function linkReady(ctx: PlanContext, moving: boolean): Promise<void> {
  const { res } = ctx;
  if (res.api.linkStatus === 'AVAILABLE' || (!moving && ctx.wait === false)) return Promise.resolve();
  res.api.linkReady ??= waitLinkAvailable(
    ctx.aws,
    linkTarget(api(ctx)).version,
    need(res.api.linkId, 'the VPC link'),
  ).then(() => {
    res.api.linkStatus = 'AVAILABLE';
  });
  return res.api.linkReady;
}

/** The ARN a v2 REST integration names as its integrationTarget (§11); none for v1. */
function integrationTarget(ctx: PlanContext): string | undefined {
  const t = linkTarget(api(ctx));
  if (t.version === 'v1') return undefined;
  return (t.target === 'alb' ? ctx.res.albArn : ctx.res.nlbArn) ?? UNKNOWN_LB;
}

/** The :443 listener an HTTP API integration names (the ALB's HTTPS, or the NLB's TLS/TCP). */
function listenerArn(ctx: PlanContext): string {
  const hop = api(ctx).target;
  return ctx.res.listeners.get(`${hop}:443`) ?? `(the ${hop.toUpperCase()}'s :443 listener)`;
}

// ---------------------------------------------------------------------------------------------
// REST API

function restApiStep(ctx: PlanContext): Step {
  const { rail, seen, res } = ctx;
  const name = apiNames.api(rail);
  const kind = 'rest-api';
  const found = seen.api?.restApis ?? [];
  const one = seen.api?.rest?.api ?? found[0];
  if (found.length > 1 && !seen.api?.rest) {
    ctx.conflicts.push(`${found.length} REST APIs are named ${name} (${found.map((a) => a.id).join(', ')})`);
    return { item: { kind, name, action: 'blocked', note: 'several APIs of this name' } };
  }
  if (one) {
    if (!isOurs(one.tags, rail.stage)) {
      ctx.conflicts.push(`REST API ${name} (${one.id}) exists without this rail's tags`);
      return { item: { kind, name, action: 'blocked', note: 'exists, not made by rails' } };
    }
    res.api.restApiId = one.id;
    for (const r of seen.api?.rest?.resources ?? []) res.api.resources.set(r.path!, r.id!);
    return { item: { kind, name, action: 'unchanged', note: one.id } };
  }
  return {
    item: { kind, name, action: 'create', note: 'regional' },
    apply: async () => {
      const made = await createRestApi(
        ctx.aws,
        name,
        `rails ${rail.stage}: the front door of the rail`,
        railTags(rail.stage, API_ROLES.api),
      );
      res.api.restApiId = made.id!;
      const root =
        made.rootResourceId ?? (await getResources(ctx.aws, made.id!)).find((r) => r.path === '/')?.id;
      res.api.resources.set('/', need(root, 'the API root resource'));
    },
  };
}

function restResourceSteps(ctx: PlanContext, routes: ApiRoute[]): Step[] {
  const { res } = ctx;
  return resourcePaths(routes)
    .filter((path) => !res.api.resources.has(path))
    .map((path) => {
      const cut = path.lastIndexOf('/');
      const parent = cut === 0 ? '/' : path.slice(0, cut);
      return {
        item: { kind: 'api-resource', name: path, action: 'create' },
        apply: async () => {
          const made = await createResource(
            ctx.aws,
            need(res.api.restApiId, 'the REST API'),
            need(res.api.resources.get(parent), `resource ${parent}`),
            path.slice(cut + 1),
          );
          res.api.resources.set(path, made.id!);
        },
      };
    });
}

function restIntegrationStep(ctx: PlanContext, route: ApiRoute): { step: Step; changed: boolean } {
  const { seen, res } = ctx;
  const kind = 'api-integration';
  const name = `ANY ${route.resourcePath} → ${route.uri}`;
  const method = seen.api?.rest?.methods.get(route.resourcePath);
  const have = method?.methodIntegration;
  const want = () => restIntegrationSpec(route, res.api.linkId ?? UNKNOWN_LINK, integrationTarget(ctx));
  const params = methodParameters(route);
  const methodMissing = !method || Object.keys(params).some((p) => !(p in (method.requestParameters ?? {})));
  const changes: FieldChange[] = restIntegrationChanges(have, want());
  if (!methodMissing && !changes.length)
    return { step: { item: { kind, name, action: 'unchanged' }, service: route.service }, changed: false };
  const moving = !!have?.connectionId && have.connectionId !== res.api.linkId;
  return {
    changed: true,
    step: {
      item: {
        kind,
        name,
        action: have ? 'update' : 'create',
        ...(have ? { changes } : { note: `${linkTarget(api(ctx)).version} link, ${PROXY_PARAM}` }),
      },
      service: route.service,
      apply: async () => {
        const restApiId = need(res.api.restApiId, 'the REST API');
        const resourceId = need(res.api.resources.get(route.resourcePath), `resource ${route.resourcePath}`);
        if (methodMissing) await putMethod(ctx.aws, restApiId, resourceId, 'ANY', params);
        await linkReady(ctx, moving);
        const w = want();
        await putIntegration(ctx.aws, {
          restApiId,
          resourceId,
          httpMethod: 'ANY',
          type: w.type,
          integrationHttpMethod: w.httpMethod,
          uri: w.uri,
          connectionType: w.connectionType,
          connectionId: w.connectionId,
          ...(w.integrationTarget ? { integrationTarget: w.integrationTarget } : {}),
          requestParameters: w.requestParameters,
        });
      },
    },
  };
}

/** The hash of what the stage should serve, once every id is known. */
function wantedHash(ctx: PlanContext, routes: ApiRoute[]): string {
  return deploymentHash(
    routes.map((r) => ({
      resourcePath: r.resourcePath,
      integration: restIntegrationSpec(r, ctx.res.api.linkId ?? UNKNOWN_LINK, integrationTarget(ctx)),
    })),
  );
}

/** A deployment only when the resources or integrations changed; the stage points at it. */
function restDeploymentStep(ctx: PlanContext, routes: ApiRoute[], changed: boolean): Step {
  const { rail, seen, res } = ctx;
  const stageName = api(ctx).stageName;
  const kind = 'api-stage';
  const stage = seen.api?.rest?.stages.find((s) => s.stageName === stageName);
  const deployed = deployedHash(seen.api?.rest?.deployment?.description);
  const current = !changed && stage && deployed === wantedHash(ctx, routes);
  if (current)
    return { item: { kind, name: stageName, action: 'unchanged', note: `deployment ${deployed}` } };
  return {
    item: {
      kind,
      name: stageName,
      action: stage ? 'update' : 'create',
      note: stage ? 'resources or integrations changed: a new deployment' : 'with its first deployment',
    },
    apply: async () => {
      const restApiId = need(res.api.restApiId, 'the REST API');
      const made = await createDeployment(ctx.aws, restApiId, deploymentDescription(wantedHash(ctx, routes)));
      if (stage) await setStageDeployment(ctx.aws, restApiId, stageName, made.id!);
      else await createStage(ctx.aws, restApiId, stageName, made.id!, railTags(rail.stage, API_ROLES.stage));
    },
  };
}

// ---------------------------------------------------------------------------------------------
// HTTP API

function httpApiStep(ctx: PlanContext): Step {
  const { rail, seen, res } = ctx;
  const name = apiNames.api(rail);
  const kind = 'http-api';
  const found = seen.api?.httpApis ?? [];
  const one = seen.api?.http?.api ?? found[0];
  if (found.length > 1 && !seen.api?.http) {
    ctx.conflicts.push(
      `${found.length} HTTP APIs are named ${name} (${found.map((a) => a.ApiId).join(', ')})`,
    );
    return { item: { kind, name, action: 'blocked', note: 'several APIs of this name' } };
  }
  if (one) {
    if (!isOurs(one.Tags, rail.stage)) {
      ctx.conflicts.push(`HTTP API ${name} (${one.ApiId}) exists without this rail's tags`);
      return { item: { kind, name, action: 'blocked', note: 'exists, not made by rails' } };
    }
    res.api.httpApiId = one.ApiId;
    return { item: { kind, name, action: 'unchanged', note: one.ApiId } };
  }
  return {
    item: { kind, name, action: 'create' },
    apply: async () => {
      const made = await createHttpApi(
        ctx.aws,
        name,
        `rails ${rail.stage}: the front door of the rail`,
        railTags(rail.stage, API_ROLES.api),
      );
      res.api.httpApiId = made.ApiId!;
    },
  };
}

/** One integration per service host (its TLS server name), then that host's routes. */
function httpHostChain(ctx: PlanContext, host: string, routes: ApiRoute[]): Step[] {
  const { seen, res } = ctx;
  const steps: Step[] = [];
  const have = seen.api?.http?.integrations.find((i) => i.TlsConfig?.ServerNameToVerify === host);
  if (have) res.api.httpIntegrations.set(host, have.IntegrationId!);
  const want = () => httpIntegrationSpec(host, listenerArn(ctx), res.api.linkId ?? UNKNOWN_LINK);
  const changes = httpIntegrationChanges(have, want());
  const name = `${host} → ${api(ctx).target.toUpperCase()}:443`;
  if (!changes.length) steps.push({ item: { kind: 'api-integration', name, action: 'unchanged' } });
  else {
    const moving = !!have?.ConnectionId && have.ConnectionId !== res.api.linkId;
    steps.push({
      item: {
        kind: 'api-integration',
        name,
        action: have ? 'update' : 'create',
        ...(have ? { changes } : { note: `TlsConfig.ServerNameToVerify ${host}` }),
      },
      apply: async () => {
        const apiId = need(res.api.httpApiId, 'the HTTP API');
        await linkReady(ctx, moving);
        if (have)
          await updateIntegration(ctx.aws, { ApiId: apiId, IntegrationId: have.IntegrationId!, ...want() });
        else
          res.api.httpIntegrations.set(
            host,
            (await createIntegration(ctx.aws, { ApiId: apiId, ...want() })).IntegrationId!,
          );
      },
    });
  }
  for (const route of routes) {
    const key = httpRouteKey(route);
    const found = seen.api?.http?.routes.find((r) => r.RouteKey === key);
    const target = () =>
      `integrations/${need(res.api.httpIntegrations.get(host), `the integration of ${host}`)}`;
    const haveId = res.api.httpIntegrations.get(host);
    if (found && haveId && found.Target === `integrations/${haveId}`) {
      steps.push({ item: { kind: 'api-route', name: key, action: 'unchanged' }, service: route.service });
      continue;
    }
    steps.push({
      item: {
        kind: 'api-route',
        name: key,
        action: found ? 'update' : 'create',
        ...(found
          ? { changes: [{ field: 'target', from: found.Target ?? 'none', to: `the integration of ${host}` }] }
          : {}),
      },
      service: route.service,
      apply: async () => {
        const apiId = need(res.api.httpApiId, 'the HTTP API');
        if (found) await updateRouteTarget(ctx.aws, apiId, found.RouteId!, target());
        else await createRoute(ctx.aws, apiId, key, target());
      },
    });
  }
  return steps;
}

function httpStageStep(ctx: PlanContext): Step {
  const { rail, seen, res } = ctx;
  const kind = 'api-stage';
  const found = seen.api?.http?.stages.find((s) => s.StageName === HTTP_API_STAGE);
  if (found?.AutoDeploy)
    return { item: { kind, name: HTTP_API_STAGE, action: 'unchanged', note: 'auto-deploy' } };
  if (found)
    return {
      item: {
        kind,
        name: HTTP_API_STAGE,
        action: 'blocked',
        note: 'exists without auto-deploy: rails leaves a stage it did not make alone',
      },
    };
  return {
    item: { kind, name: HTTP_API_STAGE, action: 'create', note: 'auto-deploy' },
    apply: () =>
      createAutoDeployStage(
        ctx.aws,
        need(res.api.httpApiId, 'the HTTP API'),
        HTTP_API_STAGE,
        railTags(rail.stage, API_ROLES.stage),
      ),
  };
}

// ---------------------------------------------------------------------------------------------
// Custom domain

function domainChain(ctx: PlanContext): Step[] {
  const { rail, seen, res } = ctx;
  const a = api(ctx);
  const domain = a.domainName;
  if (!domain) return [];
  const steps: Step[] = [];
  const found = seen.api?.domain;
  if (found && !isOurs(found.tags, rail.stage)) {
    ctx.conflicts.push(`custom domain ${domain} exists without this rail's tags`);
    return [
      { item: { kind: 'api-domain', name: domain, action: 'blocked', note: 'exists, not made by rails' } },
    ];
  }
  steps.push(
    found
      ? { item: { kind: 'api-domain', name: domain, action: 'unchanged', note: found.regionalDomainName } }
      : {
          item: {
            kind: 'api-domain',
            name: domain,
            action: 'create',
            note: 'regional, TLS 1.2, the rail certificate',
          },
          apply: () =>
            a.type === 'rest'
              ? createDomainName(ctx.aws, domain, rail.certificate, railTags(rail.stage, API_ROLES.domain))
              : createDomainNameV2(ctx.aws, domain, rail.certificate, railTags(rail.stage, API_ROLES.domain)),
        },
  );
  const stageName = a.type === 'rest' ? a.stageName : HTTP_API_STAGE;
  const name = `${domain}/ → ${apiNames.api(rail)} ${stageName}`;
  const kind = a.type === 'rest' ? 'api-base-path-mapping' : 'api-mapping';
  if (a.type === 'rest') {
    const root = seen.api?.basePathMappings.find((m) => !m.basePath || m.basePath === '(none)');
    if (root && root.restApiId === res.api.restApiId && root.stage === stageName)
      steps.push({ item: { kind, name, action: 'unchanged' } });
    else
      steps.push({
        item: {
          kind,
          name,
          action: root ? 'update' : 'create',
          ...(root
            ? { changes: [{ field: 'target', from: `${root.restApiId} ${root.stage}`, to: stageName }] }
            : {}),
        },
        apply: async () => {
          if (root) await deleteBasePathMapping(ctx.aws, domain, root.basePath ?? '');
          await createBasePathMapping(ctx.aws, domain, need(res.api.restApiId, 'the REST API'), stageName);
        },
      });
  } else {
    const root = seen.api?.apiMappings.find((m) => !m.ApiMappingKey);
    if (root && root.ApiId === res.api.httpApiId && root.Stage === stageName)
      steps.push({ item: { kind, name, action: 'unchanged' } });
    else
      steps.push({
        item: {
          kind,
          name,
          action: root ? 'update' : 'create',
          ...(root
            ? { changes: [{ field: 'target', from: `${root.ApiId} ${root.Stage}`, to: stageName }] }
            : {}),
        },
        apply: async () => {
          if (root) await deleteApiMapping(ctx.aws, domain, root.ApiMappingId!);
          await createApiMapping(ctx.aws, domain, need(res.api.httpApiId, 'the HTTP API'), stageName);
        },
      });
  }
  return steps;
}

/**
 * What the API holds that no service path asks for any more (a removed service or path): REST
 * resources (the topmost of each stale branch, which takes its children), HTTP routes, then the
 * integrations no route uses.
 */
function staleApiSteps(ctx: PlanContext, routes: ApiRoute[]): Step[] {
  const { seen } = ctx;
  const steps: Step[] = [];
  const rest = seen.api?.rest;
  if (rest) {
    const wanted = new Set(['/', ...resourcePaths(routes)]);
    const stale = rest.resources.filter((r) => !wanted.has(r.path!));
    const stalePaths = new Set(stale.map((r) => r.path!));
    for (const r of stale) {
      const parent = r.path!.slice(0, r.path!.lastIndexOf('/')) || '/';
      if (stalePaths.has(parent)) continue;
      steps.push({
        item: { kind: 'api-resource', name: r.path!, action: 'delete', note: 'no service path needs it' },
        apply: () => deleteResource(ctx.aws, rest.api.id!, r.id!),
      });
    }
  }
  const http = seen.api?.http;
  if (http) {
    const keys = new Set(routes.map(httpRouteKey));
    const hosts = new Set(routes.map((r) => r.host));
    for (const r of http.routes.filter((x) => !keys.has(x.RouteKey!)))
      steps.push({
        item: { kind: 'api-route', name: r.RouteKey!, action: 'delete', note: 'no service path needs it' },
        apply: () => deleteRoute(ctx.aws, http.api.ApiId!, r.RouteId!),
      });
    for (const i of http.integrations.filter((x) => !hosts.has(x.TlsConfig?.ServerNameToVerify ?? '')))
      steps.push({
        item: {
          kind: 'api-integration',
          name: i.TlsConfig?.ServerNameToVerify ?? i.IntegrationId!,
          action: 'delete',
          note: 'no service host needs it',
        },
        apply: () => deleteIntegration(ctx.aws, http.api.ApiId!, i.IntegrationId!),
      });
  }
  return steps;
}

/** APIs of our name and tags besides the one kept: left by a create whose reply was lost and retried. */
function duplicateApiSteps(ctx: PlanContext): Step[] {
  const { seen, rail } = ctx;
  const kept = seen.api?.rest?.api.id ?? seen.api?.http?.api.ApiId;
  const note = 'a duplicate of the API rails keeps (an interrupted create)';
  const rest = (seen.api?.restApis ?? [])
    .filter((a) => a.id !== kept && isOurs(a.tags, rail.stage))
    .map(
      (a): Step => ({
        item: { kind: 'rest-api', name: `${a.name} (${a.id})`, action: 'delete', note },
        apply: () => deleteRestApi(ctx.aws, a.id!),
      }),
    );
  const http = (seen.api?.httpApis ?? [])
    .filter((a) => a.ApiId !== kept && isOurs(a.Tags, rail.stage))
    .map(
      (a): Step => ({
        item: { kind: 'http-api', name: `${a.Name} (${a.ApiId})`, action: 'delete', note },
        apply: () => deleteHttpApi(ctx.aws, a.ApiId!),
      }),
    );
  return [...rest, ...http];
}

// ---------------------------------------------------------------------------------------------

/**
 * The API's phases, after the link exists and the load balancers are known: the API and its
 * resources, the integrations (waiting for the link when they move traffic onto it), the stage,
 * then the domain and its mapping (a mapping names a stage that must exist).
 */
export function apiPhases(ctx: PlanContext): { phases: Phase[]; skipped: string[] } {
  const a = api(ctx);
  const { routes, skipped } = apiRoutes(ctx.rail);
  const phases: Phase[] = [];
  if (a.type === 'rest') {
    const apiStep = restApiStep(ctx);
    phases.push({ name: 'api', chains: [[apiStep, ...restResourceSteps(ctx, routes)]] });
    const integrations = routes.map((r) => restIntegrationStep(ctx, r));
    const resourcesChanged = phases[0]!.chains[0]!.some((s) => s.item.action === 'create');
    phases.push({ name: 'api integrations', chains: integrations.map((i) => [i.step]) });
    const stale = staleApiSteps(ctx, routes);
    // One chain: a child's route goes before its integration, and a branch goes whole.
    if (stale.length) phases.push({ name: 'api stale', chains: [stale] });
    const changed = resourcesChanged || stale.length > 0 || integrations.some((i) => i.changed);
    phases.push({ name: 'api stage', chains: [[restDeploymentStep(ctx, routes, changed)]] });
  } else {
    phases.push({ name: 'api', chains: [[httpApiStep(ctx)]] });
    const hosts = [...new Set(routes.map((r) => r.host))];
    phases.push({
      name: 'api integrations',
      chains: hosts.map((h) =>
        httpHostChain(
          ctx,
          h,
          routes.filter((r) => r.host === h),
        ),
      ),
    });
    const stale = staleApiSteps(ctx, routes);
    if (stale.length) phases.push({ name: 'api stale', chains: [stale] });
    phases.push({ name: 'api stage', chains: [[httpStageStep(ctx)]] });
  }
  const domain = domainChain(ctx);
  if (domain.length) phases.push({ name: 'api domain', chains: [domain] });
  const duplicates = duplicateApiSteps(ctx);
  if (duplicates.length) phases.push({ name: 'api duplicates', chains: duplicates.map((s) => [s]) });
  return { phases, skipped };
}
