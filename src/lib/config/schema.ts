/**
 * The rail.yaml schema (zod): the single source of the typed config and of the published JSON Schema
 * (schema/rail.schema.json). Cross-field rules (duplicate routes, ALB quotas) live in checks.ts.
 */
import { z } from 'zod';
import { bucketNameProblem, SERVICE_NAME_PATTERN, STAGE_PATTERN } from './names.js';

// No parsers compiled with new Function: a CLI parses one rail.yaml per run, and compiling (and first
// probing whether eval is allowed) costs more than it saves; the interpreted parser gives the same
// results. Set before any schema is built, and for the process: only rail.yaml's schemas use zod.
z.config({ jitless: true });

const subnetId = z
  .string()
  .regex(/^subnet-[0-9a-f]{8}(?:[0-9a-f]{9})?$/, 'a subnet id such as subnet-0123456789abcdef0');
const securityGroupId = z
  .string()
  .regex(/^sg-[0-9a-f]{8}(?:[0-9a-f]{9})?$/, 'a security group id such as sg-0123456789abcdef0');
const bucket = z.string().superRefine((v, ctx) => {
  const problem = bucketNameProblem(v);
  if (problem) ctx.addIssue({ code: 'custom', message: `bucket name ${problem}` });
});

const hostName = z
  .string()
  .max(128, 'at most 128 characters (AWS host-header limit)')
  .regex(/^[A-Za-z0-9*?.-]+$/, 'a host name (letters, digits, hyphens, dots; * and ? wildcards)')
  .refine((v) => v.includes('.'), 'a host name needs at least one dot');

const pathPattern = z
  .string()
  .max(128, 'at most 128 characters (AWS path-pattern limit)')
  .regex(
    /^\/[A-Za-z0-9_\-.$/~"'@:+&*?]*$/,
    'a path pattern starting with / (letters, digits, _-.$/~"\'@:+& and * ? wildcards)',
  );

const matcher = z
  .string()
  .regex(/^\d{3}(?:-\d{3})?(?:,\d{3}(?:-\d{3})?)*$/, 'HTTP codes such as 200, 200,202 or 200-299')
  .refine(
    (v) => v.split(/[,-]/).every((code) => Number(code) >= 200 && Number(code) <= 499),
    'codes must be within 200-499 (HTTP target groups)',
  );

export const healthCheckSchema = z
  .strictObject({
    path: z
      .string()
      .startsWith('/', 'a path starting with /')
      .max(1024)
      .default('/health')
      .describe('health check path'),
    interval: z.number().int().min(5).max(300).default(30).describe('seconds between checks (5-300)'),
    timeout: z
      .number()
      .int()
      .min(2)
      .max(120)
      .default(5)
      .describe('seconds before a check fails (2-120, below interval)'),
    matcher: matcher.default('200-299').describe('HTTP codes that mean healthy'),
  })
  .refine((h) => h.timeout < h.interval, {
    message: 'timeout must be less than interval',
    path: ['timeout'],
  });

export const serviceSchema = z.strictObject({
  name: z
    .string()
    .max(255)
    .regex(
      SERVICE_NAME_PATTERN,
      'letters, digits and hyphens, starting and ending with a letter or digit (it starts target group names)',
    )
    .describe('service name: the ECS service, and the start of its target group names'),
  cluster: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,255}$/, 'an ECS cluster name')
    .default('default')
    .describe('ECS cluster (created if missing)'),
  taskDefinition: z.string().min(1).optional().describe('task definition family, family:revision or ARN'),
  image: z
    .string()
    .max(255)
    // AWS's character set for a container image: repository URL, name, then :tag or @digest.
    .regex(
      /^[A-Za-z0-9][A-Za-z0-9._:/@#-]*$/,
      'a container image such as public.ecr.aws/docker/library/nginx:1.27 (no spaces, not empty)',
    )
    .optional()
    .describe('shorthand: register a minimal Fargate task definition running this image'),
  container: z.string().min(1).max(255).describe('the container that receives traffic'),
  port: z.number().int().min(1).max(65535).describe('container port'),
  host: hostName.describe('host header routed to this service'),
  paths: z
    .array(pathPattern)
    .min(1, 'at least one path pattern')
    .max(5)
    .describe('path patterns routed to this service'),
  desiredCount: z.number().int().min(0).max(5000).default(1).describe('number of tasks'),
  blueGreen: z.boolean().default(false).describe('two target groups (weighted forward, all weight on one)'),
  healthCheck: healthCheckSchema.default({ path: '/health', interval: 30, timeout: 5, matcher: '200-299' }),
  securityGroups: z.array(securityGroupId).max(4).default([]).describe('extra security groups for the tasks'),
  subnets: z
    .array(subnetId)
    .max(16)
    .default([])
    .describe('subnets for the tasks (default: the rail subnets)'),
});

export const syncSchema = z.strictObject({
  runner: z.enum(['lambda', 'none']).default('none').describe('lambda: `up` deploys a scheduled sync Lambda'),
  source: z.enum(['eni', 'dns']).default('eni').describe('where the ALB IPs come from'),
  dnsServer: z
    .string()
    .regex(/^[A-Za-z0-9.-]+:\d{1,5}$|^\[[0-9a-fA-F:]+\]:\d{1,5}$/, 'host:port')
    .optional()
    .describe('ask this DNS server directly (host:port)'),
  bucket: bucket.optional().describe('S3 bucket for the sync state (created with versioning by `up`)'),
  maxLookups: z.number().int().min(1).max(1000).default(50).describe('DNS lookups per pass (dns source)'),
  missesBeforeDeregister: z
    .number()
    .int()
    .min(1)
    .max(1000)
    .default(10)
    .describe('passes an IP must be missing before it is deregistered'),
  interval: z.number().int().min(1).max(86400).default(60).describe('seconds between passes of the CLI loop'),
});

const domainName = z
  .string()
  .max(253)
  .regex(
    /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$/,
    'a DNS name such as api.abq.com',
  )
  .transform((v) => v.toLowerCase());

/** The front door (docs/aws-behaviour.md §11): API Gateway → VPC link → the NLB, or → the ALB (v2). */
export const apiGatewaySchema = z.strictObject({
  type: z.enum(['rest', 'http']).default('rest').describe('rest: a REST API; http: an HTTP API'),
  name: z
    .string()
    .min(1)
    .max(128)
    .regex(/^[A-Za-z0-9 _.-]+$/, 'letters, digits, spaces and _ . -')
    .optional()
    .describe('the API name (default <stage>-api)'),
  vpcLink: z
    .enum(['v1', 'v2'])
    .optional()
    .describe('v1: a REST API VPC link to the NLB; v2: a VPC link v2 (default v1 for rest, v2 for http)'),
  target: z.enum(['nlb', 'alb']).default('nlb').describe('what the link reaches: nlb, or alb (v2 only)'),
  stageName: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,128}$/, 'letters, digits, _ and -')
    .default('live')
    .describe('the API stage'),
  domainName: domainName
    .optional()
    .describe('a regional custom domain (with `certificate`), mapped to the stage'),
});
const percentOf = (what: string, fallback: number) =>
  z.number().min(0).max(100).default(fallback).describe(what);

/** Thresholds of `rails status`'s traffic signals (src/lib/signals/model.ts DEFAULT_THRESHOLDS). */
export const signalsSchema = z
  .strictObject({
    errorRate: z
      .strictObject({
        degraded: percentOf('error share of requests (%) at which a hop is degraded', 1),
        broken: percentOf('error share of requests (%) at which a hop is broken', 25),
      })
      .refine((e) => e.degraded <= e.broken, {
        message: 'degraded must not be above broken',
        path: ['degraded'],
      })
      .default({ degraded: 1, broken: 25 })
      .describe('error share thresholds, in percent of requests (5xx, resets, Lambda errors)'),
    targetP99Seconds: z
      .number()
      .positive()
      .max(4000)
      .default(2)
      .describe("targets' p99 response time (s) above which a service is degraded"),
    apiLatencyP99Seconds: z
      .number()
      .positive()
      .max(30)
      .default(5)
      .describe("API Gateway's p99 latency (s) above which the API hop is degraded"),
    cpuPercent: percentOf("average CPU (%) of a service's tasks at which it is degraded", 90),
    memoryPercent: percentOf("average memory (%) of a service's tasks at which it is degraded", 90),
  })
  .describe('thresholds of the traffic signals `rails status` judges');

export const railSchema = z
  .strictObject({
    $schema: z.string().optional(),
    stage: z
      .string()
      .regex(STAGE_PATTERN, 'lowercase letters, digits and hyphens, at most 24 characters')
      .describe('used in every name and tag'),
    region: z
      .string()
      .regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'an AWS region such as us-east-1')
      .optional(),
    vpc: z.string().regex(/^vpc-[0-9a-f]{8}(?:[0-9a-f]{9})?$/, 'a VPC id such as vpc-0123456789abcdef0'),
    subnets: z.array(subnetId).min(2, 'at least two private subnets in two AZs').max(16),
    certificate: z
      .string()
      .regex(/^arn:aws[a-z-]*:acm:[a-z0-9-]+:\d{12}:certificate\/[A-Za-z0-9-]+$/, 'an ACM certificate ARN'),
    accessLogs: z.strictObject({ nlb: bucket.optional(), alb: bucket.optional() }).default({}),
    staticIps: z
      .enum(['sync', 'alb-target', 'none'])
      .default('sync')
      .describe('how the NLB reaches the ALB; none: no NLB (only without an NLB consumer)'),
    apiGateway: apiGatewaySchema.optional().describe('API Gateway in front of the rail (absent: none)'),
    sync: syncSchema.default({
      runner: 'none',
      source: 'eni',
      maxLookups: 50,
      missesBeforeDeregister: 10,
      interval: 60,
    }),
    services: z.array(serviceSchema).default([]),
    signals: signalsSchema.default({
      errorRate: { degraded: 1, broken: 25 },
      targetP99Seconds: 2,
      apiLatencyP99Seconds: 5,
      cpuPercent: 90,
      memoryPercent: 90,
    }),
  })
  .superRefine((rail, ctx) => {
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
  });

export type RailConfig = z.infer<typeof railSchema>;
export type ServiceConfig = RailConfig['services'][number];
export type SyncConfig = RailConfig['sync'];
export type ApiGatewayConfig = NonNullable<RailConfig['apiGateway']>;
export type SignalsConfig = RailConfig['signals'];
