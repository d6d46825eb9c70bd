/**
 * The access-log buckets' steps: converged in a phase before the load balancers whose attributes
 * name them (`up`), and kept with a plan line that says so (`down`).
 */
import type { AwsClients } from '../aws/clients.js';
import { createBucket, putBucketPolicy } from '../aws/s3.js';
import { MANAGED_BY, TAG_MANAGED_BY, TAG_ROLE, TAG_STAGE } from '../common/names.js';
import type { RailConfig } from '../config/schema.js';
import { ACCESS_LOG_ROLE, type AccessLogReading, HOP_NAME, target } from './access-log-buckets.js';
import { deliveryStatements, type LogHop, missingStatements, policyWith } from './access-logs.js';
import type { Step } from './steps.js';

/**
 * One step per configured bucket whose hops are in scope: create (with tags and the delivery
 * policy), update (add the missing statements to a bucket rails made), or unchanged.
 */
export function accessLogSteps(
  aws: AwsClients,
  rail: RailConfig,
  reading: AccessLogReading | undefined,
  inScope: (hop: LogHop) => boolean,
): Step[] {
  const steps: Step[] = [];
  for (const b of reading?.buckets ?? []) {
    if (!b.hops.some(inScope)) continue;
    const t = target(reading!, b);
    const who = b.hops.map((h) => HOP_NAME[h]).join(' and ');
    const kind = 'access-log-bucket';
    if (b.state === 'missing') {
      const policy = policyWith(
        undefined,
        b.hops.flatMap((h) => deliveryStatements(h, t)),
      );
      steps.push({
        item: {
          kind,
          name: b.name,
          action: 'create',
          note: `${reading!.region}, log delivery for the ${who}`,
        },
        apply: async () => {
          // Tagged by the create call itself: the tags are how a later run knows rails made this
          // bucket, so an interrupted run cannot leave one that looks foreign.
          await createBucket(aws, b.name, reading!.region, {
            [TAG_MANAGED_BY]: MANAGED_BY,
            [TAG_ROLE]: ACCESS_LOG_ROLE,
            [TAG_STAGE]: rail.stage,
          });
          await putBucketPolicy(aws, b.name, policy);
        },
      });
      continue;
    }
    const missing = b.madeByRails ? missingStatements(b.policy, b.hops, t) : [];
    if (!missing.length) {
      steps.push({ item: { kind, name: b.name, action: 'unchanged' } });
      continue;
    }
    const sids = missing.map((s) => s.Sid).join(', ');
    steps.push({
      item: {
        kind,
        name: b.name,
        action: 'update',
        changes: [{ field: 'policy statements', from: '(missing)', to: sids }],
        note: `log delivery for the ${who}`,
      },
      apply: () => putBucketPolicy(aws, b.name, policyWith(b.policy, missing)),
    });
  }
  return steps;
}

/** `down` keeps every access-log bucket that exists: it holds the logs. Plan lines that say so. */
export function keptAccessLogBuckets(reading: AccessLogReading | undefined): Step[] {
  return (reading?.buckets ?? [])
    .filter((b) => b.state === 'ours')
    .map((b) => ({
      item: {
        kind: 'access-log-bucket',
        name: b.name,
        action: 'unchanged' as const,
        note: `kept: it holds the access logs; delete it with \`aws s3 rb s3://${b.name} --force\` when they are no longer needed`,
      },
    }));
}
