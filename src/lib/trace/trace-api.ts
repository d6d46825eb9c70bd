/**
 * The API Gateway hop of a trace (pure): mapping → stage → resource and method, or route →
 * integration → VPC link → the request API Gateway sends to the load balancer, as
 * docs/aws-behaviour.md §11 describes it. Either the request goes on (with the Host, path and port the
 * load balancer sees) or it ends here with API Gateway's own answer or a link that cannot carry it.
 */
import type { Listener } from '@aws-sdk/client-elastic-load-balancing-v2';
import type { RailSnapshot } from '../observe/snapshot.js';
import { pickMapping } from './api-entry.js';
import { fillIntegrationUri, matchHttpRoute, matchRestResource, type RestResourceView } from './api-match.js';
import type { TraceRequest } from './match-rules.js';
import type { ApiTrace, TraceOutcome } from './model.js';
import type { ApiFrontSnapshot, HttpApiRead, RestApiRead } from './read-api-front.js';

export interface ApiStep {
  api: ApiTrace;
  /** Set when the request ends at API Gateway. */
  outcome?: TraceOutcome;
  summary?: string;
  /** The request the load balancer receives, when it goes on. */
  downstream?: TraceRequest;
}

const FORBIDDEN = { status: 403, message: 'Forbidden' };
const MISSING_TOKEN = { status: 403, message: 'Missing Authentication Token' };
const NOT_FOUND = { status: 404, message: 'Not Found' };

function ends(api: ApiTrace, outcome: TraceOutcome, summary: string, answer?: ApiTrace['answer']): ApiStep {
  return { api: { ...api, ...(answer ? { answer } : {}), problem: summary }, outcome, summary };
}

/** What a link that is not AVAILABLE means for requests (docs/aws-behaviour.md §11 "VPC link"). */
function linkProblem(id: string, status: string, message?: string): string {
  const why =
    status === 'PENDING'
      ? 'it is still being made (a few minutes after it is created); requests through it fail until it is AVAILABLE'
      : status === 'FAILED'
        ? `it failed${message ? `: ${message}` : ''}; make it again (check its target load balancer, subnets and security groups)`
        : status === 'INACTIVE'
          ? 'no traffic went through it for 60 days, so AWS removed its network interfaces; the first requests fail while it provisions again (a few minutes)'
          : status === 'DELETING'
            ? 'it is being deleted; point the integration at a link that stays'
            : `its status is ${status}`;
  return `VPC link ${id} is ${status}: ${why}`;
}

/** The load balancer a listener ARN or load balancer ARN names, among the rail's two. */
function whichLb(snap: RailSnapshot, lbArn: string | undefined): 'nlb' | 'alb' | undefined {
  if (lbArn && lbArn === snap.nlb?.LoadBalancerArn) return 'nlb';
  if (lbArn && lbArn === snap.alb?.LoadBalancerArn) return 'alb';
  return undefined;
}

function lbName(arn: string | undefined): string {
  return arn?.split('/').at(-2) ?? 'unknown';
}

/** The stage and the path below it, per entry (REST's execute-api path starts with the stage). */
function restStage(
  front: ApiFrontSnapshot,
  api: RestApiRead,
  path: string,
  stageName: string | undefined,
): { stage?: string; path: string; answer?: ApiTrace['answer']; why?: string } {
  const stages = api.stages.map((s) => s.stageName ?? '');
  if (front.entry.by === 'execute-api') {
    const parts = path.split('/');
    const stage = parts[1] ?? '';
    if (!stage || !stages.includes(stage))
      return {
        path,
        answer: FORBIDDEN,
        why: `the first path segment names the stage on the execute-api host, and ${stage ? `${stage} is not a stage` : 'there is none'} (stages: ${stages.join(', ') || 'none'})`,
      };
    // `/live` with nothing after it is not the root resource: API Gateway wants at least `/live/`.
    if (parts.length === 2)
      return { stage, path: '', answer: MISSING_TOKEN, why: `give at least a / after the stage: /${stage}/` };
    return { stage, path: `/${parts.slice(2).join('/')}` };
  }
  const stage =
    stageName && stages.includes(stageName) ? stageName : stages.length === 1 ? stages[0] : undefined;
  if (!stage)
    return {
      path,
      answer: FORBIDDEN,
      why: stages.length
        ? `which stage? it has ${stages.join(', ')}: trace its execute-api URL with the stage as the first path segment`
        : 'the API has no stage, so nothing is deployed',
    };
  return { stage, path };
}

/** Methods that differ between a deployment's summary and the resources now: `+GET /x` not deployed, `-GET /y` deleted but still served. */
export function undeployed(
  summary: Record<string, Record<string, unknown>>,
  resources: { path?: string; resourceMethods?: Record<string, unknown> }[],
): string[] {
  const now = new Set(
    resources.flatMap((r) => Object.keys(r.resourceMethods ?? {}).map((m) => `${m} ${r.path}`)),
  );
  const served = new Set(
    Object.entries(summary).flatMap(([path, ms]) => Object.keys(ms).map((m) => `${m} ${path}`)),
  );
  return [
    ...[...now].filter((x) => !served.has(x)).map((x) => `+${x}`),
    ...[...served].filter((x) => !now.has(x)).map((x) => `-${x}`),
  ].sort();
}

/** The undeployed changes, said where a request ends: the stage serves the deployment, not them. */
function notDeployed(at: ApiTrace): string {
  const changes = at.deployment?.undeployedChanges ?? [];
  return changes.length
    ? `; changed since the stage's deployment and not served yet: ${changes.join(', ')} (deploy the API to the stage)`
    : '';
}

/** Whether the integration a stage serves differs from the one configured now, where it matters to a request. */
function integrationChanged(
  deployed: { uri?: string; connectionId?: string; integrationTarget?: string; type?: string },
  current: { uri?: string; connectionId?: string; integrationTarget?: string; type?: string },
): boolean {
  return (
    (deployed.uri ?? '') !== (current.uri ?? '') ||
    (deployed.connectionId ?? '') !== (current.connectionId ?? '') ||
    (deployed.integrationTarget ?? '') !== (current.integrationTarget ?? '') ||
    (deployed.type ?? '') !== (current.type ?? '')
  );
}

function restStep(
  front: ApiFrontSnapshot,
  api: RestApiRead,
  base: ApiTrace,
  req: TraceRequest,
  snap: RailSnapshot,
  stageName?: string,
): ApiStep {
  let at: ApiTrace = { ...base, apiId: api.id, ...(api.name ? { apiName: api.name } : {}) };
  let path = base.path;
  let stage = base.stage;
  if (!stage) {
    const s = restStage(front, api, path, stageName);
    if (s.answer)
      return ends(
        at,
        s.answer === MISSING_TOKEN ? 'api-no-route' : 'api-forbidden',
        `API Gateway answers ${s.answer.status} ${s.answer.message}: ${s.why}`,
        s.answer,
      );
    stage = s.stage;
    path = s.path;
  }
  const stageRead = api.stages.find((s) => s.stageName === stage);
  at = { ...at, stage: stage!, path };
  if (!stageRead)
    return ends(
      at,
      'api-forbidden',
      `API Gateway answers 403 Forbidden: the mapping names stage ${stage}, which ${api.name ?? api.id} does not have`,
      FORBIDDEN,
    );
  // The stage serves its deployment: match against what it holds (apiSummary) when AWS says, and name
  // what changed since, which the stage does not serve yet.
  const deployment = stageRead.deploymentId ? api.deployments?.[stageRead.deploymentId] : undefined;
  const summary = deployment?.apiSummary;
  if (stageRead.deploymentId)
    at = {
      ...at,
      deployment: {
        id: stageRead.deploymentId,
        ...(deployment?.createdDate ? { createdDate: deployment.createdDate.toISOString() } : {}),
        summary: Boolean(summary),
        undeployedChanges: summary ? undeployed(summary, api.resources) : [],
      },
    };
  const views: RestResourceView[] = api.resources.map((r) => ({
    id: r.id ?? '',
    ...(r.parentId ? { parentId: r.parentId } : {}),
    ...(r.pathPart !== undefined ? { pathPart: r.pathPart } : {}),
    path: r.path ?? '',
    methods: Object.keys((summary ? summary[r.path ?? ''] : r.resourceMethods) ?? {}),
  }));
  const m = matchRestResource(views, path, req.method);
  if (!m)
    return ends(
      at,
      'api-no-route',
      `API Gateway answers 403 Missing Authentication Token: no resource of ${api.name ?? api.id} serves ${req.method} ${path} (its answer to an unknown path, not an authentication problem); resources: ${views
        .filter((v) => v.methods.length)
        .map((v) => v.path)
        .sort()
        .join(', ')}${notDeployed(at)}`,
      MISSING_TOKEN,
    );
  at = { ...at, resource: { path: m.resource.path, method: m.method, params: m.params } };
  const resource = api.resources.find((r) => r.id === m.resource.id);
  const current = resource?.resourceMethods?.[m.method]?.methodIntegration;
  // The stage serves its deployment's integration, which an integration changed since (an `up` cut
  // off between PutIntegration and CreateDeployment) is not: take the deployed one when AWS says.
  const exported = api.deployedIntegrations?.[stage!];
  const asExported = exported?.get(`${m.method} ${m.resource.path}`);
  // AWS's export documentation does not list `integrationTarget`: where the export leaves it out for
  // the same link, the current one stands in rather than counting as a change.
  const deployedI =
    asExported &&
    !asExported.integrationTarget &&
    current?.integrationTarget &&
    asExported.connectionId === current.connectionId
      ? { ...asExported, integrationTarget: current.integrationTarget }
      : asExported;
  const i = deployedI ?? current;
  if (deployedI && current && integrationChanged(deployedI, current) && at.deployment)
    at = {
      ...at,
      deployment: {
        ...at.deployment,
        undeployedChanges: [
          ...at.deployment.undeployedChanges,
          `~${m.method} ${m.resource.path} (integration)`,
        ].sort(),
      },
    };
  if (!i)
    return ends(
      at,
      'api-integration-unsupported',
      `${m.method} ${m.resource.path} has no integration${summary && !resource?.resourceMethods?.[m.method] ? ' any more (the deployment still serves the method: deploy the API)' : ''}: API Gateway answers 500 Internal server error`,
    );
  const filledUri = i.uri ? fillIntegrationUri(i.uri, i.requestParameters, m.params) : undefined;
  at = {
    ...at,
    integration: {
      type: i.type ?? '',
      connectionType: i.connectionType ?? 'INTERNET',
      ...(i.uri ? { uri: i.uri } : {}),
      ...(filledUri ? { filledUri } : {}),
      ...(i.connectionId ? { connectionId: i.connectionId } : {}),
      ...(i.integrationTarget ? { integrationTarget: i.integrationTarget } : {}),
      ...(deployedI ? { readFrom: 'deployment' as const } : { readFrom: 'current' as const }),
    },
  };
  if ((i.type !== 'HTTP_PROXY' && i.type !== 'HTTP') || i.connectionType !== 'VPC_LINK' || !filledUri)
    return ends(
      at,
      'api-integration-unsupported',
      `the integration is ${i.type} over ${i.connectionType ?? 'INTERNET'}, not an HTTP proxy over a VPC link: the request does not reach the rail's load balancers`,
    );
  // A connection id may be a stage variable (`${stageVariables.link}`).
  const variable = /^\$\{stageVariables\.(.+)\}$/.exec(i.connectionId ?? '');
  const linkId = variable ? (stageRead.variables?.[variable[1]!] ?? '') : (i.connectionId ?? '');
  const v1 = front.linksV1.find((l) => l.id === linkId);
  const v2 = front.linksV2.find((l) => l.VpcLinkId === linkId);
  if (!v1 && !v2)
    return ends(
      at,
      'vpc-link-not-available',
      `the integration's VPC link ${linkId || '(none)'} does not exist: API Gateway answers 500 Internal server error`,
    );
  const link: ApiTrace['vpcLink'] = v1
    ? {
        id: linkId,
        ...(v1.name ? { name: v1.name } : {}),
        version: 'v1',
        status: v1.status ?? 'UNKNOWN',
        ...(v1.statusMessage ? { statusMessage: v1.statusMessage } : {}),
        ...(v1.targetArns?.[0] ? { targetArn: v1.targetArns[0] } : {}),
      }
    : {
        id: linkId,
        ...(v2!.Name ? { name: v2!.Name } : {}),
        version: 'v2',
        status: v2!.VpcLinkStatus ?? 'UNKNOWN',
        ...(v2!.VpcLinkStatusMessage ? { statusMessage: v2!.VpcLinkStatusMessage } : {}),
        ...(i.integrationTarget ? { targetArn: i.integrationTarget } : {}),
      };
  at = { ...at, vpcLink: link };
  if (link.status !== 'AVAILABLE')
    return ends(at, 'vpc-link-not-available', linkProblem(linkId, link.status, link.statusMessage));
  if (link.version === 'v2' && !link.targetArn)
    return ends(
      at,
      'api-integration-unsupported',
      `the integration uses VPC link v2 ${linkId} without an integrationTarget (AWS requires one for REST APIs)`,
    );
  const enters = whichLb(snap, link.targetArn);
  if (!enters)
    return ends(
      at,
      'api-target-outside-rail',
      `the ${link.version} link leads to ${lbName(link.targetArn)}, which is not this rail's NLB (${snap.selector.nlbName}) or ALB (${snap.selector.albName}): trace that rail with --nlb/--alb`,
    );
  // HTTP_PROXY sends the request to the filled uri: its host is the Host header the load balancer sees
  // (API Gateway overwrites the client's), its path the path, and the client's query string goes along.
  const u = new URL(filledUri);
  const protocol = u.protocol === 'http:' ? 'http' : 'https';
  const downstream: TraceRequest = {
    ...req,
    protocol,
    host: u.hostname,
    port: u.port ? Number(u.port) : protocol === 'https' ? 443 : 80,
    path: u.pathname || '/',
    query: u.search.replace(/^\?/, '') || req.query,
    headers: { ...req.headers, host: u.host },
  };
  at = { ...at, downstream: { ...pick(downstream), hostFrom: 'integration-uri', enters } };
  return { api: at, downstream };
}

function pick(r: TraceRequest) {
  return { protocol: r.protocol, host: r.host, port: r.port, path: r.path, query: r.query };
}

function httpStep(
  front: ApiFrontSnapshot,
  api: HttpApiRead,
  base: ApiTrace,
  req: TraceRequest,
  snap: RailSnapshot,
  stageName?: string,
): ApiStep {
  let at: ApiTrace = { ...base, apiId: api.id, ...(api.name ? { apiName: api.name } : {}) };
  const stages = api.stages.map((s) => s.StageName ?? '');
  let path = base.path;
  let stage = base.stage;
  if (!stage) {
    // The $default stage serves the whole path; otherwise the first segment names the stage.
    if (stages.includes('$default')) stage = '$default';
    else if (front.entry.by === 'execute-api') {
      const first = path.split('/')[1] ?? '';
      if (!stages.includes(first))
        return ends(
          { ...at, path },
          'api-no-route',
          `API Gateway answers 404 Not Found: no $default stage, and ${first || 'the empty first segment'} is not a stage (stages: ${stages.join(', ') || 'none'})`,
          NOT_FOUND,
        );
      stage = first;
      path = `/${path.split('/').slice(2).join('/')}`;
    } else stage = stageName && stages.includes(stageName) ? stageName : stages[0];
  }
  at = { ...at, path, ...(stage ? { stage } : {}) };
  if (!stage || !stages.includes(stage))
    return ends(
      at,
      'api-no-route',
      `API Gateway answers 404 Not Found: ${api.name ?? api.id} has no stage ${stage ?? ''} to serve the request`.trim(),
      NOT_FOUND,
    );
  const m = matchHttpRoute(
    api.routes.map((r) => r.RouteKey ?? ''),
    req.method,
    path,
  );
  if (!m)
    return ends(
      at,
      'api-no-route',
      `API Gateway answers 404 Not Found: no route of ${api.name ?? api.id} takes ${req.method} ${path} and it has no $default route; routes: ${api.routes
        .map((r) => r.RouteKey)
        .sort()
        .join(', ')}`,
      NOT_FOUND,
    );
  at = { ...at, route: { routeKey: m.routeKey, params: m.params } };
  const route = api.routes.find((r) => r.RouteKey === m.routeKey);
  const integrationId = route?.Target?.replace(/^integrations\//, '');
  const i = api.integrations.find((x) => x.IntegrationId === integrationId);
  if (!i)
    return ends(
      at,
      'api-integration-unsupported',
      `route ${m.routeKey} has no integration: API Gateway answers 404 Not Found`,
      NOT_FOUND,
    );
  const params = Object.fromEntries(
    Object.entries(i.RequestParameters ?? {}).map(([k, v]) => [k.toLowerCase(), v]),
  );
  const hostMapping = params['overwrite:header.host'];
  at = {
    ...at,
    integration: {
      type: i.IntegrationType ?? '',
      connectionType: i.ConnectionType ?? 'INTERNET',
      ...(i.IntegrationUri ? { uri: i.IntegrationUri } : {}),
      ...(i.ConnectionId ? { connectionId: i.ConnectionId } : {}),
      ...(i.TlsConfig?.ServerNameToVerify ? { serverNameToVerify: i.TlsConfig.ServerNameToVerify } : {}),
      ...(hostMapping ? { hostMapping } : {}),
    },
  };
  if (i.IntegrationType !== 'HTTP_PROXY' || i.ConnectionType !== 'VPC_LINK')
    return ends(
      at,
      'api-integration-unsupported',
      `the integration is ${i.IntegrationType} over ${i.ConnectionType ?? 'INTERNET'}, not an HTTP proxy over a VPC link: the request does not reach the rail's load balancers`,
    );
  const v2 = front.linksV2.find((l) => l.VpcLinkId === i.ConnectionId);
  if (!v2)
    return ends(
      at,
      'vpc-link-not-available',
      `the integration's VPC link ${i.ConnectionId ?? '(none)'} does not exist: API Gateway answers 503 Service Unavailable`,
    );
  const listener: Listener | undefined = [...snap.nlbListeners, ...snap.albListeners].find(
    (l) => l.ListenerArn === i.IntegrationUri,
  );
  at = {
    ...at,
    vpcLink: {
      id: v2.VpcLinkId!,
      ...(v2.Name ? { name: v2.Name } : {}),
      version: 'v2',
      status: v2.VpcLinkStatus ?? 'UNKNOWN',
      ...(v2.VpcLinkStatusMessage ? { statusMessage: v2.VpcLinkStatusMessage } : {}),
      ...(listener?.LoadBalancerArn ? { targetArn: listener.LoadBalancerArn } : {}),
    },
  };
  if (v2.VpcLinkStatus !== 'AVAILABLE')
    return ends(
      at,
      'vpc-link-not-available',
      linkProblem(v2.VpcLinkId!, v2.VpcLinkStatus ?? 'UNKNOWN', v2.VpcLinkStatusMessage),
    );
  const enters = whichLb(snap, listener?.LoadBalancerArn);
  if (!listener || !enters)
    return ends(
      at,
      'api-target-outside-rail',
      `the integration sends to listener ${i.IntegrationUri}, which is not a listener of this rail's NLB (${snap.selector.nlbName}) or ALB (${snap.selector.albName}): trace that rail with --nlb/--alb`,
    );
  // The integration names a listener, not a host: the Host header is the parameter mapping's
  // (`overwrite:header.host`) or else not the client's (docs/aws-behaviour.md §11): the rules then see
  // the load balancer's own name. ServerNameToVerify is only the TLS server name.
  const lbDns = (enters === 'nlb' ? snap.nlb : snap.alb)?.DNSName ?? '';
  const mapped = mappedHost(hostMapping, req);
  const host = mapped ?? lbDns;
  const protocol = listener.Protocol === 'HTTPS' || listener.Protocol === 'TLS' ? 'https' : 'http';
  const downstream: TraceRequest = {
    ...req,
    protocol,
    host: host.toLowerCase(),
    port: listener.Port ?? (protocol === 'https' ? 443 : 80),
    path,
    headers: { ...req.headers, host: host.toLowerCase() },
  };
  at = {
    ...at,
    downstream: {
      ...pick(downstream),
      hostFrom: mapped ? 'header-mapping' : 'load-balancer',
      enters,
    },
  };
  return { api: at, downstream };
}

/**
 * The Host an HTTP API's `overwrite:header.host` mapping sets: a literal, or a value from the client's
 * request (`$request.header.NAME`, `${request.header.NAME}`, `$context.domainName`); undefined when
 * there is no mapping or its value comes from somewhere the trace cannot know (docs/aws-behaviour.md
 * §11, parameter mapping).
 */
function mappedHost(value: string | undefined, req: TraceRequest): string | undefined {
  if (!value) return undefined;
  const header = /^\$\{?request\.header\.([^}]+)\}?$/i.exec(value)?.[1];
  if (header) return req.headers[header.toLowerCase()] || undefined;
  if (/^\$\{?context\.domainName\}?$/.test(value)) return req.host;
  return value.includes('$') ? undefined : value;
}

/** Follows the request through API Gateway. `stageName` is rail.yaml's, for `--api` with several stages. */
export function traceApi(
  front: ApiFrontSnapshot,
  req: TraceRequest,
  snap: RailSnapshot,
  stageName?: string,
): ApiStep {
  const entry = front.entry;
  const type = front.rest ? 'rest' : front.http ? 'http' : (entry.type ?? 'rest');
  let base: ApiTrace = { type, enteredBy: entry.by, path: req.path };
  if (entry.by === 'domain') {
    base = { ...base, domainName: entry.domainName };
    const picked = pickMapping(front.mappings ?? [], req.path);
    if (!picked)
      return ends(
        base,
        'api-forbidden',
        `API Gateway answers 403 Forbidden: no ${type === 'rest' ? 'base path' : 'API'} mapping of ${entry.domainName} takes ${req.path}${front.mappings?.length ? ` (mappings: ${front.mappings.map((m) => m.key || '(none)').join(', ')})` : ' (the domain has none)'}`,
        FORBIDDEN,
      );
    base = {
      ...base,
      mapping: {
        basePath: type === 'rest' ? picked.mapping.key || '(none)' : picked.mapping.key,
        stage: picked.mapping.stage,
      },
      stage: picked.mapping.stage,
      path: picked.rest,
      apiId: picked.mapping.apiId,
    };
    if (!front.rest && !front.http)
      return ends(
        base,
        'api-forbidden',
        `API Gateway answers 403 Forbidden: the mapping names API ${picked.mapping.apiId}, which does not exist`,
        FORBIDDEN,
      );
  }
  if (front.rest) return restStep(front, front.rest, base, req, snap, stageName);
  if (front.http) return httpStep(front, front.http, base, req, snap, stageName);
  const id = entry.by === 'execute-api' ? entry.apiId : entry.by === 'api-flag' ? entry.ref : '';
  return ends(base, 'api-forbidden', `no REST or HTTP API ${id} in this account and region`);
}
