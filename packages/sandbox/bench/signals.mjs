// Signals of one hour at 100 req/s: 360,000 outcomes through an ALB with access logs on, served by an
// ECS task whose container logs with awslogs, fed to recordOutcomes / advanceSignals in 60-second
// slices as the generator feeds them. Prints the wall time of the signals alone (each slice's
// outcomes are built untimed) and the access-log bytes delivered. Floor: at most 3000 ms.
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { CloudWatchLogsClient, CreateLogGroupCommand } from '@aws-sdk/client-cloudwatch-logs';
import {
  CreateServiceCommand,
  DescribeTasksCommand,
  ECSClient,
  ListTasksCommand,
  RegisterTaskDefinitionCommand,
} from '@aws-sdk/client-ecs';
import {
  CreateListenerCommand,
  CreateLoadBalancerCommand,
  CreateTargetGroupCommand,
  ElasticLoadBalancingV2Client,
  ModifyLoadBalancerAttributesCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import {
  CreateBucketCommand,
  ListObjectsV2Command,
  PutBucketPolicyCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { build } from 'esbuild';
import { startSandbox } from '../dist/index.js';
import { sandboxClientConfig } from './lib/sdk-config.mjs';

const FLOOR_MS = 3000;
const RPS = 100;
const SECONDS = 3600;
const SLICE_S = 60;
const SUBNETS = ['subnet-0c0ffee0000000a01', 'subnet-0c0ffee0000000b02'];

// The signals are internal to the package: bundle them for plain Node, as dist/ bundles the entry.
// Written under dist/ so it resolves the package's dependencies as dist/index.js does.
const out = fileURLToPath(new URL('../dist/bench/', import.meta.url));
await build({
  entryPoints: [fileURLToPath(new URL('../src/dataplane/signals/index.ts', import.meta.url))],
  outfile: join(out, 'signals.mjs'),
  bundle: true,
  platform: 'node',
  format: 'esm',
  packages: 'external',
  logLevel: 'warning',
});
const { recordOutcomes, advanceSignals } = await import(pathToFileURL(join(out, 'signals.mjs')).href);

const sandbox = await startSandbox({
  port: 0,
  settings: { taskStepMs: 20, healthCheckMs: 50, provisionMs: 20 },
});
const config = sandboxClientConfig(sandbox.endpoint);
const elb = new ElasticLoadBalancingV2Client(config);
const ecs = new ECSClient(config);
const s3 = new S3Client({ ...config, forcePathStyle: true });
const logs = new CloudWatchLogsClient(config);

const lb = (
  await elb.send(
    new CreateLoadBalancerCommand({
      Name: 'bench-alb',
      Scheme: 'internal',
      Type: 'application',
      Subnets: SUBNETS,
    }),
  )
).LoadBalancers[0];
const tgArn = (
  await elb.send(
    new CreateTargetGroupCommand({
      Name: 'bench-tg',
      Protocol: 'HTTP',
      Port: 8080,
      VpcId: 'vpc-0c0ffee0000000001',
      TargetType: 'ip',
    }),
  )
).TargetGroups[0].TargetGroupArn;
await elb.send(
  new CreateListenerCommand({
    LoadBalancerArn: lb.LoadBalancerArn,
    Protocol: 'HTTP',
    Port: 80,
    DefaultActions: [{ Type: 'forward', TargetGroupArn: tgArn }],
  }),
);
await s3.send(new CreateBucketCommand({ Bucket: 'bench-logs' }));
await s3.send(
  new PutBucketPolicyCommand({
    Bucket: 'bench-logs',
    Policy: JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { Service: 'logdelivery.elasticloadbalancing.amazonaws.com' },
          Action: 's3:PutObject',
          Resource: 'arn:aws:s3:::bench-logs/*',
        },
      ],
    }),
  }),
);
await elb.send(
  new ModifyLoadBalancerAttributesCommand({
    LoadBalancerArn: lb.LoadBalancerArn,
    Attributes: [
      { Key: 'access_logs.s3.enabled', Value: 'true' },
      { Key: 'access_logs.s3.bucket', Value: 'bench-logs' },
    ],
  }),
);
await logs.send(new CreateLogGroupCommand({ logGroupName: '/ecs/bench' }));
const td = await ecs.send(
  new RegisterTaskDefinitionCommand({
    family: 'bench',
    requiresCompatibilities: ['FARGATE'],
    networkMode: 'awsvpc',
    cpu: '256',
    memory: '512',
    executionRoleArn: 'arn:aws:iam::123456789012:role/ecsTaskExecutionRole',
    containerDefinitions: [
      {
        name: 'web',
        image: 'nginx:1',
        portMappings: [{ containerPort: 8080 }],
        logConfiguration: {
          logDriver: 'awslogs',
          options: {
            'awslogs-group': '/ecs/bench',
            'awslogs-region': 'us-east-1',
            'awslogs-stream-prefix': 'app',
            'awslogs-create-group': 'true',
          },
        },
      },
    ],
  }),
);
await ecs.send(
  new CreateServiceCommand({
    serviceName: 'bench-svc',
    taskDefinition: td.taskDefinition.taskDefinitionArn,
    desiredCount: 1,
    launchType: 'FARGATE',
    networkConfiguration: { awsvpcConfiguration: { subnets: SUBNETS, securityGroups: [] } },
    loadBalancers: [{ targetGroupArn: tgArn, containerName: 'web', containerPort: 8080 }],
  }),
);
let task;
for (let i = 0; i < 400 && !task; i++) {
  const arns = (await ecs.send(new ListTasksCommand({ serviceName: 'bench-svc' }))).taskArns ?? [];
  if (arns.length > 0) {
    const t = (await ecs.send(new DescribeTasksCommand({ tasks: arns }))).tasks[0];
    if (t.lastStatus === 'RUNNING') task = t;
  }
  if (!task) await new Promise((r) => setTimeout(r, 25));
}
if (!task) throw new Error('the bench task never ran');
const taskIp = task.attachments[0].details.find((d) => d.name === 'privateIPv4Address').value;
const taskId = task.taskArn.split('/').pop();

const sb = sandbox.sandbox;
const node = sb.state.elbv2.loadBalancers[0].nodes[0];
const lbDim = lb.LoadBalancerArn.split(':loadbalancer/')[1];
const tgDim = tgArn.slice(tgArn.indexOf(':targetgroup/') + 1);
const t0 = Math.ceil(sb.clock.now() / 300_000) * 300_000;

function outcome(at, i) {
  const ms = 5 + (i % 50);
  const status = i % 100 === 0 ? 500 : 200;
  return {
    request: {
      at,
      method: 'GET',
      scheme: 'http',
      host: 'api.example.com',
      port: 80,
      path: `/orders/${i % 1000}`,
      query: i % 3 === 0 ? 'page=2' : '',
      headers: { 'user-agent': 'bench/1.0' },
      clientIp: '10.0.9.9',
      clientPort: 1024 + (i % 60000),
      receivedBytes: 140,
    },
    entry: 'alb',
    alb: {
      loadBalancerArn: lb.LoadBalancerArn,
      dimension: lbDim,
      nodeIp: node.ip,
      availabilityZone: node.availabilityZone,
      clientIp: '10.0.9.9',
      clientPort: 1024 + (i % 60000),
      listenerPort: 80,
      listenerProtocol: 'HTTP',
      matchedRulePriority: 0,
      actionsExecuted: ['forward'],
      targetGroupArn: tgArn,
      targetGroupDimension: tgDim,
      target: {
        ip: taskIp,
        port: 8080,
        taskArn: task.taskArn,
        taskId,
        clusterName: 'default',
        serviceName: 'bench-svc',
      },
      failOpen: false,
      elbStatus: status,
      targetStatus: status,
      requestProcessingMs: 1,
      targetProcessingMs: ms,
      responseProcessingMs: 0,
      sentBytes: 420,
      traceId: `Root=1-${Math.floor(at / 1000).toString(16)}-${i.toString(16).padStart(24, '0')}`,
      targetConnectionError: false,
    },
    client: { kind: 'response', status },
    totalMs: ms + 1,
  };
}

// Each slice's outcomes are built untimed just before it is fed, as the generator builds them.
let n = 0;
let ms = 0;
let cpuUs = 0;
for (let s = 0; s < SECONDS; s += SLICE_S) {
  const slice = [];
  for (let k = 0; k < RPS * SLICE_S; k++) slice.push(outcome(t0 + s * 1000 + k * (1000 / RPS), n++));
  const started = performance.now();
  const cpu = process.cpuUsage();
  recordOutcomes(sb, slice);
  advanceSignals(sb, t0 + s * 1000, t0 + (s + SLICE_S) * 1000);
  ms += performance.now() - started;
  const used = process.cpuUsage(cpu);
  cpuUs += used.user + used.system;
}

const listed = await s3.send(new ListObjectsV2Command({ Bucket: 'bench-logs' }));
const bytes = (listed.Contents ?? []).reduce((a, o) => a + o.Size, 0);
console.log(
  `signals: ${n} requests (${SECONDS} s at ${RPS}/s) in ${ms.toFixed(0)} ms (${(cpuUs / 1000).toFixed(0)} ms of CPU); ${listed.KeyCount} access-log objects, ${(bytes / 1e6).toFixed(1)} MB gzip (floor ${FLOOR_MS} ms)`,
);
for (const c of [elb, ecs, s3, logs]) c.destroy();
await sandbox.stop();
if (ms > FLOOR_MS) process.exitCode = 1;
