/**
 * Why a signature check failed, independent of protocol: http/auth-errors.ts turns each kind into the
 * error the service's family answers with on AWS.
 */
export type AuthFailureKind =
  /** The access key is not one the sandbox knows. */
  | 'unknownKey'
  /** A session key whose token is missing or not the one issued with it. */
  | 'badToken'
  /** The signature is not the one the secret gives. */
  | 'badSignature'
  /** The request time is more than 15 minutes from now. */
  | 'skew'
  /** A presigned URL past its X-Amz-Expires. */
  | 'expired'
  /** The credential scope names another date or service, or no region. */
  | 'badScope'
  /** x-amz-content-sha256 is not the body's hash. */
  | 'payloadMismatch'
  /** The Authorization header or query lacks a part, or is malformed. */
  | 'incomplete'
  /** A signature version other than SigV4. */
  | 'unsupported';

export interface AuthFailure {
  kind: AuthFailureKind;
  message: string;
  /** Extra facts S3 puts in its error body (`AWSAccessKeyId`, `StringToSign`, `ServerTime`...). */
  details?: Record<string, string>;
}
