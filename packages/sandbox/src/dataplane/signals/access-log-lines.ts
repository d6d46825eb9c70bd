/**
 * One access-log line per request, field for field as AWS documents them (README.md "Access logs"):
 * the ALB's 33 space-separated fields, quoted where AWS quotes them, and the NLB's TLS line. Called
 * for every request while logging is on, so the formatting stays allocation-light.
 */
import type { AlbLeg, NlbLeg, RequestOutcome } from '../types.js';

let cachedSecond = Number.NaN;
let cachedPrefix = '';

/** `2018-07-02T22:23:00.186641Z`: ISO 8601 with microseconds (the sandbox has ms: the rest is 0). */
export function isoMicros(ms: number): string {
  const t = Math.floor(ms);
  const second = Math.floor(t / 1000);
  if (second !== cachedSecond) {
    cachedSecond = second;
    cachedPrefix = new Date(second * 1000).toISOString().slice(0, 19);
  }
  const frac = t - second * 1000;
  return `${cachedPrefix}.${frac < 10 ? '00' : frac < 100 ? '0' : ''}${frac}000Z`;
}

/** Seconds with millisecond precision; -1 when the step did not happen. */
const seconds = (ms: number) => (ms < 0 ? '-1' : (ms / 1000).toFixed(3));

/** A quoted field: AWS encloses it in double quotes; a quote inside is escaped. */
const quoted = (value: string | undefined) =>
  value === undefined || value === ''
    ? '"-"'
    : `"${value.includes('"') ? value.replaceAll('"', '\\"') : value}"`;

/** When the ALB answered the client: received + its processing + the target's + the response's. */
export function albResponseTime(outcome: RequestOutcome, alb: AlbLeg): number {
  return (
    outcome.request.at +
    Math.max(0, alb.requestProcessingMs) +
    Math.max(0, alb.targetProcessingMs) +
    Math.max(0, alb.responseProcessingMs)
  );
}

/** The connection trace id AWS logs last among the classic fields: `TID_` and 32 hex. */
function connTraceId(traceId: string): string {
  const hex = traceId.replace(/^Root=1-/, '').replace('-', '');
  return `TID_${hex.padEnd(32, '0').slice(0, 32)}`;
}

/** The ALB access-log line of one request. */
export function albLine(outcome: RequestOutcome, alb: AlbLeg): string {
  const r = outcome.request;
  const https = alb.listenerProtocol === 'HTTPS';
  const target = alb.target ? `${alb.target.ip}:${alb.target.port}` : undefined;
  const status = alb.targetStatus === undefined ? undefined : String(alb.targetStatus);
  const url = `${https ? 'https' : 'http'}://${r.host}:${alb.listenerPort}${r.path}${r.query ? `?${r.query}` : ''}`;
  return [
    https ? 'https' : 'http',
    isoMicros(albResponseTime(outcome, alb)),
    alb.dimension,
    `${alb.clientIp}:${alb.clientPort}`,
    target ?? '-',
    seconds(alb.requestProcessingMs),
    seconds(alb.targetProcessingMs),
    seconds(alb.responseProcessingMs),
    String(alb.elbStatus),
    status ?? '-',
    String(r.receivedBytes),
    String(alb.sentBytes),
    quoted(`${r.method} ${url} HTTP/1.1`),
    quoted(r.headers['user-agent']),
    alb.sslCipher ?? '-',
    alb.sslProtocol ?? '-',
    alb.targetGroupArn ?? '-',
    quoted(alb.traceId),
    quoted(https ? r.host : undefined),
    quoted(alb.chosenCertArn),
    alb.matchedRulePriority === undefined ? '-' : String(alb.matchedRulePriority),
    isoMicros(r.at),
    quoted(alb.actionsExecuted.join(',')),
    quoted(alb.redirectUrl),
    quoted(alb.errorReason),
    quoted(target),
    quoted(status),
    quoted(undefined),
    quoted(undefined),
    connTraceId(alb.traceId),
    quoted(undefined),
    quoted(undefined),
    quoted(undefined),
  ].join(' ');
}

/** `2018-12-20T02:59:40`: the NLB log's time format (AWS's examples: seconds, no zone letter). */
const nlbTime = (ms: number) => new Date(ms).toISOString().slice(0, 19);

/** The cipher and protocol the sandbox reports for a TLS listener (its default policy's first). */
export const NLB_TLS = { cipher: 'ECDHE-RSA-AES128-GCM-SHA256', protocol: 'tlsv12' };

/** The NLB access-log line of one TLS connection. */
export function nlbLine(outcome: RequestOutcome, nlb: NlbLeg): string {
  const r = outcome.request;
  const handshake = nlb.tlsHandshakeMs !== undefined;
  const listenerId = nlb.listenerArn ? nlb.listenerArn.slice(nlb.listenerArn.lastIndexOf('/') + 1) : '-';
  return [
    'tls',
    '2.0',
    nlbTime(r.at + nlb.connectionMs),
    nlb.dimension,
    listenerId,
    `${r.clientIp}:${r.clientPort}`,
    `${nlb.nodeIp}:${nlb.listenerPort}`,
    String(Math.round(nlb.connectionMs)),
    handshake ? String(Math.round(nlb.tlsHandshakeMs!)) : '-',
    String(nlb.receivedBytes),
    String(nlb.sentBytes),
    '-',
    nlb.chosenCertArn ?? '-',
    '-',
    handshake ? NLB_TLS.cipher : '-',
    handshake ? NLB_TLS.protocol : '-',
    '-',
    handshake ? encodeURIComponent(r.host) : '-',
    '-',
    '-',
    '-',
    nlbTime(r.at),
  ].join(' ');
}
