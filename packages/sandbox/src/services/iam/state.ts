/** IAM state: roles and their inline policies. Times are sandbox epoch ms unless marked real. */
import type { Sandbox } from '../../core/types.js';

export interface Role {
  roleName: string;
  /** `AROA` + 17 upper-case characters, as AWS forms unique role ids. */
  roleId: string;
  /** `arn:aws:iam::<account>:role/<path><name>`. */
  arn: string;
  path: string;
  createdAt: number;
  /** Wall-clock ms (Date.now()) of creation: role propagation is measured in real time. */
  createdAtReal: number;
  /** The trust policy as the caller sent it (decoded; GetRole URL-encodes it on the way out). */
  assumeRolePolicyDocument: string;
  description?: string;
  maxSessionDuration: number;
  /** Policy name -> policy document (decoded). */
  inlinePolicies: Record<string, string>;
  tags: Record<string, string>;
}

export interface IamState {
  /** Keyed by the lower-cased role name: names are unique ignoring case. */
  roles: Record<string, Role>;
}

export function emptyIamState(): IamState {
  return { roles: {} };
}

/** Where IAM keeps its state in the sandbox state (and in a state file). */
export const IAM_STATE_KEY = 'iam';

/** The IAM state, created on first use so an older persisted state still loads. */
export function iamState(sb: Sandbox): IamState {
  const state = sb.state[IAM_STATE_KEY] as Partial<IamState>;
  if (!state.roles) Object.assign(state, emptyIamState());
  return state as IamState;
}
