/**
 * API Gateway's named errors. Both APIs put the type in `x-amzn-errortype` and the text in
 * `{"message": ...}` (docs/aws-behaviour.md §11).
 */
import { AwsError } from '../../core/aws-error.js';

export const notFound = (message: string) => new AwsError('NotFoundException', message, 404);
export const badRequest = (message: string) => new AwsError('BadRequestException', message, 400);
export const conflict = (message: string) => new AwsError('ConflictException', message, 409);
export const limitExceeded = (message: string) => new AwsError('LimitExceededException', message, 429);
