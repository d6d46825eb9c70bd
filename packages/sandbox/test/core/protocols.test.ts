/**
 * Wire protocols against the unmodified SDK: each error encoding makes the SDK raise the named
 * exception it raises against AWS, inputs decode as handlers expect, outputs parse into SDK shapes.
 * Tiny test-only services stand in for the real ones, so this checks the core alone.
 */

import { CloudWatchClient, PutMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { CreateSecurityGroupCommand, DescribeVpcsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { DescribeServicesCommand, ECSClient } from '@aws-sdk/client-ecs';
import {
  CreateTargetGroupCommand,
  DescribeLoadBalancersCommand,
  ElasticLoadBalancingV2Client,
  ModifyRuleCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AwsError } from '../../src/core/aws-error.js';
import type { ServiceDefinition } from '../../src/core/types.js';
import { type RunningSandbox, startSandbox } from '../../src/index.js';
import { rejection } from '../helpers/sdk.js';

const seen: Record<string, any> = {};
const created = new Date('2026-01-02T03:04:05.000Z');

const elbv2: ServiceDefinition = {
  signingName: 'elasticloadbalancing',
  protocol: 'awsQuery',
  version: '2015-12-01',
  xmlNamespace: 'http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/',
  operations: {
    CreateTargetGroup: () => {
      throw new AwsError(
        'DuplicateTargetGroupName',
        'A target group with the same name exists, but with different settings',
      );
    },
    DescribeLoadBalancers: (input) => {
      seen.describeLoadBalancers = input;
      return {
        LoadBalancers: [
          {
            LoadBalancerName: 'a&b',
            CreatedTime: created,
            AvailabilityZones: [{ ZoneName: 'us-east-1a' }, { ZoneName: 'us-east-1b' }],
            SecurityGroups: [],
            State: { Code: 'active' },
          },
        ],
        NextMarker: 'm2',
      };
    },
    ModifyRule: (input) => {
      seen.modifyRule = input;
      return { Rules: [] };
    },
  },
};

const ec2: ServiceDefinition = {
  signingName: 'ec2',
  protocol: 'ec2Query',
  version: '2016-11-15',
  operations: {
    CreateSecurityGroup: () => {
      throw new AwsError('InvalidGroup.Duplicate', "The security group 'web' already exists for VPC 'vpc-1'");
    },
    DescribeVpcs: (input) => {
      seen.describeVpcs = input;
      return { vpcSet: [{ vpcId: 'vpc-1', cidrBlock: '10.0.0.0/16', isDefault: false, tagSet: [] }] };
    },
  },
};

const ecs: ServiceDefinition = {
  signingName: 'ecs',
  protocol: 'awsJson1_1',
  targetPrefix: 'AmazonEC2ContainerServiceV20141113',
  operations: {
    DescribeServices: (input: { cluster?: string; services: string[] }) => {
      if (input.cluster === 'bad') throw new AwsError('ClusterNotFoundException', 'Cluster not found.');
      return {
        services: [{ serviceName: input.services[0], status: 'ACTIVE', createdAt: created }],
        failures: [],
      };
    },
  },
};

const cloudwatch: ServiceDefinition = {
  signingName: 'monitoring',
  protocol: 'awsJson1_0',
  targetPrefix: 'GraniteServiceVersion20100801',
  operations: {
    PutMetricData: (input: { Namespace?: string; MetricData?: unknown[] }) => {
      seen.putMetricData = input;
      if (!input.Namespace) throw new AwsError('MissingParameter', 'The parameter Namespace is required.');
      if (input.Namespace.startsWith(':'))
        throw new AwsError('InvalidParameterValue', 'Namespace may not start with :');
      return {};
    },
  },
};

let running: RunningSandbox;
let config: Record<string, unknown>;

beforeAll(async () => {
  running = await startSandbox({ port: 0, empty: true, services: [elbv2, ec2, ecs, cloudwatch] });
  config = {
    endpoint: running.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    maxAttempts: 1,
  };
});
afterAll(() => running.stop());

describe('awsQuery', () => {
  it('raises the modelled exception with the wire code, status and request id', async () => {
    const client = new ElasticLoadBalancingV2Client(config);
    const err = await rejection(client.send(new CreateTargetGroupCommand({ Name: 'tg' })));
    expect(err.name).toBe('DuplicateTargetGroupNameException');
    expect(err.Code).toBe('DuplicateTargetGroupName');
    expect(err.$metadata.httpStatusCode).toBe(400);
    expect(err.$metadata.requestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('decodes member lists and encodes output lists, dates and escaped text', async () => {
    const client = new ElasticLoadBalancingV2Client(config);
    const out = await client.send(new DescribeLoadBalancersCommand({ Names: ['a', 'b'], PageSize: 5 }));
    expect(seen.describeLoadBalancers).toEqual({ Names: ['a', 'b'], PageSize: '5' });
    const lb = out.LoadBalancers![0]!;
    expect(lb.LoadBalancerName).toBe('a&b');
    expect(lb.CreatedTime).toEqual(created);
    expect(lb.AvailabilityZones!.map((z) => z.ZoneName)).toEqual(['us-east-1a', 'us-east-1b']);
    expect(lb.SecurityGroups).toEqual([]);
    expect(out.NextMarker).toBe('m2');
  });

  it('decodes nested lists of structures (member inside member)', async () => {
    const client = new ElasticLoadBalancingV2Client(config);
    await client.send(
      new ModifyRuleCommand({
        RuleArn: 'arn:rule',
        Conditions: [],
        Actions: [
          {
            Type: 'forward',
            ForwardConfig: {
              TargetGroups: [
                { TargetGroupArn: 'tg1', Weight: 1 },
                { TargetGroupArn: 'tg2', Weight: 10 },
              ],
            },
          },
        ],
      }),
    );
    expect(seen.modifyRule.Conditions).toBe('');
    expect(seen.modifyRule.Actions).toEqual([
      {
        Type: 'forward',
        ForwardConfig: {
          TargetGroups: [
            { TargetGroupArn: 'tg1', Weight: '1' },
            { TargetGroupArn: 'tg2', Weight: '10' },
          ],
        },
      },
    ]);
  });
});

describe('ec2Query', () => {
  it('raises an error named by the code itself', async () => {
    const client = new EC2Client(config);
    const err = await rejection(
      client.send(new CreateSecurityGroupCommand({ GroupName: 'web', Description: 'd' })),
    );
    expect(err.name).toBe('InvalidGroup.Duplicate');
    expect(err.$metadata.httpStatusCode).toBe(400);
  });

  it('decodes numbered filters and encodes item lists', async () => {
    const client = new EC2Client(config);
    const out = await client.send(
      new DescribeVpcsCommand({
        Filters: [{ Name: 'vpc-id', Values: ['vpc-1', 'vpc-2'] }],
        VpcIds: ['vpc-1'],
      }),
    );
    expect(seen.describeVpcs).toEqual({
      Filter: [{ Name: 'vpc-id', Value: ['vpc-1', 'vpc-2'] }],
      VpcId: ['vpc-1'],
    });
    expect(out.Vpcs).toEqual([{ VpcId: 'vpc-1', CidrBlock: '10.0.0.0/16', IsDefault: false, Tags: [] }]);
  });
});

describe('awsJson1_1', () => {
  it('raises the exception named in __type and parses epoch-second dates', async () => {
    const client = new ECSClient(config);
    const out = await client.send(new DescribeServicesCommand({ services: ['web'] }));
    expect(out.services![0]!.serviceName).toBe('web');
    expect(out.services![0]!.createdAt).toEqual(created);
    const err = await rejection(
      client.send(new DescribeServicesCommand({ cluster: 'bad', services: ['web'] })),
    );
    expect(err.name).toBe('ClusterNotFoundException');
    expect(err.message).toBe('Cluster not found.');
  });
});

describe('awsJson1_0 query-compatible (CloudWatch)', () => {
  it('raises the modelled exception and carries the query code from x-amzn-query-error', async () => {
    const client = new CloudWatchClient(config);
    const invalid = await rejection(
      client.send(new PutMetricDataCommand({ Namespace: ':x', MetricData: [{ MetricName: 'm', Value: 1 }] })),
    );
    expect(invalid.name).toBe('InvalidParameterValueException');
    expect(invalid.Code).toBe('InvalidParameterValue');
    const missing = await rejection(
      client.send(new PutMetricDataCommand({ Namespace: '', MetricData: [{ MetricName: 'm', Value: 1 }] })),
    );
    expect(missing.name).toBe('MissingRequiredParameterException');
    expect(missing.Code).toBe('MissingParameter');
  });

  it('accepts the gzip bodies the SDK sends for large PutMetricData calls', async () => {
    const client = new CloudWatchClient(config);
    const MetricData = Array.from({ length: 300 }, (_, i) => ({ MetricName: `metric-${i}`, Value: i }));
    expect(JSON.stringify(MetricData).length).toBeGreaterThan(10_240); // the SDK's gzip threshold
    await client.send(new PutMetricDataCommand({ Namespace: 'Rails/Bench', MetricData }));
    expect(seen.putMetricData.MetricData).toHaveLength(300);
  });
});

describe('requests without credentials', () => {
  it('are refused per protocol, as AWS refuses them', async () => {
    const query = await fetch(running.endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'Action=DescribeLoadBalancers&Version=2015-12-01',
    });
    expect(query.status).toBe(403);
    expect(await query.text()).toContain('<Code>MissingAuthenticationToken</Code>');
    const json = await fetch(running.endpoint, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': 'AmazonEC2ContainerServiceV20141113.DescribeServices',
      },
      body: '{}',
    });
    expect(json.status).toBe(403);
    expect((await json.json()).__type).toBe('MissingAuthenticationTokenException');
  });
});
