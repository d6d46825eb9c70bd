/**
 * What `rails route trace` reports (and prints with --json). Field names are a contract, documented in
 * README "route trace JSON".
 */
import type { ConditionResult } from './match-rules.js';

/** `forwarded`, `redirected`, `fixed-response`: the ALB answers; the rest: the request fails on the way. */
export type TraceOutcome =
  | 'forwarded'
  | 'redirected'
  | 'fixed-response'
  | 'no-nlb-listener'
  | 'no-alb-listener'
  | 'no-matching-rule'
  | 'no-healthy-targets'
  // The weighted groups' targets could not be read: whether any is healthy is not known.
  | 'targets-not-read'
  // The request ends at API Gateway (it starts there when the URL's host is the API's):
  | 'api-forbidden'
  | 'api-no-route'
  | 'api-integration-unsupported'
  | 'vpc-link-not-available'
  | 'api-target-outside-rail';

/**
 * The API Gateway hop: domain → mapping → stage → resource and method (REST) or route (HTTP API) →
 * integration → VPC link → the request it sends on to the load balancer.
 */
export interface ApiTrace {
  type: 'rest' | 'http';
  /** How the request reached the API: its custom domain, its execute-api host, or `--api`. */
  enteredBy: 'domain' | 'execute-api' | 'api-flag';
  apiId?: string;
  apiName?: string;
  domainName?: string;
  /** The base path mapping (REST, `(none)` for the root) or API mapping (HTTP, `''` for the root) that took the request. */
  mapping?: { basePath: string; stage: string };
  stage?: string;
  /** The path the API matched: the URL's, less the base path (and the stage segment on the execute-api host). */
  path: string;
  /**
   * REST: the stage's deployment. `summary` true: matched against what it serves (its apiSummary);
   * false: AWS gave no summary, so against the resources as they are now. `undeployedChanges`: methods
   * added or removed since it was made, which the stage does not serve yet (or still serves), and
   * `~METHOD path (integration)` for the matched method's integration changed since.
   */
  deployment?: { id: string; createdDate?: string; summary: boolean; undeployedChanges: string[] };
  /** REST: the resource and the method that serve the request. */
  resource?: { path: string; method: string; params: Record<string, string> };
  /** HTTP API: the route that serves the request. */
  route?: { routeKey: string; params: Record<string, string> };
  integration?: {
    type: string;
    connectionType: string;
    /** REST: the integration's uri as configured; HTTP API: the listener ARN. */
    uri?: string;
    /** REST: the uri with its `{…}` path variables filled from the request, as API Gateway sends it. */
    filledUri?: string;
    connectionId?: string;
    integrationTarget?: string;
    serverNameToVerify?: string;
    /** HTTP API: the Host header its parameter mapping sets (`overwrite:header.host`). */
    hostMapping?: string;
    /**
     * REST: `deployment` when read from what the stage serves (GetExport), `current` when the export
     * is missing or does not hold the matched method and the integration as it is now stands in.
     */
    readFrom?: 'deployment' | 'current';
  };
  vpcLink?: {
    id: string;
    name?: string;
    version: 'v1' | 'v2';
    status: string;
    statusMessage?: string;
    /** The load balancer the request goes to: the v1 link's NLB, or the integration's target (v2). */
    targetArn?: string;
  };
  /** The request API Gateway sends to the load balancer. */
  downstream?: {
    protocol: 'http' | 'https';
    host: string;
    port: number;
    path: string;
    query: string;
    /** Where the Host header comes from: the integration uri (REST), a parameter mapping, or neither (HTTP API: the load balancer's name). */
    hostFrom: 'integration-uri' | 'header-mapping' | 'load-balancer';
    /** `nlb` or `alb`: the hop the request enters next. */
    enters: 'nlb' | 'alb';
  };
  /** What API Gateway answers itself when the request ends here. */
  answer?: { status: number; message: string };
  /** Why the request does not get through, and what to do (with `answer`, or a link problem). */
  problem?: string;
}

export interface TracedTargetGroup {
  name: string;
  arn: string;
  /** Forward weight (weighted forwards only). */
  weight?: number;
  /** `ip:port` of the healthy targets. */
  healthyTargets: string[];
  totalTargets: number;
  /** Its targets could not be read (a read of its group or its target health failed): the counts above say nothing. */
  targetsNotRead?: true;
  /** ECS services that feed this group. */
  services: string[];
}

export interface TraceReport {
  schemaVersion: 1;
  request: {
    url: string;
    method: string;
    protocol: 'http' | 'https';
    host: string;
    port: number;
    path: string;
    query: string;
    sourceIp?: string;
    headers: Record<string, string>;
  };
  outcome: TraceOutcome;
  /** One line on why the request ends where it does. */
  summary: string;
  /** The API Gateway hop, when the trace starts there (the URL's host is the API's, or `--api`). */
  api?: ApiTrace;
  /** The request the ALB sees when it differs from the URL (after API Gateway's integration). */
  albRequest?: { protocol: 'http' | 'https'; host: string; port: number; path: string; query: string };
  nlb: {
    name: string;
    found: boolean;
    listener?: { port: number; protocol: string };
    targetGroups: TracedTargetGroup[];
  };
  /** The ALB's current IPs, and those of them the NLB sends to (registered and healthy). */
  albIps: { current: string[]; reachable: string[] };
  alb: { name: string; found: boolean; listener?: { port: number; protocol: string } };
  /** The rule that took the request. */
  rule?: { priority: string; isDefault: boolean; conditions: ConditionResult[] };
  /** Rules before it whose host matched but another condition did not. */
  nearMisses: { priority: string; conditions: ConditionResult[] }[];
  rulesEvaluated: number;
  action?:
    | { type: 'forward'; targetGroups: TracedTargetGroup[] }
    | { type: 'redirect'; statusCode: string; location: string }
    | { type: 'fixed-response'; statusCode: string; contentType?: string; messageBody?: string }
    | { type: string };
  /** ECS services the request can reach (forward actions with weight > 0 and healthy targets). */
  services: string[];
}
