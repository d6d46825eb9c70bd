// What `rails status` costs before rails does anything: the same 24 AWS calls through the same six
// SDK clients, with rails's client settings, in the same three rounds, and nothing else (no config, no
// model, no output). bench/rounds.mjs bundles this file as the build bundles the engine (minified, each
// command from its own file) and runs it through the same V8 code cache, so the ratio it prints is a
// floor for status that rails's own code cannot go under.
// The rail: the example's names (dev-nlb, dev-alb, cluster default), laid and synced by the bench.
import { ACMClient } from '@aws-sdk/client-acm/dist-es/ACMClient.js';
import { DescribeCertificateCommand } from '@aws-sdk/client-acm/dist-es/commands/DescribeCertificateCommand.js';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch/dist-es/CloudWatchClient.js';
import { GetMetricDataCommand } from '@aws-sdk/client-cloudwatch/dist-es/commands/GetMetricDataCommand.js';
import { DescribeNetworkInterfacesCommand } from '@aws-sdk/client-ec2/dist-es/commands/DescribeNetworkInterfacesCommand.js';
import { EC2Client } from '@aws-sdk/client-ec2/dist-es/EC2Client.js';
import { DescribeServicesCommand } from '@aws-sdk/client-ecs/dist-es/commands/DescribeServicesCommand.js';
import { DescribeTasksCommand } from '@aws-sdk/client-ecs/dist-es/commands/DescribeTasksCommand.js';
import { ListServicesCommand } from '@aws-sdk/client-ecs/dist-es/commands/ListServicesCommand.js';
import { ListTasksCommand } from '@aws-sdk/client-ecs/dist-es/commands/ListTasksCommand.js';
import { ECSClient } from '@aws-sdk/client-ecs/dist-es/ECSClient.js';
import { DescribeListenersCommand } from '@aws-sdk/client-elastic-load-balancing-v2/dist-es/commands/DescribeListenersCommand.js';
import { DescribeLoadBalancersCommand } from '@aws-sdk/client-elastic-load-balancing-v2/dist-es/commands/DescribeLoadBalancersCommand.js';
import { DescribeRulesCommand } from '@aws-sdk/client-elastic-load-balancing-v2/dist-es/commands/DescribeRulesCommand.js';
import { DescribeTagsCommand } from '@aws-sdk/client-elastic-load-balancing-v2/dist-es/commands/DescribeTagsCommand.js';
import { DescribeTargetGroupsCommand } from '@aws-sdk/client-elastic-load-balancing-v2/dist-es/commands/DescribeTargetGroupsCommand.js';
import { DescribeTargetHealthCommand } from '@aws-sdk/client-elastic-load-balancing-v2/dist-es/commands/DescribeTargetHealthCommand.js';
import { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2/dist-es/ElasticLoadBalancingV2Client.js';
import { GetObjectCommand } from '@aws-sdk/client-s3/dist-es/commands/GetObjectCommand.js';
import { S3Client } from '@aws-sdk/client-s3/dist-es/S3Client.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

// As src/lib/aws/clients.ts configures every client.
const common = {
  region: process.env.AWS_REGION,
  endpoint: process.env.AWS_ENDPOINT_URL,
  retryMode: 'adaptive',
  maxAttempts: 6,
  cacheMiddleware: true,
  customUserAgent: 'rails/bench',
};
const elbv2 = new ElasticLoadBalancingV2Client(common);
const ecs = new ECSClient(common);
const ec2 = new EC2Client(common);
const s3 = new S3Client({ ...common, forcePathStyle: true });
const acm = new ACMClient(common);
const cloudwatch = new CloudWatchClient(common);
const cluster = 'default';
const bucket = 'dev-rails-sync-state';

async function main() {
  // Round 1: everything known from rail.yaml's names (5 calls).
  const [nlbOut, albOut, serviceList, running, stopped] = await Promise.all([
    elbv2.send(new DescribeLoadBalancersCommand({ Names: ['dev-nlb'] })),
    elbv2.send(new DescribeLoadBalancersCommand({ Names: ['dev-alb'] })),
    ecs.send(new ListServicesCommand({ cluster })),
    ecs.send(new ListTasksCommand({ cluster, desiredStatus: 'RUNNING' })),
    ecs.send(new ListTasksCommand({ cluster, desiredStatus: 'STOPPED' })),
  ]);
  const nlb = nlbOut.LoadBalancers[0];
  const alb = albOut.LoadBalancers[0];
  const stateKey = (g) => `${g.TargetGroupArn}/${alb.DNSName}/Active IP list of ${alb.DNSName}.json`;
  // Round 2: what the load balancers' and the cluster's answers name (8 calls).
  const [nlbListeners, albListeners, nlbTgs, albTgs] = await Promise.all([
    elbv2.send(new DescribeListenersCommand({ LoadBalancerArn: nlb.LoadBalancerArn })),
    elbv2.send(new DescribeListenersCommand({ LoadBalancerArn: alb.LoadBalancerArn })),
    elbv2.send(new DescribeTargetGroupsCommand({ LoadBalancerArn: nlb.LoadBalancerArn })),
    elbv2.send(new DescribeTargetGroupsCommand({ LoadBalancerArn: alb.LoadBalancerArn })),
    elbv2.send(new DescribeTagsCommand({ ResourceArns: [nlb.LoadBalancerArn, alb.LoadBalancerArn] })),
    ec2.send(
      new DescribeNetworkInterfacesCommand({
        Filters: [
          { Name: 'description', Values: [`ELB app/${alb.LoadBalancerArn.split('/').slice(-2).join('/')}`] },
        ],
      }),
    ),
    ecs.send(new DescribeServicesCommand({ cluster, services: serviceList.serviceArns })),
    ecs.send(new DescribeTasksCommand({ cluster, tasks: [...running.taskArns, ...stopped.taskArns] })),
  ]);
  const groups = [...nlbTgs.TargetGroups, ...albTgs.TargetGroups];
  const now = new Date();
  // Round 3: rules, health, tags, certificate, metrics and the sync state of the NLB's groups (11 calls).
  await Promise.all([
    ...nlbTgs.TargetGroups.slice(0, 2).map((g) =>
      s3
        .send(new GetObjectCommand({ Bucket: bucket, Key: stateKey(g) }))
        .then((o) => o.Body.transformToString()),
    ),
    ...albListeners.Listeners.slice(0, 2).map((l) =>
      elbv2.send(new DescribeRulesCommand({ ListenerArn: l.ListenerArn })),
    ),
    ...groups
      .slice(0, 4)
      .map((g) => elbv2.send(new DescribeTargetHealthCommand({ TargetGroupArn: g.TargetGroupArn }))),
    elbv2.send(new DescribeTagsCommand({ ResourceArns: groups.map((g) => g.TargetGroupArn) })),
    acm.send(
      new DescribeCertificateCommand({
        CertificateArn: [...nlbListeners.Listeners, ...albListeners.Listeners].find((l) => l.Certificates)
          ?.Certificates[0].CertificateArn,
      }),
    ),
    cloudwatch.send(
      new GetMetricDataCommand({
        StartTime: new Date(now.getTime() - 15 * 60_000),
        EndTime: now,
        MetricDataQueries: groups.map((g, i) => ({
          Id: `q${i}`,
          MetricStat: {
            Metric: {
              Namespace: 'AWS/ApplicationELB',
              MetricName: 'RequestCount',
              Dimensions: [
                { Name: 'TargetGroup', Value: g.TargetGroupArn.split(':').at(-1) },
                { Name: 'LoadBalancer', Value: alb.LoadBalancerArn.split('loadbalancer/')[1] },
              ],
            },
            Period: 60,
            Stat: 'Sum',
          },
        })),
      }),
    ),
  ]);
  for (const c of [elbv2, ecs, ec2, s3, acm, cloudwatch]) c.destroy();
}

main().catch((err) => {
  process.stderr.write(`sdk-only status: ${err?.stack ?? err}\n`);
  process.exitCode = 1;
});
