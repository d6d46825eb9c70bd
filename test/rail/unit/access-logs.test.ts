import { describe, expect, it } from 'vitest';
import { type AccessLogReading, accessLogProblems } from '../../../src/lib/rail/access-log-buckets.js';
import {
  deliveryStatements,
  grantsDelivery,
  missingStatements,
  policyWith,
} from '../../../src/lib/rail/access-logs.js';

const T = { bucket: 'logs', account: '123456789012', region: 'us-east-1' };
const doc = (...Statement: object[]) => JSON.stringify({ Version: '2012-10-17', Statement });

describe('access-log delivery policy', () => {
  it('what rails writes grants what it checks, per hop and Region', () => {
    for (const region of ['us-east-1', 'eu-west-1', 'ap-southeast-5']) {
      const t = { ...T, region };
      for (const hop of ['alb', 'nlb'] as const)
        expect(grantsDelivery(policyWith(undefined, deliveryStatements(hop, t)), hop, t)).toBe(true);
    }
    // A Region opened after 2022 has no ELB account: the ALB delivers as the service.
    expect(deliveryStatements('alb', { ...T, region: 'ap-southeast-5' })[0]!.Principal).toEqual({
      Service: 'logdelivery.elasticloadbalancing.amazonaws.com',
    });
  });

  it('accepts wildcards in actions and resources, and array principals', () => {
    const p = doc({
      Effect: 'Allow',
      Principal: { Service: ['logdelivery.elasticloadbalancing.amazonaws.com', 'x.amazonaws.com'] },
      Action: ['s3:Put*'],
      Resource: 'arn:aws:s3:::logs/*',
    });
    expect(grantsDelivery(p, 'alb', T)).toBe(true);
    expect(grantsDelivery(p, 'nlb', T)).toBe(false);
  });

  it('a Deny for the principal wins; the wrong prefix or principal does not grant', () => {
    const allow = deliveryStatements('alb', T)[0]!;
    expect(
      grantsDelivery(doc(allow, { ...allow, Sid: 'no', Effect: 'Deny', Action: 's3:*' }), 'alb', T),
    ).toBe(false);
    expect(grantsDelivery(doc({ ...allow, Resource: 'arn:aws:s3:::logs/other/AWSLogs/*' }), 'alb', T)).toBe(
      false,
    );
    expect(
      grantsDelivery(doc({ ...allow, Principal: { AWS: 'arn:aws:iam::999999999999:root' } }), 'alb', T),
    ).toBe(false);
    expect(grantsDelivery(undefined, 'alb', T)).toBe(false);
    expect(grantsDelivery('not json', 'alb', T)).toBe(false);
  });

  it('adds only the missing statements and keeps the rest of the policy', () => {
    const other = {
      Sid: 'Mine',
      Effect: 'Allow',
      Principal: '*',
      Action: 's3:GetObject',
      Resource: 'arn:aws:s3:::logs/public/*',
    };
    const current = doc(other, ...deliveryStatements('alb', T));
    const missing = missingStatements(current, ['alb', 'nlb'], T);
    expect(missing.map((s) => s.Sid)).toEqual(['RailsNlbAccessLogsWrite', 'RailsNlbAccessLogsAclCheck']);
    const next = JSON.parse(policyWith(current, missing));
    expect(next.Statement.map((s: any) => s.Sid)).toEqual([
      'Mine',
      'RailsAlbAccessLogs',
      'RailsNlbAccessLogsWrite',
      'RailsNlbAccessLogsAclCheck',
    ]);
  });

  it('refuses a bucket rails did not make, per field, with the statements to add', () => {
    const reading: AccessLogReading = {
      account: T.account,
      region: T.region,
      buckets: [
        {
          name: 'theirs',
          hops: ['nlb', 'alb'],
          state: 'ours',
          madeByRails: false,
          policy: doc(...deliveryStatements('alb', { ...T, bucket: 'theirs' })),
        },
        { name: 'far', hops: ['alb'], state: 'ours', region: 'eu-west-1', madeByRails: true },
        { name: 'mine', hops: ['alb'], state: 'ours', madeByRails: true },
        { name: 'new', hops: ['alb'], state: 'missing', madeByRails: false },
      ],
    };
    const problems = accessLogProblems(reading);
    expect(problems.map((p) => p.path)).toEqual(['accessLogs.nlb', 'accessLogs.alb']);
    expect(problems[0]!.message).toContain('RailsNlbAccessLogsWrite');
    expect(problems[1]!.message).toContain('is in eu-west-1');
  });
});
