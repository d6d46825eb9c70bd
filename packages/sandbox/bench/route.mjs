// Data plane routing: requests per second through buildRoutingTable(...).route() on a laid rail
// (internal NLB -> ALB with five rules -> a Fargate service of 10 tasks), one hour of 100 req/s.
// Floor: 360,000 requests route in under 2000 ms of CPU (the traffic generator simulates an hour at
// once); the wall time is printed too, and includes waiting for a core on a shared machine.

import { DescribeNetworkInterfacesCommand, EC2Client } from '@aws-sdk/client-ec2';
import { CreateServiceCommand, ECSClient } from '@aws-sdk/client-ecs';
import {
  CreateListenerCommand,
  CreateLoadBalancerCommand,
  CreateRuleCommand,
  CreateTargetGroupCommand,
  DescribeTargetHealthCommand,
  ElasticLoadBalancingV2Client,
  RegisterTargetsCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { buildRoutingTable, requestFromUrl, seededRandom, startSandbox } from '../dist/index.js';
import { sandboxClientConfig } from './lib/sdk-config.mjs';

const requests = Number(process.env.BENCH_REQUESTS ?? 360_000);
const SUBNETS = ['subnet-0c0ffee0000000a01', 'subnet-0c0ffee0000000b02'];
const VPC = 'vpc-0c0ffee0000000001';

const sandbox = await startSandbox({
  port: 0,
  settings: { provisionMs: 20, healthCheckMs: 60, taskStepMs: 20 },
});
const config = sandboxClientConfig(sandbox.endpoint);
const elb = new ElasticLoadBalancingV2Client(config);
const ecs = new ECSClient(config);
const ec2 = new EC2Client(config);

const lb = async (Name, Type) =>
  (await elb.send(new CreateLoadBalancerCommand({ Name, Type, Scheme: 'internal', Subnets: SUBNETS })))
    .LoadBalancers[0];
const tg = async (Name, Protocol, Port) =>
  (await elb.send(new CreateTargetGroupCommand({ Name, Protocol, Port, VpcId: VPC, TargetType: 'ip' })))
    .TargetGroups[0].TargetGroupArn;

const nlb = await lb('bench-nlb', 'network');
const alb = await lb('bench-alb', 'application');
const app = await tg('bench-app', 'HTTP', 8080);
const listener = (
  await elb.send(
    new CreateListenerCommand({
      LoadBalancerArn: alb.LoadBalancerArn,
      Protocol: 'HTTP',
      Port: 80,
      DefaultActions: [{ Type: 'fixed-response', FixedResponseConfig: { StatusCode: '404' } }],
    }),
  )
).Listeners[0].ListenerArn;
for (const [i, path] of ['/a/*', '/b/*', '/c/*', '/d/*', '/orders/*'].entries()) {
  await elb.send(
    new CreateRuleCommand({
      ListenerArn: listener,
      Priority: 10 + i,
      Conditions: [
        { Field: 'host-header', HostHeaderConfig: { Values: ['*.abq.com'] } },
        { Field: 'path-pattern', PathPatternConfig: { Values: [path] } },
      ],
      Actions: [{ Type: 'forward', TargetGroupArn: app }],
    }),
  );
}
const nlbTg = await tg('bench-nlb-80', 'TCP', 80);
await elb.send(
  new CreateListenerCommand({
    LoadBalancerArn: nlb.LoadBalancerArn,
    Protocol: 'TCP',
    Port: 80,
    DefaultActions: [{ Type: 'forward', TargetGroupArn: nlbTg }],
  }),
);
const enis = await ec2.send(
  new DescribeNetworkInterfacesCommand({
    Filters: [{ Name: 'description', Values: [`ELB ${alb.LoadBalancerArn.split(':loadbalancer/')[1]}`] }],
  }),
);
await elb.send(
  new RegisterTargetsCommand({
    TargetGroupArn: nlbTg,
    Targets: enis.NetworkInterfaces.map((n) => ({ Id: n.PrivateIpAddress, Port: 80 })),
  }),
);
await ecs.send(
  new CreateServiceCommand({
    serviceName: 'orders',
    taskDefinition: 'ice-station-zebra',
    desiredCount: 10,
    launchType: 'FARGATE',
    networkConfiguration: { awsvpcConfiguration: { subnets: SUBNETS } },
    loadBalancers: [{ targetGroupArn: app, containerName: 'app', containerPort: 8080 }],
  }),
);
for (const until = Date.now() + 30_000; ; ) {
  const h = await Promise.all(
    [app, nlbTg].map((TargetGroupArn) => elb.send(new DescribeTargetHealthCommand({ TargetGroupArn }))),
  );
  const states = h.flatMap((x) => x.TargetHealthDescriptions.map((d) => d.TargetHealth.State));
  if (states.length === 12 && states.every((s) => s === 'healthy')) break;
  if (Date.now() > until) throw new Error(`rail not healthy: ${states.join(',')}`);
  await new Promise((r) => setTimeout(r, 50));
}

const urls = ['http://api.abq.com/orders/1', 'http://api.abq.com/c/x?y=1', 'http://api.abq.com/nope'];
const behaviours = [{ id: 'slow', selector: { service: 'orders' }, latencyMs: 20, errorRate: 0.01 }];
const t0 = performance.now();
const table = buildRoutingTable(sandbox.sandbox, behaviours);
const buildMs = performance.now() - t0;
const random = seededRandom(1);
const now = sandbox.sandbox.clock.now();
const reqs = urls.map((u) => requestFromUrl(u, { at: now, clientIp: '10.0.9.9', clientPort: 40000 }));
let ok = 0;
const t1 = performance.now();
const cpu0 = process.cpuUsage();
for (let i = 0; i < requests; i++) {
  const o = table.route(reqs[i % reqs.length], random);
  if (o.client.kind === 'response') ok++;
}
const routeMs = performance.now() - t1;
const cpu = process.cpuUsage(cpu0);
// On a shared machine the wall time includes waiting for a core: the floor is on CPU time.
const cpuMs = (cpu.user + cpu.system) / 1000;
console.log(`routing table built in ${buildMs.toFixed(1)} ms (2 load balancers, 6 rules, 12 targets)`);
console.log(
  `${requests} requests routed in ${routeMs.toFixed(0)} ms wall, ${cpuMs.toFixed(0)} ms CPU: ${Math.round(requests / (cpuMs / 1000))} requests/s of CPU (${ok} answered)`,
);
for (const c of [elb, ecs, ec2]) c.destroy();
await sandbox.stop();
if (cpuMs >= 2000) {
  console.log('below the floor: 360,000 requests must route in under 2000 ms of CPU');
  process.exitCode = 1;
}
