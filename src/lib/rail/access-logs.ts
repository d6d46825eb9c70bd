/**
 * Access-log bucket policies, as plain data: the statements that let ELB deliver a hop's access logs
 * into a bucket, whether a policy already grants them, and a policy with the missing ones added.
 * Pure: no AWS calls. AWS facts: ELB writes `<bucket>/<prefix/>AWSLogs/<account>/…`; an ALB delivers
 * as the Region's ELB account (Regions opened before August 2022) or as the
 * `logdelivery.elasticloadbalancing` service, an NLB as the `delivery.logs` service, which also reads
 * the bucket ACL. ModifyLoadBalancerAttributes refuses a bucket without these grants.
 */
import { ALB_LOG_SERVICE, ELB_LOG_ACCOUNTS, NLB_LOG_SERVICE } from '../aws/elb-log-delivery.js';

/** The load balancers of a rail that log: `accessLogs.nlb` and `accessLogs.alb`. */
export type LogHop = 'nlb' | 'alb';

/** Where the logs go: the bucket, the account whose logs they are, and the Region. */
export interface DeliveryTarget {
  bucket: string;
  account: string;
  region: string;
}

export interface PolicyStatement {
  Sid?: string;
  Effect: 'Allow' | 'Deny';
  Principal: '*' | { Service?: string | string[]; AWS?: string | string[] };
  Action: string | string[];
  Resource: string | string[];
  Condition?: Record<string, Record<string, string>>;
}

/** The config field a hop's bucket comes from, for messages. */
export const ACCESS_LOG_FIELD: Record<LogHop, string> = { nlb: 'accessLogs.nlb', alb: 'accessLogs.alb' };

/** rails writes no prefix: logs land under `AWSLogs/<account>/`. */
function logObjects(t: DeliveryTarget): string {
  return `arn:aws:s3:::${t.bucket}/AWSLogs/${t.account}/*`;
}

/** The statements a hop needs in the bucket policy. */
export function deliveryStatements(hop: LogHop, t: DeliveryTarget): PolicyStatement[] {
  if (hop === 'alb') {
    const account = ELB_LOG_ACCOUNTS[t.region];
    return [
      {
        Sid: 'RailsAlbAccessLogs',
        Effect: 'Allow',
        Principal: account ? { AWS: `arn:aws:iam::${account}:root` } : { Service: ALB_LOG_SERVICE },
        Action: 's3:PutObject',
        Resource: logObjects(t),
      },
    ];
  }
  return [
    {
      Sid: 'RailsNlbAccessLogsWrite',
      Effect: 'Allow',
      Principal: { Service: NLB_LOG_SERVICE },
      Action: 's3:PutObject',
      Resource: logObjects(t),
      Condition: {
        StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control', 'aws:SourceAccount': t.account },
      },
    },
    {
      Sid: 'RailsNlbAccessLogsAclCheck',
      Effect: 'Allow',
      Principal: { Service: NLB_LOG_SERVICE },
      Action: 's3:GetBucketAcl',
      Resource: `arn:aws:s3:::${t.bucket}`,
      Condition: { StringEquals: { 'aws:SourceAccount': t.account } },
    },
  ];
}

const asList = (v: unknown): string[] =>
  Array.isArray(v) ? v.map(String) : v === undefined || v === null ? [] : [String(v)];

function wildcard(pattern: string, value: string, ignoreCase = false): boolean {
  const re = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${re}$`, ignoreCase ? 'i' : '').test(value);
}

type Principal = { service: string } | { account: string };

function principalMatches(p: unknown, who: Principal): boolean {
  if (p === '*') return true;
  if (!p || typeof p !== 'object') return false;
  const { Service, AWS } = p as { Service?: unknown; AWS?: unknown };
  if ('service' in who) return asList(Service).includes(who.service);
  return asList(AWS).some((a) => a === '*' || a === who.account || a === `arn:aws:iam::${who.account}:root`);
}

/** True when an Allow statement grants it and no Deny refuses it (conditions are not weighed). */
function allows(statements: unknown[], who: Principal, action: string, resource: string): boolean {
  const hits = statements.filter((raw) => {
    const st = raw as Record<string, unknown>;
    return (
      principalMatches(st.Principal, who) &&
      asList(st.Action).some((a) => wildcard(a, action, true)) &&
      asList(st.Resource).some((r) => wildcard(r, resource))
    );
  });
  if (hits.some((st) => (st as { Effect?: unknown }).Effect === 'Deny')) return false;
  return hits.some((st) => (st as { Effect?: unknown }).Effect === 'Allow');
}

/** The statements of a policy's JSON text (none for no policy or text that does not parse). */
export function policyStatements(policy: string | undefined): unknown[] {
  if (!policy) return [];
  try {
    const st = (JSON.parse(policy) as { Statement?: unknown }).Statement;
    return (Array.isArray(st) ? st : st ? [st] : []).filter((s) => s && typeof s === 'object');
  } catch {
    return [];
  }
}

/** True when the policy lets the hop's log delivery write into the bucket, as ELB checks it. */
export function grantsDelivery(policy: string | undefined, hop: LogHop, t: DeliveryTarget): boolean {
  const statements = policyStatements(policy);
  const key = `arn:aws:s3:::${t.bucket}/AWSLogs/${t.account}/`;
  if (hop === 'nlb') {
    const who = { service: NLB_LOG_SERVICE };
    return (
      allows(statements, who, 's3:PutObject', `${key}*`) &&
      allows(statements, who, 's3:GetBucketAcl', `arn:aws:s3:::${t.bucket}`)
    );
  }
  const account = ELB_LOG_ACCOUNTS[t.region];
  return (
    allows(statements, { service: ALB_LOG_SERVICE }, 's3:PutObject', `${key}*`) ||
    (!!account && allows(statements, { account }, 's3:PutObject', `${key}*`))
  );
}

/** The statements the hops still need: empty when the policy grants them all. */
export function missingStatements(
  policy: string | undefined,
  hops: LogHop[],
  t: DeliveryTarget,
): PolicyStatement[] {
  return hops.filter((hop) => !grantsDelivery(policy, hop, t)).flatMap((hop) => deliveryStatements(hop, t));
}

/** The policy with the statements added (a statement of the same Sid is replaced), as JSON text. */
export function policyWith(policy: string | undefined, add: PolicyStatement[]): string {
  const sids = new Set(add.map((s) => s.Sid));
  const kept = policyStatements(policy).filter((s) => !sids.has((s as { Sid?: string }).Sid));
  let version = '2012-10-17';
  try {
    version = (policy && (JSON.parse(policy) as { Version?: string }).Version) || version;
  } catch {
    // no usable policy: a new document
  }
  return JSON.stringify({ Version: version, Statement: [...kept, ...add] });
}
