/** Recognises AWS SDK errors and says what to do about the common ones. */
import { AwsCallError } from '../errors.js';

export interface SdkError extends Error {
  $metadata?: { httpStatusCode?: number };
  $fault?: string;
  Code?: string;
  code?: string;
  $railsOperation?: string;
  $railsService?: string;
  $railsResource?: string;
  $railsEndpoint?: string;
}

export function isAwsSdkError(err: unknown): err is SdkError {
  return err instanceof Error && ('$metadata' in err || '$railsOperation' in err);
}

/** The AWS error code: the SDK puts it in `name` (and `Code` for query protocols). */
export function errorCode(err: unknown): string {
  const e = err as SdkError;
  return e?.Code ?? (e?.name && e.name !== 'Error' ? e.name : undefined) ?? e?.code ?? 'UnknownError';
}

/** The call's answer, or undefined when AWS answers `code` (a missing resource is not an error to a read). */
export async function orMissing<T>(call: Promise<T>, code = 'NotFoundException'): Promise<T | undefined> {
  try {
    return await call;
  } catch (err) {
    if (errorCode(err) === code) return undefined;
    throw err;
  }
}

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'EAI_AGAIN',
]);

export function isNetworkError(err: unknown): boolean {
  const e = err as { code?: string; cause?: { code?: string } };
  return NETWORK_CODES.has(e?.code ?? '') || NETWORK_CODES.has(e?.cause?.code ?? '');
}

export function toAwsCallError(err: SdkError): AwsCallError {
  const network = isNetworkError(err);
  const code = network ? ((err as any).code ?? (err as any).cause?.code ?? 'NetworkError') : errorCode(err);
  const message = network
    ? `cannot reach ${err.$railsEndpoint ?? `the ${err.$railsService ?? 'AWS'} endpoint`} (${err.message.split('\n')[0]})`
    : (err.message.split('\n')[0] ?? '');
  return new AwsCallError(err.$railsOperation ?? 'AWS call', err.$railsResource, code, message, {
    cause: err,
  });
}

/** Whether AWS refused the call for the credentials' permissions (the codes differ per service). */
export function isAccessDenied(err: unknown): boolean {
  return /AccessDenied|UnauthorizedOperation|AuthorizationError|NotAuthorized/.test(errorCode(err));
}

/** A hint for the errors whose remedy is known. */
export function awsErrorHint(err: SdkError): string | undefined {
  const endpoint = err.$railsEndpoint;
  const code = errorCode(err);
  const action = `${err.$railsService ?? 'aws'}:${err.$railsOperation ?? '?'}`;
  if (isAccessDenied(err)) {
    return `the credentials in use may not call ${action}${err.$railsResource ? ` on ${err.$railsResource}` : ''}; allow that action in their IAM policy (\`aws sts get-caller-identity\` shows who you are).`;
  }
  if (/ExpiredToken|RequestExpired|TokenRefreshRequired|InvalidClientTokenId|UnrecognizedClient/.test(code)) {
    return 'the credentials are expired or unknown: refresh them (`aws sso login --profile <name>`, or export new AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY/AWS_SESSION_TOKEN).';
  }
  if (/Throttl|TooManyRequests|RequestLimitExceeded|SlowDown/.test(code)) {
    return 'AWS is throttling this account; wait a moment and run again (rails already retried with backoff).';
  }
  if (isNetworkError(err)) {
    return `cannot reach the AWS endpoint${endpoint ? ` ${endpoint}` : ''}: check --endpoint-url / AWS_ENDPOINT_URL, the network, or start the sandbox (\`rails sandbox\`).`;
  }
  return undefined;
}
