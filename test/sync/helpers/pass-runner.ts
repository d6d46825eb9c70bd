/**
 * A separate process running sync passes back to back with the real engine (bundled by the test with
 * esbuild): two of these at once are two writers racing on the same S3 state.
 * argv: <endpoint> <stage> <bucket> <passes> <missesBeforeDeregister>
 */
import { AwsClients } from '../../../src/lib/aws/clients.js';
import { discoverSyncRail } from '../../../src/lib/sync/discover.js';
import { runSyncPass } from '../../../src/lib/sync/sync-pass.js';

async function main(): Promise<void> {
  const [endpoint, stage, bucket, passes, misses] = process.argv.slice(2);
  const aws = new AwsClients({
    region: 'us-east-1',
    endpoint,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    userAgent: 'rails-test-pass-runner',
  });
  const rail = await discoverSyncRail(aws, stage!);
  let failed = 0;
  let writeRetries = 0;
  const errors: string[] = [];
  for (let i = 0; i < Number(passes); i++) {
    const report = await runSyncPass(aws, rail, {
      bucket: bucket!,
      source: 'eni',
      maxLookups: 1,
      missesBeforeDeregister: Number(misses),
      dryRun: false,
      metrics: false,
    });
    if (!report.ok) {
      failed++;
      errors.push(...report.targetGroups.flatMap((t) => t.errors.map((e) => `${e.step}: ${e.message}`)));
    }
    writeRetries += report.targetGroups.reduce((n, t) => n + t.writeRetries, 0);
  }
  process.stdout.write(`${JSON.stringify({ failed, writeRetries, errors: errors.slice(0, 5) })}\n`);
  await aws.destroy();
}

main().catch((err) => {
  process.stderr.write(`${err?.stack ?? err}\n`);
  process.exitCode = 1;
});
