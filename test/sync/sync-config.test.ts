// Sync settings from rail.yaml and flags, the Lambda's environment, its IAM policy and its package.
import { describe, expect, it } from 'vitest';
import { parseRailConfig } from '../../src/lib/config/load.js';
import { UsageError } from '../../src/lib/errors.js';
import { lambdaPackage } from '../../src/lib/rail/sync-runner/lambda-bundle.js';
import { arnParts, lambdaPolicy } from '../../src/lib/rail/sync-runner/lambda-policy.js';
import { lambdaEnvironment, syncFromEnvironment } from '../../src/lib/sync/lambda-config.js';
import { syncSettings } from '../../src/lib/sync/settings.js';

const YAML = `stage: dev
vpc: vpc-0c0ffee0000000001
subnets: [subnet-0c0ffee0000000a01, subnet-0c0ffee0000000b02]
certificate: arn:aws:acm:us-east-1:123456789012:certificate/0c0ffee0-0000-4000-8000-000000000001
sync:
  bucket: dev-sync
  missesBeforeDeregister: 7
  interval: 45
`;
const rail = parseRailConfig(YAML, 'rail.yaml');
const TG80 = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/dev-nlb-80/0123456789abcdef';
const TG443 = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/dev-nlb-443/fedcba9876543210';

describe('syncSettings', () => {
  it('takes rail.yaml values when no flag is given', () => {
    expect(syncSettings(rail, {})).toMatchObject({
      bucket: 'dev-sync',
      source: 'eni',
      missesBeforeDeregister: 7,
      intervalSeconds: 45,
      maxLookups: 50,
      dryRun: false,
    });
  });
  it('flags win', () => {
    const s = syncSettings(rail, {
      misses: '2',
      interval: '5',
      listener: '443',
      source: 'dns',
      dnsServer: '127.0.0.1:5353',
      dryRun: true,
    });
    expect(s).toMatchObject({
      missesBeforeDeregister: 2,
      intervalSeconds: 5,
      listener: 443,
      source: 'dns',
      dnsServer: { host: '127.0.0.1', port: 5353 },
      dryRun: true,
    });
  });
  const bad: [string, Record<string, string>, RegExp][] = [
    ['--misses 0', { misses: '0' }, /--misses 0/],
    ['--misses 1.5', { misses: '1.5' }, /whole number/],
    ['--interval -1', { interval: '-1' }, /--interval/],
    ['--listener 8080', { listener: '8080' }, /80 and 443/],
    ['--source ping', { source: 'ping' }, /eni or dns/],
    ['--dns-server nohost', { dnsServer: 'nohost' }, /host:port/],
  ];
  for (const [name, opts, message] of bad) {
    it(`refuses ${name} as a usage error (exit 2)`, () => {
      let err: unknown;
      try {
        syncSettings(rail, opts);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(UsageError);
      expect((err as UsageError).exitCode).toBe(2);
      expect((err as Error).message).toMatch(message);
    });
  }
  it('needs a bucket for the counters', () => {
    const noBucket = parseRailConfig(YAML.replace('  bucket: dev-sync\n', ''), 'rail.yaml');
    expect(() => syncSettings(noBucket, {})).toThrow(/sync.bucket/);
  });
});

describe('the Lambda environment', () => {
  it('round-trips every setting the engine needs', () => {
    const syncRail = {
      alb: {
        arn: 'arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/dev-alb/abc',
        name: 'dev-alb',
        dnsName: 'internal-dev-alb-1.us-east-1.elb.amazonaws.com',
      },
      nlbName: 'dev-nlb',
      targetGroups: [
        { arn: TG80, name: 'dev-nlb-80', port: 80 },
        { arn: TG443, name: 'dev-nlb-443', port: 443 },
      ],
    };
    const settings = {
      bucket: 'dev-sync',
      source: 'dns' as const,
      dnsServer: { host: '127.0.0.1', port: 5353 },
      maxLookups: 20,
      missesBeforeDeregister: 4,
    };
    const env = lambdaEnvironment(syncRail, settings);
    expect(syncFromEnvironment(env)).toEqual({ rail: syncRail, settings: { ...settings, dryRun: false } });
  });
  it('a missing variable is an error that says to redeploy', () => {
    expect(() => syncFromEnvironment({})).toThrow(/rails up/);
  });
});

describe('the Lambda role policy', () => {
  const scope = {
    targetGroupArns: [TG443, TG80],
    bucket: 'dev-sync',
    functionName: 'dev-rails-sync-ips',
    ...arnParts(TG80),
  };
  it('allows register/deregister on exactly the rail target groups, state objects, metrics in our namespace', () => {
    const p = lambdaPolicy({ ...scope, source: 'eni' }) as { Statement: any[] };
    const by = Object.fromEntries(p.Statement.map((s) => [s.Sid, s]));
    expect(by.FollowAlbIps.Resource).toEqual([TG443, TG80].sort());
    expect(by.SyncState).toMatchObject({
      Action: ['s3:GetObject', 's3:PutObject'],
      Resource: 'arn:aws:s3:::dev-sync/*',
    });
    expect(by.Metrics.Condition.StringEquals['cloudwatch:namespace']).toBe('Rails/StaticIpSync');
    expect(by.LogEvents.Resource).toBe(
      'arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/dev-rails-sync-ips:log-stream:*',
    );
    expect(by.ReadAlbInterfaces.Action).toBe('ec2:DescribeNetworkInterfaces');
    expect(p.Statement.flatMap((s) => s.Action).some((a: string) => a.endsWith('*'))).toBe(false);
  });
  it('the dns source gets no DescribeNetworkInterfaces', () => {
    const p = lambdaPolicy({ ...scope, source: 'dns' }) as { Statement: any[] };
    expect(JSON.stringify(p)).not.toContain('DescribeNetworkInterfaces');
  });
});

describe('the Lambda package', () => {
  it('is deterministic, so its hash changes only with the bundle', () => {
    const a = lambdaPackage();
    const b = lambdaPackage();
    expect(a.sha256).toBe(b.sha256);
    expect(a.sha256).toMatch(/^[A-Za-z0-9+/]{43}=$/);
  });
});
