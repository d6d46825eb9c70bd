/** CloudWatch's query-style errors and the state accessor shared by its operations. */
import { AwsError } from '../../core/aws-error.js';
import type { Sandbox } from '../../core/types.js';
import { type CloudWatchState, cloudWatchState, emptyCloudWatchState } from './state.js';

/** `MissingParameter` (the SDK raises MissingRequiredParameterException). */
export function missing(parameter: string): AwsError {
  return new AwsError('MissingParameter', `The parameter ${parameter} is required.`);
}

export function invalidValue(value: string, parameter: string): AwsError {
  return new AwsError('InvalidParameterValue', `The value ${value} for parameter ${parameter} is invalid.`);
}

/** The CloudWatch state, created on first use so an older persisted state still loads. */
export function cloudwatchState(sb: Sandbox): CloudWatchState {
  const state = cloudWatchState(sb) as Partial<CloudWatchState>;
  if (!state.metrics) Object.assign(state, emptyCloudWatchState());
  return cloudWatchState(sb) as CloudWatchState;
}
