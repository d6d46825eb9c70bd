// `rails logs alb`'s parser: 1,000,000 ALB access-log lines in 8 gzip objects, written in AWS's
// documented format, streamed through gunzip, split into lines, scanned into fields and digested the
// way the engine reads S3 objects (4 objects at once, as zlib inflates off the main thread).
// Floor: 1,000,000 lines in <= 3 s. The objects are built in memory first; only the read is timed.
import { Readable } from 'node:stream';
import { importTs } from './lib/import-ts.mjs';

const m = await importTs('logs-bench-entry', {
  'src/lib/logs/alb-digest.ts': ['AlbDigestBuilder'],
  'src/lib/logs/line-stream.ts': ['forEachLine'],
  'src/lib/logs/log-window.ts': ['timeBounds'],
  'src/lib/common/concurrency.ts': ['mapLimit'],
  'test/logs/log-writer.ts': ['albLine', 'gzipLines'],
});

const LINES = 1_000_000;
const OBJECTS = 8;
const FLOOR_MS = 3000;
const T0 = Date.UTC(2024, 2, 9, 10, 0);
const groups = ['billing', 'orders', 'zebra'].map(
  (s, i) => `arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/${s}-blue/${i}0c0ffee0000000`,
);
const services = {
  byTargetGroup: new Map(groups.map((g, i) => [g, ['billing', 'orders', 'zebra'][i]])),
  byRule: new Map([
    ['443:10', 'billing'],
    ['443:20', 'orders'],
    ['443:30', 'zebra'],
  ]),
};

// Mostly 200s, some 5xx with error reasons, user agents with spaces and an escaped quote now and then.
const objects = [];
const perObject = LINES / OBJECTS;
for (let o = 0; o < OBJECTS; o++) {
  const lines = [];
  for (let i = 0; i < perObject; i++) {
    const n = o * perObject + i;
    const g = n % 3;
    const fail = n % 97 === 0;
    lines.push(
      m.albLine({
        time: new Date(T0 + Math.floor((n / LINES) * 3_600_000)),
        target: fail ? '-' : `10.0.${g}.${n % 50}:8080`,
        targetSeconds: fail ? -1 : (n % 1000) / 1000,
        elbStatus: fail ? 502 : 200,
        targetStatus: fail ? '-' : 200,
        url: `https://api.abq.com:443/${['billing', 'orders', 'zebra'][g]}/items/${n}?page=${n % 7}`,
        userAgent: n % 11 === 0 ? 'Mozilla/5.0 (X11; "quoted") Gecko/20100101' : 'curl/8.4.0',
        targetGroupArn: groups[g],
        rulePriority: String((g + 1) * 10),
        errorReason: fail ? 'TargetConnectionError' : '-',
        traceId: `Root=1-65ec3a40-${String(n).padStart(24, '0')}`,
      }),
    );
  }
  objects.push(m.gzipLines(lines));
}
const gzBytes = objects.reduce((s, b) => s + b.length, 0);

async function run() {
  const digest = new m.AlbDigestBuilder(services, m.timeBounds({ start: T0, end: T0 + 3_600_000 }));
  const started = performance.now();
  await m.mapLimit(objects, 4, (body) =>
    m.forEachLine(Readable.from([body]), true, (line) => digest.add(line)),
  );
  return { ms: performance.now() - started, digest };
}

await run(); // warm-up: JIT and zlib's thread pool
const { ms, digest } = await run();
const r = digest.result();
if (digest.lines !== LINES || r.requests !== LINES || digest.malformed !== 0)
  throw new Error(`read ${digest.lines} lines, ${r.requests} requests, ${digest.malformed} malformed`);
const perSecond = Math.round(LINES / (ms / 1000));
console.log(
  `parse: ${LINES.toLocaleString('en')} ALB lines in ${OBJECTS} gzip objects (${(gzBytes / 1e6).toFixed(1)} MB) ` +
    `in ${Math.round(ms)} ms: ${perSecond.toLocaleString('en')} lines/s (floor: ${LINES.toLocaleString('en')} in <= ${FLOOR_MS} ms)`,
);
console.log(
  `  digest: ${r.byStatus.length} status pairs, ${r.byRule.length} rules, ${r.errorReasons[0]?.count} ${r.errorReasons[0]?.reason}`,
);
if (ms > FLOOR_MS) {
  console.log(`FAIL: ${Math.round(ms)} ms > ${FLOOR_MS} ms`);
  process.exitCode = 1;
}
