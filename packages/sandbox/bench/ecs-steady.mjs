// ECS steady state: wall time from CreateService (10 Fargate tasks behind an ALB target group) to the
// service's "has reached a steady state." event, in the sandbox with its default settings.
// Floor: the median is at most 2000 ms.
import { CreateServiceCommand, DescribeServicesCommand, ECSClient } from '@aws-sdk/client-ecs';
import {
  CreateListenerCommand,
  CreateLoadBalancerCommand,
  CreateTargetGroupCommand,
  DescribeTargetHealthCommand,
  ElasticLoadBalancingV2Client,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { startSandbox } from '../dist/index.js';
import { sandboxClientConfig } from './lib/sdk-config.mjs';

const runs = Number(process.env.BENCH_RUNS ?? 5);
const tasks = Number(process.env.BENCH_TASKS ?? 10);
const SUBNETS = ['subnet-0c0ffee0000000a01', 'subnet-0c0ffee0000000b02'];

const sandbox = await startSandbox({ port: 0 });
const config = sandboxClientConfig(sandbox.endpoint);
const ecs = new ECSClient(config);
const elb = new ElasticLoadBalancingV2Client(config);

const lb = await elb.send(
  new CreateLoadBalancerCommand({
    Name: 'bench-alb',
    Scheme: 'internal',
    Type: 'application',
    Subnets: SUBNETS,
  }),
);
const lbArn = lb.LoadBalancers[0].LoadBalancerArn;

async function once(i) {
  const tg = await elb.send(
    new CreateTargetGroupCommand({
      Name: `bench-tg-${i}`,
      Protocol: 'HTTP',
      Port: 8080,
      VpcId: 'vpc-0c0ffee0000000001',
      TargetType: 'ip',
      HealthCheckPath: '/health',
    }),
  );
  const tgArn = tg.TargetGroups[0].TargetGroupArn;
  await elb.send(
    new CreateListenerCommand({
      LoadBalancerArn: lbArn,
      Protocol: 'HTTP',
      Port: 8000 + i,
      DefaultActions: [{ Type: 'forward', TargetGroupArn: tgArn }],
    }),
  );
  const name = `bench-${i}`;
  const started = performance.now();
  await ecs.send(
    new CreateServiceCommand({
      serviceName: name,
      taskDefinition: 'ice-station-zebra',
      desiredCount: tasks,
      launchType: 'FARGATE',
      networkConfiguration: { awsvpcConfiguration: { subnets: SUBNETS } },
      loadBalancers: [{ targetGroupArn: tgArn, containerName: 'app', containerPort: 8080 }],
    }),
  );
  for (;;) {
    const out = await ecs.send(new DescribeServicesCommand({ services: [name] }));
    const s = out.services[0];
    if (s.events[0]?.message.endsWith('has reached a steady state.')) break;
    if (performance.now() - started > 30_000) throw new Error(`${name} did not reach a steady state in 30 s`);
    await new Promise((r) => setTimeout(r, 10));
  }
  const ms = performance.now() - started;
  const health = await elb.send(new DescribeTargetHealthCommand({ TargetGroupArn: tgArn }));
  const healthy = health.TargetHealthDescriptions.filter((d) => d.TargetHealth.State === 'healthy').length;
  if (healthy !== tasks) throw new Error(`steady with ${healthy} healthy targets of ${tasks}`);
  return ms;
}

const times = [];
for (let i = 0; i < runs; i++) times.push(await once(i));
const median = [...times].sort((a, b) => a - b)[Math.floor(times.length / 2)];
const s = sandbox.sandbox.settings;
console.log(
  `ecs-steady: ${tasks} tasks behind an ALB target group reach a steady state in median ${median.toFixed(0)} ms ` +
    `(runs: ${times.map((t) => t.toFixed(0)).join(', ')}; floor <= 2000 ms; taskStepMs ${s.taskStepMs}, healthCheckMs ${s.healthCheckMs})`,
);
ecs.destroy();
elb.destroy();
await sandbox.stop();
if (median > 2000) process.exitCode = 1;
