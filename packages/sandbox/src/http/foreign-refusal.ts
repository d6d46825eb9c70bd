/**
 * The answer to a request from outside this machine's trust (loopback-guard.ts): on the control API a
 * plain JSON error, on an AWS API the refusal of the protocol of the service the request is for, so an
 * SDK caller sees an AWS-shaped 403 rather than a parse failure.
 */
import { AwsError } from '../core/aws-error.js';
import type { RawResponse, ServiceDefinition } from '../core/types.js';
import { codecs, type IncomingRequest } from '../protocols/codecs.js';
import { credentialsOf, type ServiceRouter } from './routing.js';

/** `/_sandbox` and everything under it. */
export function isControlPath(path: string): boolean {
  return path === '/_sandbox' || path.startsWith('/_sandbox/');
}

/** Request-id headers as the service's protocol names them. */
export function requestIdHeaders(
  def: ServiceDefinition | undefined,
  requestId: string,
): Record<string, string> {
  if (def?.protocol === 'restXml') return { 'x-amz-request-id': requestId, 'x-amz-id-2': requestId };
  return { 'x-amzn-requestid': requestId };
}

/** When no hosted service matches, errors take the awsQuery shape. */
const NO_SERVICE: ServiceDefinition = { signingName: '', protocol: 'awsQuery' };

export function foreignRefusal(
  router: ServiceRouter,
  req: IncomingRequest,
  requestId: string,
  why: string,
): RawResponse {
  if (isControlPath(req.path)) {
    return {
      status: 403,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ error: { code: 'Forbidden', message: why } }),
    };
  }
  const def = router.route(req, credentialsOf(req));
  const codec = codecs[def?.protocol ?? 'awsQuery'];
  const answer = codec.error(new AwsError(codec.forbidden, why, 403), requestId, def ?? NO_SERVICE, req);
  return { ...answer, headers: { ...requestIdHeaders(def, requestId), ...answer.headers } };
}
