// Lambda Invoke overhead: wall time of a RequestResponse Invoke through the SDK for a handler that
// returns at once, so the figure is what the sandbox adds (routing, worker hand-off, IPC, logs).
// Cold start (first invocation: starting Node.js and loading the handler) is reported separately.
// Run after `npm run build`. Floor: the median warm invocation is at most 300 ms.
import { CreateRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import {
  CreateFunctionCommand,
  GetFunctionConfigurationCommand,
  InvokeCommand,
  LambdaClient,
} from '@aws-sdk/client-lambda';
import { strToU8, zipSync } from 'fflate';
import { startSandbox } from '../dist/index.js';
import { sandboxClientConfig } from './lib/sdk-config.mjs';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const runs = Number(process.env.BENCH_RUNS ?? 50);
const FLOOR_MS = 300;
const sandbox = await startSandbox({
  port: 0,
  empty: true,
  settings: { rolePropagationMs: 0, lambdaUpdateMs: 0 },
});
const config = sandboxClientConfig(sandbox.endpoint);
const iam = new IAMClient(config);
const lambda = new LambdaClient(config);
const trust = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }],
});
const role = await iam.send(new CreateRoleCommand({ RoleName: 'bench', AssumeRolePolicyDocument: trust }));
await lambda.send(
  new CreateFunctionCommand({
    FunctionName: 'bench',
    Runtime: 'nodejs22.x',
    Handler: 'index.handler',
    Role: role.Role.Arn,
    Code: { ZipFile: zipSync({ 'index.js': strToU8('exports.handler = async (e) => ({ n: e.n });') }) },
  }),
);
while (
  (await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: 'bench' }))).State !== 'Active'
) {
  await new Promise((r) => setTimeout(r, 10));
}

async function invokeMs(n) {
  const started = performance.now();
  const out = await lambda.send(
    new InvokeCommand({ FunctionName: 'bench', Payload: Buffer.from(JSON.stringify({ n })) }),
  );
  const ms = performance.now() - started;
  const payload = JSON.parse(Buffer.from(out.Payload).toString());
  if (out.FunctionError || payload.n !== n)
    throw new Error(`unexpected invocation result: ${JSON.stringify(payload)}`);
  return ms;
}

const cold = await invokeMs(0);
const warm = [];
for (let i = 1; i <= runs; i++) warm.push(await invokeMs(i));
warm.sort((a, b) => a - b);
const pick = (q) => warm[Math.min(warm.length - 1, Math.floor(q * warm.length))];
const mean = warm.reduce((a, b) => a + b, 0) / warm.length;

console.log(`lambda invoke: cold start ${cold.toFixed(1)} ms (first invocation, new Node.js process)`);
console.log(
  `lambda invoke: warm x${runs}: median ${pick(0.5).toFixed(1)} ms, mean ${mean.toFixed(1)} ms, p95 ${pick(0.95).toFixed(1)} ms, max ${warm[warm.length - 1].toFixed(1)} ms`,
);
console.log(
  `lambda invoke: floor median <= ${FLOOR_MS} ms: ${pick(0.5) <= FLOOR_MS ? 'met' : 'MISSED'} (${(pick(0.5) / FLOOR_MS).toFixed(3)} of the floor)`,
);
if (pick(0.5) > FLOOR_MS) process.exitCode = 1;
iam.destroy();
lambda.destroy();
await sandbox.stop();
