/**
 * The scheduled sync Lambda (bundled by scripts/build.mjs into dist/lambda/sync-lambda.js, handler
 * `sync-lambda.handler`, nodejs22.x): the same engine as `rails sync-ips --once`. Logs one JSON line per
 * target group per pass. A failed pass throws, so the invocation fails and Lambda's Errors metric and
 * alarms see it (the original Lambda swallowed every error).
 */
import { AwsClients } from '../aws/clients.js';
import { syncFromEnvironment } from './lambda-config.js';
import type { PassReport } from './report.js';
import { runSyncPass } from './sync-pass.js';

// Built once per container, reused by warm invocations (the pass time is taken per invocation).
let clients: AwsClients | undefined;

function log(line: Record<string, unknown>): void {
  process.stdout.write(`${JSON.stringify(line)}\n`);
}

export async function handler(): Promise<{ ok: true; targetGroups: number; ips: number }> {
  const { rail, settings } = syncFromEnvironment(process.env);
  clients ??= new AwsClients({
    region: process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? 'us-east-1',
    userAgent: 'rails-sync-lambda',
    maxAttempts: 4,
  });
  const report: PassReport = await runSyncPass(clients, rail, settings);
  for (const tg of report.targetGroups) {
    log({
      at: report.at,
      level: tg.ok ? 'info' : 'error',
      alb: report.alb.name,
      source: report.source,
      ips: report.ips.length,
      targetGroup: tg.name,
      port: tg.port,
      registered: tg.registered,
      deregistered: tg.deregistered,
      pending: tg.pending,
      waiting: tg.waiting,
      matches: tg.matches,
      stateFrom: tg.stateFrom,
      writeRetries: tg.writeRetries,
      errors: tg.errors,
    });
  }
  if (report.metrics.error) log({ at: report.at, level: 'error', metrics: report.metrics.error });
  if (!report.ok) {
    const failures = report.targetGroups.flatMap((tg) =>
      tg.errors.map((e) => `${tg.name} ${e.step}: ${e.code ? `${e.code}: ` : ''}${e.message}`),
    );
    if (report.metrics.error) failures.push(`metrics: ${report.metrics.error}`);
    throw new Error(`sync pass failed: ${failures.join('; ')}`);
  }
  return { ok: true, targetGroups: report.targetGroups.length, ips: report.ips.length };
}
