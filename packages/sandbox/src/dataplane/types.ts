/**
 * The sandbox's data plane: what one request through a rail looks like, hop by hop, as the sandbox's
 * own model of AWS routes it (route/), and what it leaves behind as AWS leaves it (signals/:
 * CloudWatch metrics, access-log objects, container logs). The traffic generator (traffic/) makes the
 * requests on the sandbox clock. These types are the contract between the three.
 */

/** A request as it leaves the client (API Gateway's VPC link, or whoever calls the NLB). */
export interface TrafficRequest {
  /** Sandbox epoch ms when the request is sent. */
  at: number;
  method: string;
  /** `https` or `http`. */
  scheme: string;
  /** The Host header (lowercase, no port). */
  host: string;
  port: number;
  /** The path as sent, starting with `/`. */
  path: string;
  /** The query string without `?`, '' when none. */
  query: string;
  /** Lowercase header names; `user-agent` included. */
  headers: Record<string, string>;
  clientIp: string;
  clientPort: number;
  /** Bytes of the request as sent (request line, headers, body). */
  receivedBytes: number;
  /**
   * The load balancer the request enters at, by name or ARN, when the host is not a load balancer's
   * DNS name; unset: the host's load balancer, else the only internal NLB listening on the port.
   */
  entry?: string;
}

/** What the NLB did with the connection. */
export type NlbOutcome =
  /** Forwarded to a target that accepted the connection. */
  | 'forwarded'
  /** No registered target to send it to: the NLB resets the client (TCP_ELB_Reset_Count). */
  | 'elb-reset'
  /** The target IP is alive but nothing listens on the port: it resets (TCP_Target_Reset_Count). */
  | 'target-reset'
  /** The target IP answers nothing (a stale ALB node IP): the client's connect times out. */
  | 'target-timeout'
  /** No listener on the port: the connection is refused. */
  | 'no-listener';

export interface NlbLeg {
  loadBalancerArn: string;
  /** `net/<name>/<id>`: the `LoadBalancer` dimension. */
  dimension: string;
  nodeIp: string;
  availabilityZone: string;
  listenerArn?: string;
  listenerPort: number;
  /** TCP, TLS, UDP, TCP_UDP. */
  listenerProtocol?: string;
  targetGroupArn?: string;
  /** `targetgroup/<name>/<id>`. */
  targetGroupDimension?: string;
  targetIp?: string;
  targetPort?: number;
  /** Sent to a target while none was healthy (fail-open): `UnhealthyRoutingFlowCount`. */
  failOpen: boolean;
  outcome: NlbOutcome;
  /** TLS listener: the certificate chosen for the client's SNI. */
  chosenCertArn?: string;
  /** Bytes client → NLB and NLB → client over the flow. */
  receivedBytes: number;
  sentBytes: number;
  /** TLS listeners: ms to complete the TLS handshake. */
  tlsHandshakeMs?: number;
  /** ms the flow was open. */
  connectionMs: number;
}

/** A target the ALB sent the request to. */
export interface AlbTarget {
  ip: string;
  port: number;
  /** ECS task behind the IP, when one is. */
  taskArn?: string;
  taskId?: string;
  clusterName?: string;
  serviceName?: string;
}

export interface AlbLeg {
  loadBalancerArn: string;
  /** `app/<name>/<id>`. */
  dimension: string;
  nodeIp: string;
  availabilityZone: string;
  /** The address the ALB sees the request come from (the NLB node's IP when through the NLB). */
  clientIp: string;
  clientPort: number;
  listenerArn?: string;
  listenerPort: number;
  listenerProtocol?: string;
  /** 1..50000, 0 for the default rule, undefined when no rule was evaluated (e.g. no listener). */
  matchedRulePriority?: number;
  /** What ran, in order, as the access log's actions_executed names them (`forward`, `redirect`, `fixed-response`). */
  actionsExecuted: string[];
  redirectUrl?: string;
  targetGroupArn?: string;
  /** `targetgroup/<name>/<id>`. */
  targetGroupDimension?: string;
  target?: AlbTarget;
  /** Sent to a target while none in the group was healthy (fail-open). */
  failOpen: boolean;
  /** What the ALB answered the client. */
  elbStatus: number;
  /** What the target answered; undefined when no target answered. */
  targetStatus?: number;
  /** The access log's error_reason when the ALB made up the answer (`TargetConnectionError`...). */
  errorReason?: string;
  /** The access log's processing times in ms; targetMs is -1 when no target answered. */
  requestProcessingMs: number;
  targetProcessingMs: number;
  responseProcessingMs: number;
  sentBytes: number;
  /** HTTPS listeners: the certificate and cipher chosen. */
  chosenCertArn?: string;
  sslCipher?: string;
  sslProtocol?: string;
  /** `Root=1-<8 hex time>-<24 hex>`: the X-Amzn-Trace-Id the ALB adds. */
  traceId: string;
  /** Why the connection to the target failed, for TargetConnectionErrorCount. */
  targetConnectionError: boolean;
}

/** What API Gateway did with a request that entered at it (a custom domain or an execute-api host). */
export interface ApiGatewayLeg {
  /** The request as the client sent it to API Gateway (`RequestOutcome.request` is what reached the load balancers). */
  clientRequest: TrafficRequest;
  kind: 'rest' | 'http';
  apiId?: string;
  apiName?: string;
  stage?: string;
  domainName?: string;
  /** The base path mapping's key ('' for the root). */
  basePath?: string;
  /** REST: the matched resource's path (`/p/{proxy+}`); HTTP: the route key (`ANY /p/{proxy+}`). */
  resourcePath?: string;
  routeKey?: string;
  /** The method that answered (`ANY` when the request's own is not defined). */
  method?: string;
  integrationType?: string;
  /** The integration's URI with its path variables filled (`https://api.abq.com/p/a/b`), or the listener ARN. */
  integrationUri?: string;
  connectionType?: string;
  vpcLinkId?: string;
  vpcLinkVersion?: 'V1' | 'V2';
  /** The link's status when the request arrived (an INACTIVE v2 link fails the request and wakes up). */
  vpcLinkStatus?: string;
  /** The load balancer the integration reaches: the v1 link's NLB, the v2 integrationTarget, the listener's. */
  targetArn?: string;
  /** What API Gateway answered the client. */
  status: number;
  /** The body's message when API Gateway made the answer up (`Missing Authentication Token`...). */
  message?: string;
  /** ms from API Gateway receiving the request to answering (CloudWatch `Latency`). */
  latencyMs: number;
  /** ms spent in the integration (`IntegrationLatency`); undefined when none was called. */
  integrationLatencyMs?: number;
}

/** What the client saw in the end. */
export type ClientResult =
  | { kind: 'response'; status: number }
  | { kind: 'reset' }
  | { kind: 'timeout' }
  | { kind: 'refused' };

export interface RequestOutcome {
  request: TrafficRequest;
  /** Where the request entered. */
  entry: 'apigateway' | 'nlb' | 'alb';
  apigw?: ApiGatewayLeg;
  nlb?: NlbLeg;
  alb?: AlbLeg;
  client: ClientResult;
  /** ms from sending to the answer (or to giving up). */
  totalMs: number;
}

/**
 * Injected target behaviour (`rails sandbox target`): which targets it applies to (every field given
 * must match; a service selector keeps applying to the tasks that replace today's) and what they do.
 */
export interface TargetBehaviour {
  id: string;
  selector: { cluster?: string; service?: string; taskId?: string; ip?: string };
  /** Share 0..1 of requests answered with `status` (default 500). */
  errorRate?: number;
  status?: number;
  /** ms the target takes to answer. */
  latencyMs?: number;
  /** Share 0..1 of requests the target never answers (longer than the ALB's idle timeout: 504). */
  timeoutRate?: number;
  /** Share 0..1 of requests where the target closes the connection without answering (502). */
  resetRate?: number;
  /** The target's health check fails: ELB marks it unhealthy and ECS replaces the task. */
  failHealth?: boolean;
}

/** A running traffic source (`rails sandbox traffic start`). */
export interface TrafficSpec {
  id: string;
  urls: string[];
  /** Requests per sandbox second, spread over the URLs in turn. */
  rps: number;
  method: string;
  /** Sandbox ms; the source stops by itself at `startedAt + durationMs`. */
  startedAt: number;
  durationMs?: number;
  /** The entry load balancer (name or ARN) when the URLs' host is not one. */
  entry?: string;
  headers?: Record<string, string>;
  /** Requests sent so far. */
  sent: number;
}
