/**
 * An error as AWS returns it. The protocol layer encodes it the way each wire protocol does
 * (awsQuery <ErrorResponse>, ec2Query <Response><Errors>, JSON __type, REST headers), so the
 * unmodified SDK raises the same named exception it would against AWS.
 */
export class AwsError extends Error {
  /** Extra elements S3 puts in its error body after Message (`AWSAccessKeyId`, `ServerTime`...). */
  details?: Record<string, string>;

  constructor(
    /** The wire code, e.g. `DuplicateTargetGroupName`, `InvalidGroup.Duplicate`, `ClientException`. */
    readonly code: string,
    message: string,
    /** HTTP status; 400 unless AWS documents another (IAM 404/409, Lambda 409/412, S3 412...). */
    readonly status = 400,
    /** awsQuery `<Type>`: Sender for the caller's fault, Receiver for the service's. */
    readonly fault: 'Sender' | 'Receiver' = status >= 500 ? 'Receiver' : 'Sender',
  ) {
    super(message);
    this.name = code;
  }
}

/** Shorthand for the most common AWS validation failure. */
export function validationError(message: string): AwsError {
  return new AwsError('ValidationError', message);
}
