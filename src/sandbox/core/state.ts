/**
 * The whole sandbox state: one JSON-serializable object, one key per service. Each service owns its
 * key and its types (src/sandbox/services/<service>/state.ts). Persisted with --state FILE.
 */
import { type AcmState, emptyAcmState } from '../services/acm/state.js';
import { type CloudWatchState, emptyCloudWatchState } from '../services/cloudwatch/state.js';
import { type Ec2State, emptyEc2State } from '../services/ec2/state.js';
import { type EcsState, emptyEcsState } from '../services/ecs/state.js';
import { type Elbv2State, emptyElbv2State } from '../services/elbv2/state.js';
import { emptyIamState, type IamState } from '../services/iam/state.js';

/** A service's state that the core does not need to know the shape of. */
export type ServiceState = Record<string, any>;

export interface SandboxState {
  ec2: Ec2State;
  elbv2: Elbv2State;
  acm: AcmState;
  ecs: EcsState;
  s3: ServiceState;
  iam: IamState;
  lambda: ServiceState;
  events: ServiceState;
  cloudwatch: CloudWatchState;
}

export function emptyState(): SandboxState {
  return {
    ec2: emptyEc2State(),
    elbv2: emptyElbv2State(),
    acm: emptyAcmState(),
    ecs: emptyEcsState(),
    s3: {},
    iam: emptyIamState(),
    lambda: {},
    events: {},
    cloudwatch: emptyCloudWatchState(),
  };
}
