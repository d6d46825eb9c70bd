/**
 * What each service family answers when a signature check fails, as AWS answers it (README
 * "Security" lists the sources): the awsQuery services (ELBv2, IAM, STS, and CloudWatch, whose JSON
 * protocol keeps the query codes) `InvalidClientTokenId` / `SignatureDoesNotMatch` 403; EC2
 * `AuthFailure` 401 and `RequestExpired` 400; the JSON services (ECS, EventBridge, ACM)
 * `UnrecognizedClientException` / `InvalidSignatureException` 400, Lambda the same with 403; S3
 * `InvalidAccessKeyId`, `SignatureDoesNotMatch`, `RequestTimeTooSkewed` 403 with their extra fields.
 */
import { AwsError } from '../core/aws-error.js';
import type { Protocol } from '../core/types.js';
import type { AuthFailure, AuthFailureKind } from '../sigv4/failures.js';

type Family = 'query' | 'ec2' | 'json' | 'lambda' | 's3';

const FAMILY: Record<Protocol, Family> = {
  awsQuery: 'query',
  awsJson1_0: 'query', // CloudWatch: query-compatible JSON, the query codes in x-amzn-query-error
  ec2Query: 'ec2',
  awsJson1_1: 'json',
  restJson1: 'lambda',
  restXml: 's3',
};

const INVALID_TOKEN = 'The security token included in the request is invalid.';
const MISMATCH =
  'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';
const EC2_AUTH = 'AWS was not able to validate the provided access credentials';

/** code, status, and the message (undefined: the failure's own). */
type Answer = [string, number, string?];

function queryAnswer(kind: AuthFailureKind): Answer {
  switch (kind) {
    case 'unknownKey':
    case 'badToken':
      return ['InvalidClientTokenId', 403, INVALID_TOKEN];
    case 'badSignature':
    case 'payloadMismatch':
      return ['SignatureDoesNotMatch', 403, MISMATCH];
    case 'skew':
    case 'expired':
    case 'badScope':
      return ['SignatureDoesNotMatch', 403];
    case 'incomplete':
    case 'unsupported':
      return ['IncompleteSignature', 400];
  }
}

function ec2Answer(kind: AuthFailureKind): Answer {
  switch (kind) {
    case 'skew':
    case 'expired':
      return ['RequestExpired', 400, 'Request has expired.'];
    case 'incomplete':
    case 'unsupported':
      return ['IncompleteSignature', 400];
    default:
      return ['AuthFailure', 401, EC2_AUTH];
  }
}

function jsonAnswer(kind: AuthFailureKind, status: number): Answer {
  switch (kind) {
    case 'unknownKey':
    case 'badToken':
      return ['UnrecognizedClientException', status, INVALID_TOKEN];
    case 'badSignature':
    case 'payloadMismatch':
      return ['InvalidSignatureException', status, MISMATCH];
    case 'skew':
    case 'expired':
    case 'badScope':
      return ['InvalidSignatureException', status];
    case 'incomplete':
    case 'unsupported':
      return ['IncompleteSignatureException', status];
  }
}

function s3Answer(kind: AuthFailureKind): Answer {
  switch (kind) {
    case 'unknownKey':
      return ['InvalidAccessKeyId', 403, 'The AWS Access Key Id you provided does not exist in our records.'];
    case 'badToken':
      return ['InvalidToken', 400, 'The provided token is malformed or otherwise invalid.'];
    case 'badSignature':
      return [
        'SignatureDoesNotMatch',
        403,
        'The request signature we calculated does not match the signature you provided. Check your key and signing method.',
      ];
    case 'skew':
      return [
        'RequestTimeTooSkewed',
        403,
        'The difference between the request time and the current time is too large.',
      ];
    case 'expired':
      return ['AccessDenied', 403, 'Request has expired'];
    case 'payloadMismatch':
      return ['XAmzContentSHA256Mismatch', 400];
    case 'unsupported':
      return [
        'InvalidRequest',
        400,
        'The authorization mechanism you have provided is not supported. Please use AWS4-HMAC-SHA256.',
      ];
    case 'incomplete':
    case 'badScope':
      return ['AuthorizationHeaderMalformed', 400];
  }
}

/** The AwsError the service's protocol family answers a failed signature check with. */
export function authError(failure: AuthFailure, protocol: Protocol): AwsError {
  const family = FAMILY[protocol];
  const [code, status, message] =
    family === 'query'
      ? queryAnswer(failure.kind)
      : family === 'ec2'
        ? ec2Answer(failure.kind)
        : family === 'json'
          ? jsonAnswer(failure.kind, 400)
          : family === 'lambda'
            ? jsonAnswer(failure.kind, 403)
            : s3Answer(failure.kind);
  const err = new AwsError(code, message ?? failure.message, status);
  if (family === 's3' && failure.details) err.details = failure.details;
  return err;
}
