/** The access-log digest as text: what was read, then one short table per view, the worst first. */
import type { AlbDigest, LogDigest, NlbDigest } from '../../lib/logs/digest-model.js';
import { c, table } from '../output.js';

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

function headline(d: LogDigest): string[] {
  const where = `s3://${d.bucket}/${d.prefix ? `${d.prefix}/` : ''}`;
  const lines = [
    `${c.bold(d.kind.toUpperCase())} ${d.loadBalancer.name}  ${d.window.start} → ${d.window.end}`,
    c.dim(
      `${plural(d.objects.listed, 'log object')} (${d.objects.bytes} bytes) in ${where}; ` +
        `${plural(d.lines.read, 'line')} read, ${d.lines.outsideWindow} outside the window` +
        (d.lines.malformed ? `, ${c.warn(`${d.lines.malformed} not access-log lines`)}` : ''),
    ),
  ];
  if (!d.delivered)
    lines.push(
      `no access logs delivered for ${d.loadBalancer.name} in this window; ` +
        `${d.kind.toUpperCase()} delivers every 5 minutes (try a longer --since)`,
    );
  return lines;
}

const status = (s: string) => (s[0] === '5' ? c.bad(s) : s[0] === '4' ? c.warn(s) : s);

async function renderAlb(d: AlbDigest): Promise<string> {
  const filters = [
    d.filters.service && `service ${d.filters.service}`,
    d.filters.status && `status ${d.filters.status}`,
  ]
    .filter(Boolean)
    .join(', ');
  const out = [
    ...headline(d),
    '',
    `${c.bold(plural(d.requests, 'request'))}${filters ? ` (${filters})` : ''}`,
  ];
  if (d.requests === 0) return out.join('\n');
  out.push(
    '',
    await table(
      ['elb status', 'target status', 'requests'],
      d.byStatus.map((s) => [status(s.elbStatus), status(s.targetStatus), s.count]),
    ),
    '',
    await table(
      ['listener', 'rule', 'service', 'requests', 'elb 5xx', 'target 5xx'],
      d.byRule.map((r) => [
        r.listenerPort || '-',
        r.rulePriority,
        r.service,
        r.requests,
        r.elb5xx,
        r.target5xx,
      ]),
    ),
  );
  if (d.errorReasons.length)
    out.push(
      '',
      await table(
        ['error reason', 'requests'],
        d.errorReasons.map((e) => [c.bad(e.reason), e.count]),
      ),
    );
  if (d.targets.length)
    out.push(
      '',
      await table(
        ['target', 'requests', 'target 5xx', 'elb 5xx', 'avg target s'],
        d.targets.map((t) => [t.ip, t.requests, t.target5xx, t.elb5xx, t.avgTargetSeconds ?? '-']),
      ),
    );
  out.push(
    '',
    c.bold('slowest'),
    await table(
      ['seconds', 'status', 'service', 'request', 'trace id'],
      d.slowest.map((s) => [
        s.seconds,
        `${status(s.elbStatus)}/${s.targetStatus}`,
        s.service,
        s.request,
        s.traceId,
      ]),
    ),
  );
  return out.join('\n');
}

async function renderNlb(d: NlbDigest): Promise<string> {
  const out = [...headline(d), '', c.bold(plural(d.connections, 'TLS connection'))];
  if (d.connections === 0) return out.join('\n');
  out.push(
    '',
    await table(
      ['listener', 'connections'],
      d.byListener.map((l) => [l.listener, l.connections]),
    ),
    '',
    await table(
      ['tls', 'cipher', 'connections'],
      d.byTls.map((t) => [t.protocol, t.cipher, t.connections]),
    ),
  );
  if (d.tlsAlerts.length)
    out.push(
      '',
      await table(
        ['incoming tls alert', 'count'],
        d.tlsAlerts.map((a) => [c.bad(a.alert), a.count]),
      ),
    );
  out.push(
    '',
    await table(
      ['destination', 'connections', 'received', 'sent'],
      d.destinations.map((x) => [x.ip, x.connections, x.receivedBytes, x.sentBytes]),
    ),
    '',
    c.bold('slowest handshakes'),
    await table(
      ['ms', 'client', 'destination', 'domain', 'time'],
      d.slowestHandshakes.map((s) => [s.handshakeMs, s.client, s.destination, s.domain, s.time]),
    ),
  );
  return out.join('\n');
}

export function renderDigest(d: LogDigest): Promise<string> {
  return d.kind === 'alb' ? renderAlb(d) : renderNlb(d);
}
