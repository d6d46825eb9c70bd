/**
 * The contract between the sandbox core (HTTP server, protocols, control API, state) and the
 * services it hosts. A service module exports a ServiceDefinition; the core routes requests to it.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { Clock } from './clock.js';

/** A service's state, whose shape only that service knows. */
export type ServiceState = Record<string, any>;

/**
 * The whole sandbox state: one JSON-serializable object, one key per service that keeps state
 * (ServiceDefinition.stateKey). Persisted with --state FILE.
 */
export type SandboxState = Record<string, ServiceState>;

/** The AWS wire protocol a service speaks (docs/aws-behaviour.md §1). */
export type Protocol = 'awsQuery' | 'ec2Query' | 'awsJson1_0' | 'awsJson1_1' | 'restJson1' | 'restXml';

/** Tunables. Durations marked "real ms" are wall-clock and not affected by the time scale. */
export interface SandboxSettings {
  /** Sandbox seconds per real second (60 makes `rate(1 minute)` fire every real second). */
  timeScale: number;
  /** Real ms a load balancer stays `provisioning` before it is `active`. */
  provisionMs: number;
  /** Real ms a newly registered target stays `initial` before its health is decided. */
  healthCheckMs: number;
  /** Real ms between an ECS task's lifecycle steps (PROVISIONING -> PENDING -> RUNNING). */
  taskStepMs: number;
  /** Real ms a new IAM role cannot yet be assumed by Lambda (AWS: several seconds). */
  rolePropagationMs: number;
  /** Real ms a Lambda function stays Pending / an update InProgress. */
  lambdaUpdateMs: number;
  /** Sandbox ms an API Gateway VPC link stays PENDING (AWS: 2–4 minutes). */
  vpcLinkProvisionMs: number;
  /**
   * When set, caps every paged describe/list call at this many items per page, so callers' paging
   * is exercised. Unset: AWS's own default page sizes.
   */
  maxPageSize?: number;
}

/** Per-request information handed to every operation handler. */
export interface RequestContext {
  sb: Sandbox;
  service: string;
  operation: string;
  region: string;
  accountId: string;
  requestId: string;
  /** Access key id of the caller (from the SigV4 credential scope). */
  accessKeyId: string;
  headers: IncomingHttpHeaders;
}

/**
 * An operation handler receives the parsed input and returns the output object, or throws AwsError.
 * Query protocols: input values arrive as strings (numbers and booleans are for the handler to
 * coerce), `X.member.N` / `X.N` lists arrive as arrays; output arrays become <member>/<item> lists,
 * Dates become ISO-8601. ec2Query output keys are the wire element names (`vpcSet`, `subnetId`...);
 * awsQuery keys are the model's (`LoadBalancers`). An empty list input arrives as `''` (`asList()` in
 * protocols/query-input.ts turns it into []). JSON protocols: input is the JSON body; Dates in output
 * become epoch seconds, Buffers base64.
 */
export type OperationHandler = (input: any, ctx: RequestContext) => unknown | Promise<unknown>;

/** A raw HTTP request, for REST protocols whose services route themselves (S3, Lambda). */
export interface RawRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export interface RawResponse {
  status: number;
  headers?: Record<string, string>;
  body?: Buffer | string;
}

/** A REST service picks its operation from method and path, then handles the raw request. */
export interface RestRouter {
  /** Names the operation for the request log and fault injection; undefined when nothing matches. */
  match(req: RawRequest): string | undefined;
  handle(req: RawRequest, ctx: RequestContext): Promise<RawResponse>;
}

/** A control verb under `/_sandbox/<service>/<verb>` (POST, JSON body -> JSON result). */
export type ControlVerb = (body: any, sb: Sandbox) => unknown | Promise<unknown>;

export interface ServiceDefinition {
  /** SigV4 signing name: `elasticloadbalancing`, `ec2`, `ecs`, `s3`, `lambda`, `iam`, `events`, `monitoring`, `sts`, `acm`. */
  signingName: string;
  /**
   * The control API folder and request-log name when it is not the signing name's: services that
   * share a signing name (API Gateway's REST and HTTP APIs) are told apart by their REST paths.
   */
  folder?: string;
  protocol: Protocol;
  /** awsQuery/ec2Query API version and XML namespace. */
  version?: string;
  xmlNamespace?: string;
  /** JSON protocols: the X-Amz-Target prefix, e.g. `AmazonEC2ContainerServiceV20141113`. */
  targetPrefix?: string;
  /**
   * awsJson1_0 query-compatible (CloudWatch): wire code -> modelled error shape named in `__type`
   * when it is not simply `<code>Exception` (the core knows CloudWatch's own).
   */
  errorShapes?: Record<string, string>;
  /** The code a `throttle` fault answers when the service's is not its protocol's (tagging: `ThrottledException`). */
  throttleCode?: string;
  /** RPC-style operations by name. */
  operations?: Record<string, OperationHandler>;
  /** REST services. */
  rest?: RestRouter;
  control?: Record<string, ControlVerb>;
  /**
   * The key this service keeps its state under in the sandbox state (and in a state file); a service
   * without state has none.
   */
  stateKey?: string;
  /** A fresh state for `stateKey`: at start, after a reset, and when a state file has none yet. */
  emptyState?(): ServiceState;
  /** Called with the sandbox at start (and after a state reset) to register tickers and oracles. */
  init?(sb: Sandbox): void;
  /** Called when the sandbox stops: end child processes and timers the service started. */
  shutdown?(sb: Sandbox): void;
  /** Adds the default environment (`--empty` skips it). */
  seed?(sb: Sandbox): void;
}

/** What a health oracle decides for one target; undefined means "not mine, ask the next". */
export interface HealthVerdict {
  state: 'healthy' | 'unhealthy';
  reason?: string;
  description?: string;
}

/** Decides whether an IP:port target answers health checks (ECS tasks, ALB nodes...). */
export type HealthOracle = (
  target: { ip: string; port: number; targetGroupArn: string },
  sb: Sandbox,
) => HealthVerdict | undefined;

export interface Sandbox {
  readonly accountId: string;
  /** Default region when a request carries none. */
  readonly region: string;
  state: SandboxState;
  readonly settings: SandboxSettings;
  readonly clock: Clock;
  /** `http://127.0.0.1:<port>` once listening. */
  endpoint: string;
  /** The DNS server's address, once listening. */
  dns: { host: string; port: number };
  /** Reconcilers run before every request and on a short timer (ECS tasks, schedules, health). */
  readonly tickers: Array<(sb: Sandbox) => void | Promise<void>>;
  readonly healthOracles: HealthOracle[];
  /** Lowercase hex of n characters. */
  hex(n: number): string;
  uuid(): string;
  /** Records that state changed; the core persists it (when --state is set) after the call. */
  markDirty(): void;
  /**
   * Records a change that may wait: persisted within about a real second (and always at stop), so a
   * ticker that changes state on every run (the traffic generator) does not rewrite the file 10x/s.
   * Optional: a hand-built Sandbox without it gets markDirty.
   */
  markDirtySoon?(): void;
}
