/**
 * The rail.yaml schema (zod): the single source of the typed config and of the published JSON Schema
 * (schema/rail.schema.json). Cross-field rules (duplicate routes, ALB quotas) live in checks.ts.
 *
 * Written with zod/mini, zod's functional API: every command that reads rail.yaml builds this schema
 * at start, and with the classic API (methods on every schema, so the whole package in the bundle)
 * loading zod and building it took about 30 ms even from a code cache, against about 9 ms with mini,
 * which keeps only what is used. The same validation, messages and JSON Schema: mini's checks are the
 * ones the classic methods add.
 */
import * as z from 'zod/mini';
import en from 'zod/v4/locales/en.js';
import { bucketNameProblem, SERVICE_NAME_PATTERN, STAGE_PATTERN } from './names.js';

// No parsers compiled with new Function: a CLI parses one rail.yaml per run, and compiling (and first
// probing whether eval is allowed) costs more than it saves; the interpreted parser gives the same
// results. Set before any schema is built, and for the process: only rail.yaml's schemas use zod.
// English messages: the classic API loads them itself, mini leaves it to the caller.
z.config({ jitless: true, ...en() });

/** A copy of `schema` described as `description` (the JSON Schema's description), as classic's .describe(). */
function described<T extends z.ZodMiniType>(schema: T, description: string): T {
  const copy = schema.clone() as T;
  z.globalRegistry.add(copy, { description });
  return copy;
}

const subnetId = z
  .string()
  .check(z.regex(/^subnet-[0-9a-f]{8}(?:[0-9a-f]{9})?$/, 'a subnet id such as subnet-0123456789abcdef0'));
const securityGroupId = z
  .string()
  .check(z.regex(/^sg-[0-9a-f]{8}(?:[0-9a-f]{9})?$/, 'a security group id such as sg-0123456789abcdef0'));
const bucket = z.string().check(
  z.superRefine((v, ctx) => {
    const problem = bucketNameProblem(v);
    if (problem) ctx.addIssue({ code: 'custom', message: `bucket name ${problem}` });
  }),
);

const hostName = z.string().check(
  z.maxLength(128, 'at most 128 characters (AWS host-header limit)'),
  z.regex(/^[A-Za-z0-9*?.-]+$/, 'a host name (letters, digits, hyphens, dots; * and ? wildcards)'),
  z.refine((v) => v.includes('.'), 'a host name needs at least one dot'),
);

const pathPattern = z
  .string()
  .check(
    z.maxLength(128, 'at most 128 characters (AWS path-pattern limit)'),
    z.regex(
      /^\/[A-Za-z0-9_\-.$/~"'@:+&*?]*$/,
      'a path pattern starting with / (letters, digits, _-.$/~"\'@:+& and * ? wildcards)',
    ),
  );

const matcher = z.string().check(
  z.regex(/^\d{3}(?:-\d{3})?(?:,\d{3}(?:-\d{3})?)*$/, 'HTTP codes such as 200, 200,202 or 200-299'),
  z.refine(
    (v) => v.split(/[,-]/).every((code) => Number(code) >= 200 && Number(code) <= 499),
    'codes must be within 200-499 (HTTP target groups)',
  ),
);

/** A whole number from `min` to `max`. */
const integer = (min: number, max: number) => z.number().check(z.int(), z.gte(min), z.lte(max));

export const healthCheckSchema = z
  .strictObject({
    path: described(
      z._default(z.string().check(z.startsWith('/', 'a path starting with /'), z.maxLength(1024)), '/health'),
      'health check path',
    ),
    interval: described(z._default(integer(5, 300), 30), 'seconds between checks (5-300)'),
    timeout: described(
      z._default(integer(2, 120), 5),
      'seconds before a check fails (2-120, below interval)',
    ),
    matcher: described(z._default(matcher, '200-299'), 'HTTP codes that mean healthy'),
  })
  .check(
    z.refine((h) => h.timeout < h.interval, {
      message: 'timeout must be less than interval',
      path: ['timeout'],
    }),
  );

export const serviceSchema = z.strictObject({
  name: described(
    z
      .string()
      .check(
        z.maxLength(255),
        z.regex(
          SERVICE_NAME_PATTERN,
          'letters, digits and hyphens, starting and ending with a letter or digit (it starts target group names)',
        ),
      ),
    'service name: the ECS service, and the start of its target group names',
  ),
  cluster: described(
    z._default(z.string().check(z.regex(/^[A-Za-z0-9_-]{1,255}$/, 'an ECS cluster name')), 'default'),
    'ECS cluster (created if missing)',
  ),
  taskDefinition: described(
    z.optional(z.string().check(z.minLength(1))),
    'task definition family, family:revision or ARN',
  ),
  image: described(
    z.optional(
      z.string().check(
        z.maxLength(255),
        // AWS's character set for a container image: repository URL, name, then :tag or @digest.
        z.regex(
          /^[A-Za-z0-9][A-Za-z0-9._:/@#-]*$/,
          'a container image such as public.ecr.aws/docker/library/nginx:1.27 (no spaces, not empty)',
        ),
      ),
    ),
    'shorthand: register a minimal Fargate task definition running this image',
  ),
  container: described(
    z.string().check(z.minLength(1), z.maxLength(255)),
    'the container that receives traffic',
  ),
  port: described(integer(1, 65535), 'container port'),
  host: described(hostName, 'host header routed to this service'),
  paths: described(
    z.array(pathPattern).check(z.minLength(1, 'at least one path pattern'), z.maxLength(5)),
    'path patterns routed to this service',
  ),
  desiredCount: described(z._default(integer(0, 5000), 1), 'number of tasks'),
  blueGreen: described(
    z._default(z.boolean(), false),
    'two target groups (weighted forward, all weight on one)',
  ),
  healthCheck: z._default(healthCheckSchema, {
    path: '/health',
    interval: 30,
    timeout: 5,
    matcher: '200-299',
  }),
  securityGroups: described(
    z._default(z.array(securityGroupId).check(z.maxLength(4)), []),
    'extra security groups for the tasks',
  ),
  subnets: described(
    z._default(z.array(subnetId).check(z.maxLength(16)), []),
    'subnets for the tasks (default: the rail subnets)',
  ),
});

export const syncSchema = z.strictObject({
  runner: described(
    z._default(z.enum(['lambda', 'none']), 'none'),
    'lambda: `up` deploys a scheduled sync Lambda',
  ),
  source: described(z._default(z.enum(['eni', 'dns']), 'eni'), 'where the ALB IPs come from'),
  dnsServer: described(
    z.optional(
      z.string().check(z.regex(/^[A-Za-z0-9.-]+:\d{1,5}$|^\[[0-9a-fA-F:]+\]:\d{1,5}$/, 'host:port')),
    ),
    'ask this DNS server directly (host:port)',
  ),
  bucket: described(z.optional(bucket), 'S3 bucket for the sync state (created with versioning by `up`)'),
  maxLookups: described(z._default(integer(1, 1000), 50), 'DNS lookups per pass (dns source)'),
  missesBeforeDeregister: described(
    z._default(integer(1, 1000), 10),
    'passes an IP must be missing before it is deregistered',
  ),
  interval: described(z._default(integer(1, 86400), 60), 'seconds between passes of the CLI loop'),
});

const domainName = z.pipe(
  z
    .string()
    .check(
      z.maxLength(253),
      z.regex(
        /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$/,
        'a DNS name such as api.abq.com',
      ),
    ),
  z.transform((v: string) => v.toLowerCase()),
);

/** The front door (docs/aws-behaviour.md §11): API Gateway → VPC link → the NLB, or → the ALB (v2). */
export const apiGatewaySchema = z.strictObject({
  type: described(z._default(z.enum(['rest', 'http']), 'rest'), 'rest: a REST API; http: an HTTP API'),
  name: described(
    z.optional(
      z
        .string()
        .check(
          z.minLength(1),
          z.maxLength(128),
          z.regex(/^[A-Za-z0-9 _.-]+$/, 'letters, digits, spaces and _ . -'),
        ),
    ),
    'the API name (default <stage>-api)',
  ),
  vpcLink: described(
    z.optional(z.enum(['v1', 'v2'])),
    'v1: a REST API VPC link to the NLB; v2: a VPC link v2 (default v1 for rest, v2 for http)',
  ),
  target: described(
    z._default(z.enum(['nlb', 'alb']), 'nlb'),
    'what the link reaches: nlb, or alb (v2 only)',
  ),
  stageName: described(
    z._default(z.string().check(z.regex(/^[A-Za-z0-9_-]{1,128}$/, 'letters, digits, _ and -')), 'live'),
    'the API stage',
  ),
  domainName: described(
    z.optional(domainName),
    'a regional custom domain (with `certificate`), mapped to the stage',
  ),
});
const percentOf = (what: string, fallback: number) =>
  described(z._default(z.number().check(z.gte(0), z.lte(100)), fallback), what);

/** Thresholds of `rails status`'s traffic signals (src/lib/signals/model.ts DEFAULT_THRESHOLDS). */
export const signalsSchema = described(
  z.strictObject({
    errorRate: described(
      z._default(
        z
          .strictObject({
            degraded: percentOf('error share of requests (%) at which a hop is degraded', 1),
            broken: percentOf('error share of requests (%) at which a hop is broken', 25),
          })
          .check(
            z.refine((e) => e.degraded <= e.broken, {
              message: 'degraded must not be above broken',
              path: ['degraded'],
            }),
          ),
        { degraded: 1, broken: 25 },
      ),
      'error share thresholds, in percent of requests (5xx, resets, Lambda errors)',
    ),
    targetP99Seconds: described(
      z._default(z.number().check(z.positive(), z.lte(4000)), 2),
      "targets' p99 response time (s) above which a service is degraded",
    ),
    apiLatencyP99Seconds: described(
      z._default(z.number().check(z.positive(), z.lte(30)), 5),
      "API Gateway's p99 latency (s) above which the API hop is degraded",
    ),
    cpuPercent: percentOf("average CPU (%) of a service's tasks at which it is degraded", 90),
    memoryPercent: percentOf("average memory (%) of a service's tasks at which it is degraded", 90),
  }),
  'thresholds of the traffic signals `rails status` judges',
);

export const railSchema = z
  .strictObject({
    $schema: z.optional(z.string()),
    stage: described(
      z
        .string()
        .check(z.regex(STAGE_PATTERN, 'lowercase letters, digits and hyphens, at most 24 characters')),
      'used in every name and tag',
    ),
    region: z.optional(
      z.string().check(z.regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'an AWS region such as us-east-1')),
    ),
    vpc: z
      .string()
      .check(z.regex(/^vpc-[0-9a-f]{8}(?:[0-9a-f]{9})?$/, 'a VPC id such as vpc-0123456789abcdef0')),
    subnets: z
      .array(subnetId)
      .check(z.minLength(2, 'at least two private subnets in two AZs'), z.maxLength(16)),
    certificate: z
      .string()
      .check(
        z.regex(
          /^arn:aws[a-z-]*:acm:[a-z0-9-]+:\d{12}:certificate\/[A-Za-z0-9-]+$/,
          'an ACM certificate ARN',
        ),
      ),
    accessLogs: z._default(z.strictObject({ nlb: z.optional(bucket), alb: z.optional(bucket) }), {}),
    staticIps: described(
      z._default(z.enum(['sync', 'alb-target', 'none']), 'sync'),
      'how the NLB reaches the ALB; none: no NLB (only without an NLB consumer)',
    ),
    apiGateway: described(z.optional(apiGatewaySchema), 'API Gateway in front of the rail (absent: none)'),
    sync: z._default(syncSchema, {
      runner: 'none',
      source: 'eni',
      maxLookups: 50,
      missesBeforeDeregister: 10,
      interval: 60,
    }),
    services: z._default(z.array(serviceSchema), []),
    signals: z._default(signalsSchema, {
      errorRate: { degraded: 1, broken: 25 },
      targetP99Seconds: 2,
      apiLatencyP99Seconds: 5,
      cpuPercent: 90,
      memoryPercent: 90,
    }),
  })
  .check(
    z.superRefine((rail, ctx) => {
      rail.services.forEach((s, i) => {
        if (s.taskDefinition === undefined && s.image === undefined) {
          ctx.addIssue({
            code: 'custom',
            path: ['services', i, 'taskDefinition'],
            message: 'give taskDefinition (family, family:revision or ARN) or image',
          });
        }
        // Both would leave one silently ignored: the service must run exactly one of them.
        if (s.taskDefinition !== undefined && s.image !== undefined) {
          ctx.addIssue({
            code: 'custom',
            path: ['services', i, 'image'],
            input: s.image,
            message:
              'give either image (rails registers a task definition running it) or taskDefinition, not both: remove one',
          });
        }
      });
    }),
  );

export type RailConfig = z.infer<typeof railSchema>;
export type ServiceConfig = RailConfig['services'][number];
export type SyncConfig = RailConfig['sync'];
export type ApiGatewayConfig = NonNullable<RailConfig['apiGateway']>;
export type SignalsConfig = RailConfig['signals'];
