/**
 * The access-log buckets of rail.yaml as `up` sees them: read before the first change, and refused
 * when AWS would refuse them and rails may not fix them (their steps are in access-log-steps.ts).
 * rails creates a missing bucket (tagged as its own) with the delivery statements, adds missing
 * statements only to a bucket it made, and never deletes one: it holds the logs.
 */
import type { AwsClients } from '../aws/clients.js';
import { bucketPolicy, bucketPresence, bucketTags } from '../aws/s3.js';
import { callerAccount } from '../aws/sts.js';
import { MANAGED_BY, TAG_MANAGED_BY, TAG_ROLE } from '../common/names.js';
import type { RailConfig } from '../config/schema.js';
import type { ConfigProblem } from '../errors.js';
import { ACCESS_LOG_FIELD, type DeliveryTarget, type LogHop, missingStatements } from './access-logs.js';

/** The role tag of a bucket rails made for access logs. */
export const ACCESS_LOG_ROLE = 'access-logs';

export interface AccessLogBucket {
  name: string;
  /** The hops of rail.yaml that log into it. */
  hops: LogHop[];
  state: 'missing' | 'forbidden' | 'ours';
  region?: string;
  policy?: string;
  /** Tagged by rails when it created the bucket. */
  madeByRails: boolean;
}

export interface AccessLogReading {
  account: string;
  region: string;
  buckets: AccessLogBucket[];
}

/** The configured buckets with the hops that log into each (one bucket may serve both). */
export function configuredBuckets(rail: RailConfig): Map<string, LogHop[]> {
  const byBucket = new Map<string, LogHop[]>();
  for (const hop of ['nlb', 'alb'] as const) {
    const name = rail.accessLogs[hop];
    if (name) byBucket.set(name, [...(byBucket.get(name) ?? []), hop]);
  }
  return byBucket;
}

/** Reads every configured bucket (presence, Region, policy, and tags when they matter); read-only. */
export async function readAccessLogBuckets(
  aws: AwsClients,
  rail: RailConfig,
): Promise<AccessLogReading | undefined> {
  const configured = configuredBuckets(rail);
  if (!configured.size) return undefined;
  const region = aws.settings.region;
  const [account, buckets] = await Promise.all([
    callerAccount(aws),
    Promise.all(
      [...configured].map(async ([name, hops]): Promise<AccessLogBucket> => {
        const presence = await bucketPresence(aws, name);
        if (presence.state !== 'ours') return { name, hops, state: presence.state, madeByRails: false };
        const [policy, tags] = await Promise.all([bucketPolicy(aws, name), bucketTags(aws, name)]);
        return {
          name,
          hops,
          state: 'ours',
          region: presence.region,
          policy,
          madeByRails: tags[TAG_MANAGED_BY] === MANAGED_BY && tags[TAG_ROLE] === ACCESS_LOG_ROLE,
        };
      }),
    ),
  ]);
  return { account, region, buckets };
}

/** Where a bucket's log delivery writes from: this account, this Region. */
export const target = (r: AccessLogReading, b: AccessLogBucket): DeliveryTarget => ({
  bucket: b.name,
  account: r.account,
  region: r.region,
});

export const HOP_NAME: Record<LogHop, string> = { nlb: 'NLB', alb: 'ALB' };

/**
 * What AWS would refuse and rails may not change: a bucket in another Region or account, or one
 * rails did not make whose policy lacks the delivery grant (with the statements to add).
 */
export function accessLogProblems(reading: AccessLogReading | undefined): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  for (const b of reading?.buckets ?? []) {
    const path = b.hops.map((h) => ACCESS_LOG_FIELD[h]).join(', ');
    if (b.state === 'forbidden') {
      problems.push({
        path,
        message: `bucket ${b.name} exists but this account may not read it (HeadBucket: 403): it belongs to another account, or its policy denies us. Choose another bucket name, or let rails create one by naming a bucket that does not exist.`,
      });
    } else if (b.state === 'ours' && b.region && b.region !== reading!.region) {
      problems.push({
        path,
        message: `bucket ${b.name} is in ${b.region}; access logs need a bucket in the load balancers' Region ${reading!.region}.`,
      });
    } else if (b.state === 'ours' && !b.madeByRails) {
      for (const hop of b.hops) {
        const missing = missingStatements(b.policy, [hop], target(reading!, b));
        if (!missing.length) continue;
        const statements = JSON.stringify(missing, null, 2).replace(/\n/g, '\n    ');
        problems.push({
          path: ACCESS_LOG_FIELD[hop],
          message:
            `bucket ${b.name} was not made by rails and its policy ${b.policy ? 'does not let' : 'is missing, so nothing lets'} the ${HOP_NAME[hop]}'s log delivery write to it: ` +
            `AWS would refuse to turn access logs on ("Access Denied for bucket: ${b.name}"). rails never changes a bucket it did not make; add ${missing.length === 1 ? 'this statement' : 'these statements'} to its bucket policy:\n    ${statements}`,
        });
      }
    }
  }
  return problems;
}
