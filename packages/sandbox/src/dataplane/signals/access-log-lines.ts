/**
 * One access-log line per request, field for field as AWS documents them (README.md "Access logs"):
 * the ALB's 33 space-separated fields, quoted where AWS quotes them, and the NLB's TLS line. Called
 * for every request while logging is on, so the formatting stays allocation-light.
 */
import type { AlbLeg, NlbLeg, RequestOutcome } from '../types.js';
import { isoMicros } from './time-format.js';

/** Seconds with millisecond precision; -1 when the step did not happen. */
function seconds(ms: number): string {
  if (ms < 0) return '-1';
  const whole = Math.round(ms);
  const frac = whole % 1000;
  return `${(whole - frac) / 1000}.${frac < 10 ? '00' : frac < 100 ? '0' : ''}${frac}`;
}

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
  // `Root=1-<8 hex>-<24 hex>`: the 32 hex digits, without a regular expression (once per line).
  return traceId.length === 40 ? `TID_${traceId.slice(7, 15)}${traceId.slice(16)}` : `TID_${'0'.repeat(32)}`;
}

/** The ALB access-log line of one request. */
export function albLine(outcome: RequestOutcome, alb: AlbLeg): string {
  const r = outcome.request;
  const https = alb.listenerProtocol === 'HTTPS';
  const type = https ? 'https' : 'http';
  const target = alb.target ? `${alb.target.ip}:${alb.target.port}` : undefined;
  const status = alb.targetStatus === undefined ? undefined : String(alb.targetStatus);
  const url = `${type}://${r.host}:${alb.listenerPort}${r.path}${r.query ? `?${r.query}` : ''}`;
  const rule = alb.matchedRulePriority === undefined ? '-' : alb.matchedRulePriority;
  // Pieces joined by one template per group of fields rather than an array join: this runs for
  // every request while logging is on. The groups follow AWS's field order.
  const connection = `${type} ${isoMicros(albResponseTime(outcome, alb))} ${alb.dimension} ${alb.clientIp}:${alb.clientPort} ${target ?? '-'}`;
  const times = `${seconds(alb.requestProcessingMs)} ${seconds(alb.targetProcessingMs)} ${seconds(alb.responseProcessingMs)}`;
  const answer = `${alb.elbStatus} ${status ?? '-'} ${r.receivedBytes} ${alb.sentBytes}`;
  const request = `${quoted(`${r.method} ${url} HTTP/1.1`)} ${quoted(r.headers['user-agent'])}`;
  const tls = `${alb.sslCipher ?? '-'} ${alb.sslProtocol ?? '-'}`;
  const routing = `${alb.targetGroupArn ?? '-'} ${quoted(alb.traceId)} ${quoted(https ? r.host : undefined)} ${quoted(alb.chosenCertArn)} ${rule} ${isoMicros(r.at)}`;
  const actions = `${quoted(alb.actionsExecuted.join(','))} ${quoted(alb.redirectUrl)} ${quoted(alb.errorReason)}`;
  const targets = `${quoted(target)} ${quoted(status)}`;
  // classification, classification_reason; conn_trace_id; transformed_host, _uri, request_transform_status.
  const rest = `"-" "-" ${connTraceId(alb.traceId)} "-" "-" "-"`;
  return `${connection} ${times} ${answer} ${request} ${tls} ${routing} ${actions} ${targets} ${rest}`;
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
