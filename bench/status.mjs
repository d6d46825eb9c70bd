// `rails status`: AWS calls and wall time for rails of 1, 10 and 50 services in the sandbox, with 50 ms
// of latency injected per call, and the example rail without latency.
// Floors: the 50-service status takes at most 2x the 1-service one; per operation, calls grow no faster
// than AWS's batch limits force (one DescribeTargetHealth per target group, 10 services per
// DescribeServices, 20 ARNs per DescribeTags, 100 tasks per DescribeTasks); the example rail's status
// finishes in under 1 s wall, process start included.
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DescribeNetworkInterfacesCommand, EC2Client } from '@aws-sdk/client-ec2';
import { CreateClusterCommand, CreateServiceCommand, ECSClient } from '@aws-sdk/client-ecs';
import {
  CreateListenerCommand,
  CreateLoadBalancerCommand,
  CreateRuleCommand,
  CreateTargetGroupCommand,
  DescribeTargetHealthCommand,
  ElasticLoadBalancingV2Client,
  RegisterTargetsCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2';

const root = fileURLToPath(new URL('..', import.meta.url));
const bin = join(root, 'bin/rails.js');
const { startSandbox } = await import(join(root, 'dist/sandbox/index.js'));

const VPC = 'vpc-0c0ffee0000000001';
const SUBNETS = ['subnet-0c0ffee0000000a01', 'subnet-0c0ffee0000000b02'];
const CERT = 'arn:aws:acm:us-east-1:123456789012:certificate/0c0ffee0-0000-4000-8000-000000000001';
const LATENCY_MS = 50;
const RUNS = Number(process.env.BENCH_RUNS ?? 3);

const running = await startSandbox({
  port: 0,
  settings: { healthCheckMs: 50, taskStepMs: 20, provisionMs: 50 },
});
const endpoint = running.endpoint;
const config = {
  endpoint,
  region: 'us-east-1',
  credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
};
const elbv2 = new ElasticLoadBalancingV2Client(config);
const ecs = new ECSClient(config);
const ec2 = new EC2Client(config);

async function control(method, path, body) {
  const res = await fetch(`${endpoint}/_sandbox/${path}`, {
    method,
    headers: body ? { 'content-type': 'application/json' } : {},
    body: body ? JSON.stringify(body) : undefined,
  });
  if (!res.ok) throw new Error(`control ${path}: ${res.status} ${await res.text()}`);
  return res.json();
}

const tags = (stage, role) => [
  { Key: 'rails:stage', Value: stage },
  { Key: 'rails:managed-by', Value: 'rails' },
  { Key: 'rails:role', Value: role },
];

/** Lays a tagged rail with `n` services (one target group each, or two with weights when blueGreen). */
async function layRail(stage, services, cluster, blueGreen = false) {
  await ecs.send(new CreateClusterCommand({ clusterName: cluster }));
  const [nlb, alb] = await Promise.all(
    [
      [`${stage}-nlb`, 'network'],
      [`${stage}-alb`, 'application'],
    ].map(([Name, Type]) =>
      elbv2
        .send(
          new CreateLoadBalancerCommand({
            Name,
            Type,
            Scheme: 'internal',
            Subnets: SUBNETS,
            Tags: tags(stage, Type),
          }),
        )
        .then((o) => o.LoadBalancers[0].LoadBalancerArn),
    ),
  );
  await elbv2.send(
    new CreateListenerCommand({
      LoadBalancerArn: alb,
      Protocol: 'HTTP',
      Port: 80,
      DefaultActions: [
        { Type: 'redirect', RedirectConfig: { Protocol: 'HTTPS', Port: '443', StatusCode: 'HTTP_301' } },
      ],
    }),
  );
  const https = await elbv2.send(
    new CreateListenerCommand({
      LoadBalancerArn: alb,
      Protocol: 'HTTPS',
      Port: 443,
      Certificates: [{ CertificateArn: CERT }],
      DefaultActions: [{ Type: 'fixed-response', FixedResponseConfig: { StatusCode: '404' } }],
    }),
  );
  const eni = await ec2.send(
    new DescribeNetworkInterfacesCommand({
      Filters: [{ Name: 'description', Values: [`ELB ${alb.split(':loadbalancer/')[1]}`] }],
    }),
  );
  const ips = eni.NetworkInterfaces.map((n) => n.PrivateIpAddress);
  const nlbGroups = [];
  for (const port of [80, 443]) {
    const tg = await elbv2.send(
      new CreateTargetGroupCommand({
        Name: `${stage}-nlb-${port}`,
        TargetType: 'ip',
        Protocol: 'TCP',
        Port: port,
        VpcId: VPC,
        Tags: tags(stage, 'nlb-tg'),
      }),
    );
    const arn = tg.TargetGroups[0].TargetGroupArn;
    nlbGroups.push(arn);
    await elbv2.send(
      new CreateListenerCommand({
        LoadBalancerArn: nlb,
        Protocol: 'TCP',
        Port: port,
        DefaultActions: [{ Type: 'forward', TargetGroupArn: arn }],
      }),
    );
    await elbv2.send(
      new RegisterTargetsCommand({ TargetGroupArn: arn, Targets: ips.map((Id) => ({ Id, Port: port })) }),
    );
  }
  const groups = [];
  for (let i = 0; i < services.length; i++) {
    const name = services[i];
    const colours = blueGreen ? ['blue', 'green'] : ['blue'];
    const arns = [];
    for (const colour of colours) {
      const tg = await elbv2.send(
        new CreateTargetGroupCommand({
          Name: `${name}-${colour}`.slice(0, 32),
          TargetType: 'ip',
          Protocol: 'HTTP',
          Port: 8080,
          VpcId: VPC,
          HealthCheckPath: '/health',
          HealthCheckIntervalSeconds: 10,
          HealthCheckTimeoutSeconds: 5,
          HealthyThresholdCount: 2,
          Tags: tags(stage, 'service-tg'),
        }),
      );
      arns.push(tg.TargetGroups[0].TargetGroupArn);
    }
    groups.push(...arns);
    await elbv2.send(
      new CreateRuleCommand({
        ListenerArn: https.Listeners[0].ListenerArn,
        Priority: 10 + i,
        Conditions: [
          { Field: 'host-header', HostHeaderConfig: { Values: ['api.abq.com'] } },
          { Field: 'path-pattern', PathPatternConfig: { Values: [`/${name}/*`] } },
        ],
        Actions: [
          {
            Type: 'forward',
            ForwardConfig: {
              TargetGroups: arns.map((TargetGroupArn, k) => ({ TargetGroupArn, Weight: k === 0 ? 100 : 0 })),
            },
          },
        ],
      }),
    );
    await ecs.send(
      new CreateServiceCommand({
        cluster,
        serviceName: name,
        taskDefinition: 'ice-station-zebra',
        desiredCount: blueGreen ? 2 : 1,
        launchType: 'FARGATE',
        networkConfiguration: { awsvpcConfiguration: { subnets: SUBNETS } },
        loadBalancers: arns.map((targetGroupArn) => ({
          targetGroupArn,
          containerName: 'app',
          containerPort: 8080,
        })),
      }),
    );
  }
  // Wait for every target to be healthy, so each status run sees the same steady rail.
  for (let tries = 0; ; tries++) {
    const all = await Promise.all(
      [...nlbGroups, ...groups].map((TargetGroupArn) =>
        elbv2.send(new DescribeTargetHealthCommand({ TargetGroupArn })),
      ),
    );
    if (
      all.every(
        (h) =>
          h.TargetHealthDescriptions.length > 0 &&
          h.TargetHealthDescriptions.every((d) => d.TargetHealth.State === 'healthy'),
      )
    )
      break;
    if (tries > 600) throw new Error(`rail ${stage} not healthy`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function railYaml(stage, services, cluster, extra = []) {
  const dir = mkdtempSync(join(tmpdir(), 'rails-bench-status-'));
  const lines = [
    `stage: ${stage}`,
    'region: us-east-1',
    `vpc: ${VPC}`,
    `subnets: [${SUBNETS.join(', ')}]`,
    `certificate: ${CERT}`,
    ...extra,
    'services:',
    ...services.flatMap((name) => [
      `  - name: ${name}`,
      `    cluster: ${cluster}`,
      '    taskDefinition: ice-station-zebra',
      '    container: app',
      '    port: 8080',
      '    host: api.abq.com',
      `    paths: ["/${name}/*"]`,
    ]),
  ];
  writeFileSync(join(dir, 'rail.yaml'), `${lines.join('\n')}\n`);
  return join(dir, 'rail.yaml');
}

const cliEnv = () => ({
  ...process.env,
  AWS_ENDPOINT_URL: endpoint,
  AWS_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'test',
  AWS_SECRET_ACCESS_KEY: 'test',
  AWS_CONFIG_FILE: '/dev/null',
  AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
  AWS_EC2_METADATA_DISABLED: 'true',
  NO_COLOR: '1',
});

function runRails(args) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], {
      env: cliEnv(),
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

function runStatus(configFile) {
  return new Promise((resolve, reject) => {
    const env = cliEnv();
    const started = performance.now();
    const child = spawn(process.execPath, [bin, 'status', '--json', '--config', configFile], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => {
      out += d;
    });
    child.stderr.on('data', (d) => {
      err += d;
    });
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = performance.now() - started;
      let report;
      try {
        report = JSON.parse(out);
      } catch {
        return reject(new Error(`status printed no JSON (exit ${code}): ${err}`));
      }
      resolve({ ms, code, report });
    });
  });
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function measure(configFile, latency) {
  const times = [];
  let calls;
  let last;
  for (let i = 0; i < RUNS; i++) {
    await control('DELETE', 'faults');
    await control('DELETE', 'requests');
    if (latency) await control('POST', 'latency', { ms: latency });
    const r = await runStatus(configFile);
    times.push(r.ms);
    last = r;
    calls = (await control('GET', 'requests')).requests;
  }
  await control('DELETE', 'faults');
  const byOp = {};
  for (const c of calls) byOp[c.operation] = (byOp[c.operation] ?? 0) + 1;
  return { ms: median(times), calls: calls.length, byOp, verdict: last.report.verdict, code: last.code };
}

const sizes = [1, 10, 50];
const results = {};
for (const n of sizes) {
  const stage = `bench${n}`;
  const cluster = `bench-${n}`;
  const services = Array.from({ length: n }, (_, i) => `s${n}x${i}`);
  await layRail(stage, services, cluster);
  const file = railYaml(stage, services, cluster);
  results[n] = await measure(file, LATENCY_MS);
  const r = results[n];
  console.log(
    `status ${String(n).padStart(2)} services: ${r.ms.toFixed(0)} ms wall (median of ${RUNS}), ${r.calls} AWS calls, verdict ${r.verdict} (exit ${r.code}), ${LATENCY_MS} ms latency per call`,
  );
}
const ops = [...new Set(sizes.flatMap((n) => Object.keys(results[n].byOp)))].sort();
console.log(`calls per operation (1 / 10 / 50 services):`);
for (const op of ops)
  console.log(
    `  ${op.padEnd(26)} ${sizes.map((n) => String(results[n].byOp[op] ?? 0).padStart(3)).join(' / ')}`,
  );

// What the batch limits force between 1 and 50 services (one target group per service).
const ceil = Math.ceil;
const allowedGrowth = {
  DescribeTargetHealth: 50 - 1,
  DescribeServices: ceil(50 / 10) - ceil(1 / 10),
  DescribeTags: ceil((50 + 2) / 20) - ceil((1 + 2) / 20),
  DescribeTasks: ceil(50 / 100) - ceil(1 / 100),
};
const failures = [];
for (const op of ops) {
  const growth = (results[50].byOp[op] ?? 0) - (results[1].byOp[op] ?? 0);
  if (growth > (allowedGrowth[op] ?? 0))
    failures.push(`${op} grew by ${growth} (allowed ${allowedGrowth[op] ?? 0})`);
}
const ratio = results[50].ms / results[1].ms;
console.log(
  `ratio 50/1 services: ${ratio.toFixed(2)} (floor <= 2.00); call growth ${failures.length ? `too fast: ${failures.join('; ')}` : 'within batch limits'}`,
);

// The example rail (examples/rail.yaml: stage dev, ice-station-zebra blue/green, two tasks), laid by
// `rails up` and synced once by `rails sync-ips --once`; then status with no injected latency.
for (const args of [
  ['up', '--yes', '--config', join(root, 'examples/rail.yaml')],
  ['sync-ips', '--once', '--config', join(root, 'examples/rail.yaml')],
]) {
  const r = await runRails(args);
  if (r.code !== 0) throw new Error(`rails ${args[0]} exited ${r.code}: ${r.stderr}`);
}
const example = await measure(join(root, 'examples/rail.yaml'), 0);
console.log(
  `status of the example rail, no injected latency: ${example.ms.toFixed(0)} ms wall including process start (floor < 1000), ${example.calls} AWS calls, verdict ${example.verdict}`,
);

if (ratio > 2 || failures.length || example.ms >= 1000) process.exitCode = 1;
for (const c of [elbv2, ecs, ec2]) c.destroy();
await running.stop();
