/**
 * The `rails logs alb|nlb` engine: find the load balancer's logs, list the window's objects, read them
 * in parallel (bounded), stream-parse every line into the digest, and hand the matching lines of each
 * object on in key order for `--raw`.
 */
import type { AwsClients } from '../aws/clients.js';
import { getObjectStream, type ListedObject } from '../aws/s3.js';
import { serviceNow } from '../aws/server-clock.js';
import { mapLimit } from '../common/concurrency.js';
import { type IoHost, silentIoHost } from '../io-host.js';
import { AlbDigestBuilder, type AlbServices } from './alb-digest.js';
import type { DigestHeader, LogDigest } from './digest-model.js';
import { forEachLine } from './line-stream.js';
import { listLogObjects } from './list-log-objects.js';
import { albServices, findLogSource, type LogKind, type LogSource } from './log-source.js';
import { type LogWindow, timeBounds, windowEndingAt } from './log-window.js';
import { NlbDigestBuilder } from './nlb-digest.js';
import type { StatusFilter } from './status-filter.js';

export interface ReadLogsInput {
  kind: LogKind;
  /** The load balancer's name. */
  name: string;
  /**
   * The window, or how far back it reaches from AWS's clock (`sinceMs`): the end is then taken after
   * the first ELB call has answered, when the SDK knows the offset between this machine and AWS.
   */
  window: LogWindow | { sinceMs: number };
  /** ALB only: requests of this service (as the digest names services). */
  service?: string;
  /** ALB only: ELB status codes to keep, and the text it was parsed from (echoed in the digest). */
  status?: { text: string; accepts: StatusFilter };
  /** Receives each object's matching lines, as written, in key order. */
  onRaw?: (lines: string[]) => void;
  /** Objects read at once (default 8). */
  concurrency?: number;
  io?: IoHost;
}

type Builder = { add(line: string): boolean; lines: number; malformed: number; outsideWindow: number };

/** Reads the window's access logs into a digest. */
export async function readAccessLogs(aws: AwsClients, input: ReadLogsInput): Promise<LogDigest> {
  const io = input.io ?? silentIoHost;
  const source = await findLogSource(aws, input.kind, input.name);
  const window =
    'sinceMs' in input.window
      ? windowEndingAt(serviceNow(await aws.elbv2()), input.window.sinceMs)
      : input.window;
  const [objects, services] = await Promise.all([
    listLogObjects(aws, source.location, window),
    input.kind === 'alb' ? albServices(aws, source.arn) : Promise.resolve(undefined),
  ]);
  const bounds = timeBounds(window);
  const alb =
    input.kind === 'alb'
      ? new AlbDigestBuilder(services as AlbServices, {
          ...bounds,
          ...(input.service !== undefined ? { service: input.service } : {}),
          ...(input.status ? { status: input.status.accepts } : {}),
        })
      : undefined;
  const nlb = alb ? undefined : new NlbDigestBuilder(bounds);
  const builder: Builder = (alb ?? nlb)!;
  await io.task(`reading ${objects.length} log objects of ${input.name}`, () =>
    readObjects(aws, source, objects, builder, input),
  );
  const header: DigestHeader = {
    schemaVersion: 1,
    kind: input.kind,
    loadBalancer: { name: source.name, arn: source.arn },
    bucket: source.location.bucket,
    prefix: source.location.prefix,
    window: {
      start: new Date(window.start).toISOString(),
      end: new Date(window.end).toISOString(),
    },
    delivered: objects.length > 0,
    objects: { listed: objects.length, bytes: objects.reduce((s, o) => s + o.size, 0) },
    lines: { read: builder.lines, malformed: builder.malformed, outsideWindow: builder.outsideWindow },
  };
  if (alb)
    return {
      ...header,
      kind: 'alb',
      filters: {
        ...(input.service !== undefined ? { service: input.service } : {}),
        ...(input.status ? { status: input.status.text } : {}),
      },
      ...alb.result(),
    };
  return { ...header, kind: 'nlb', ...nlb!.result() };
}

/** Streams every object through the builder; raw lines are released in key order as objects finish. */
async function readObjects(
  aws: AwsClients,
  source: LogSource,
  objects: ListedObject[],
  builder: Builder,
  input: ReadLogsInput,
): Promise<void> {
  const done = new Map<number, string[]>();
  let next = 0;
  const release = () => {
    while (done.has(next)) {
      const lines = done.get(next)!;
      done.delete(next++);
      if (lines.length) input.onRaw!(lines);
    }
  };
  await mapLimit(objects, input.concurrency ?? 8, async (o, i) => {
    const raw: string[] = [];
    const body = await getObjectStream(aws, source.location.bucket, o.key);
    await forEachLine(body, o.key.endsWith('.gz'), (line) => {
      if (builder.add(line) && input.onRaw) raw.push(line);
    });
    if (!input.onRaw) return;
    done.set(i, raw);
    release();
  });
}
