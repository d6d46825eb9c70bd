/**
 * Writes access-log lines and object keys the way AWS documents them (docs/aws-behaviour.md §12), for
 * the tests and the bench: the reader is checked against the published format, never against itself.
 */
import { gzipSync } from 'node:zlib';
import { dayFolder, fileStem, keyTime, type LogLocation, logRoot } from '../../src/lib/logs/log-keys.js';

/** A field as written: quoted ones in double quotes with `"` and `\` escaped by a backslash. */
export function quote(value: string): string {
  return `"${value.replace(/[\\"]/g, '\\$&')}"`;
}

export interface AlbRequest {
  time: Date;
  type?: string;
  elb?: string;
  client?: string;
  /** `ip:port`, or `-` when no target answered. */
  target?: string;
  requestSeconds?: number;
  /** -1 when no target answered. */
  targetSeconds?: number;
  responseSeconds?: number;
  elbStatus?: number;
  targetStatus?: number | '-';
  method?: string;
  url?: string;
  userAgent?: string;
  targetGroupArn?: string;
  traceId?: string;
  rulePriority?: string;
  actions?: string;
  errorReason?: string;
}

const secs = (n: number) => (n < 0 ? '-1' : n.toFixed(3));

/** One ALB line with every field through `conn_trace_id`, in AWS's order. */
export function albLine(r: AlbRequest): string {
  const time = r.time.toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
  const target = r.target ?? '10.0.0.1:8080';
  return [
    r.type ?? 'https',
    time,
    r.elb ?? 'app/my-loadbalancer/50dc6c495c0c9188',
    r.client ?? '192.168.131.39:2817',
    target,
    secs(r.requestSeconds ?? 0),
    secs(r.targetSeconds ?? 0.001),
    secs(r.responseSeconds ?? 0),
    String(r.elbStatus ?? 200),
    String(r.targetStatus ?? (target === '-' ? '-' : (r.elbStatus ?? 200))),
    '34',
    '366',
    quote(`${r.method ?? 'GET'} ${r.url ?? 'https://api.abq.com:443/'} HTTP/1.1`),
    quote(r.userAgent ?? 'curl/8.4.0'),
    'ECDHE-RSA-AES128-GCM-SHA256',
    'TLSv1.2',
    r.targetGroupArn ?? '-',
    quote(r.traceId ?? 'Root=1-58337262-36d228ad5d99923122bbe354'),
    quote('api.abq.com'),
    quote('-'),
    r.rulePriority ?? '0',
    time,
    quote(r.actions ?? 'forward'),
    quote('-'),
    quote(r.errorReason ?? '-'),
    quote(target),
    quote(target === '-' ? '-' : String(r.targetStatus ?? r.elbStatus ?? 200)),
    quote('-'),
    quote('-'),
    'TID_1234abcd5678ef90',
  ].join(' ');
}

/** One NLB TLS line, in AWS's order. */
export function nlbLine(r: {
  time: Date;
  listener?: string;
  destination?: string;
  handshakeMs?: number;
  alert?: string;
  protocol?: string;
}): string {
  return [
    'tls',
    '2.0',
    r.time.toISOString().slice(0, 19),
    'net/my-network-loadbalancer/c6e77e28c25b2234',
    r.listener ?? 'g3d4b5e8bb8464cd',
    '72.21.218.154:51341',
    r.destination ?? '172.100.100.185:443',
    '5',
    String(r.handshakeMs ?? 2),
    '98',
    '246',
    r.alert ?? '-',
    'arn:aws:acm:us-east-2:671290407336:certificate/2a108f19-aded-46b0-8493-c63eb1ef4a99',
    '-',
    'ECDHE-RSA-AES128-SHA',
    r.protocol ?? 'tlsv12',
    '-',
    'api.abq.com',
    '-',
    '-',
    '-',
    r.time.toISOString().slice(0, 19),
  ].join(' ');
}

/** The key ELB writes a file under: the file's interval ends at `end`; ALB files name their node. */
export function logKey(loc: LogLocation, end: Date, node = '10.0.1.17'): string {
  const tail = loc.loadBalancerId.startsWith('app/') ? `_${node}` : '';
  const random = Math.random().toString(36).slice(2, 10);
  return `${logRoot(loc)}${dayFolder(end.getTime())}${fileStem(loc)}${keyTime(end.getTime())}${tail}_${random}.log.gz`;
}

/** A log object's body: the lines, newline-terminated, gzipped. */
export function gzipLines(lines: string[]): Buffer {
  return gzipSync(`${lines.join('\n')}\n`);
}
