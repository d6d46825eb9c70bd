/** RegisterTargets, DeregisterTargets and DescribeTargetHealth over the wire. */
import { validationError } from '../../core/aws-error.js';
import type { OperationHandler } from '../../core/types.js';
import { int, list, required, str } from './input.js';
import {
  deregisterTargetsInternal,
  describeTargetHealthInternal,
  registerTargetsInternal,
  type TargetSpec,
} from './targets.js';

function targetSpecs(value: unknown, requiredList: boolean): TargetSpec[] {
  const raw = list<any>(value);
  if (requiredList && (!raw || raw.length === 0)) throw validationError('Targets must be specified');
  return (raw ?? []).map((t, i) => ({
    id: required(t?.Id, `targets.${i + 1}.member.id`),
    port: int(t?.Port, `targets.${i + 1}.member.port`),
    availabilityZone: str(t?.AvailabilityZone),
  }));
}

/** RegisterTargets, DeregisterTargets, DescribeTargetHealth. */
export const targetHandlers: Record<string, OperationHandler> = {
  RegisterTargets(input, { sb }) {
    registerTargetsInternal(
      sb,
      required(input.TargetGroupArn, 'TargetGroupArn'),
      targetSpecs(input.Targets, true),
    );
    return {};
  },
  DeregisterTargets(input, { sb }) {
    deregisterTargetsInternal(
      sb,
      required(input.TargetGroupArn, 'TargetGroupArn'),
      targetSpecs(input.Targets, true),
    );
    return {};
  },
  DescribeTargetHealth(input, { sb }) {
    const only = targetSpecs(input.Targets, false);
    return {
      TargetHealthDescriptions: describeTargetHealthInternal(
        sb,
        required(input.TargetGroupArn, 'TargetGroupArn'),
        only,
      ),
    };
  },
};
