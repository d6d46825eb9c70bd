/** CloudWatch's query-style errors, shared parameter checks and the state accessor of its operations. */
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

/** A timestamp parameter (epoch seconds in JSON) in ms. */
export function epochMs(value: unknown, parameter: string): number {
  if (value === undefined) throw missing(parameter);
  const ms = typeof value === 'number' ? value * 1000 : Date.parse(String(value));
  if (!Number.isFinite(ms)) throw invalidValue(String(value), parameter);
  return ms;
}

/** Period in seconds: 1, 5, 10, 20, 30, or a multiple of 60. */
export function checkPeriod(value: unknown, parameter: string): number {
  if (value === undefined) throw missing(parameter);
  const period = Number(value);
  if (
    !Number.isInteger(period) ||
    period < 1 ||
    (period > 60 ? period % 60 !== 0 : ![1, 5, 10, 20, 30, 60].includes(period))
  )
    throw invalidValue(String(value), parameter);
  return period;
}
