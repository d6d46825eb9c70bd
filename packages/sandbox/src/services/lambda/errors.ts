/** Lambda's named errors (restJson1: `X-Amzn-ErrorType` header, `{"Type","Message"}` body). */
import { AwsError } from '../../core/aws-error.js';

export const invalidParameter = (message: string) =>
  new AwsError('InvalidParameterValueException', message, 400);

export const validationException = (field: string, value: unknown, constraint: string) =>
  new AwsError(
    'ValidationException',
    `1 validation error detected: Value '${String(value)}' at '${field}' failed to satisfy constraint: ${constraint}`,
    400,
  );

export const functionNotFound = (arn: string) =>
  new AwsError('ResourceNotFoundException', `Function not found: ${arn}`, 404);

export const resourceConflict = (message: string) => new AwsError('ResourceConflictException', message, 409);

export const preconditionFailed = () =>
  new AwsError(
    'PreconditionFailedException',
    'The Revision Id provided does not match the latest Revision Id. Call the GetFunction/GetAlias API to retrieve the latest Revision Id',
    412,
  );
