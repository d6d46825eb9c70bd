/**
 * IAM (awsQuery, Version 2010-05-08). A global service: one endpoint, signed for us-east-1.
 * Modelled: roles (not idempotent, names unique ignoring case) and their inline policies.
 */
import type { ServiceDefinition } from '../../core/types.js';
import { rolePolicyOperations } from './role-policies.js';
import { roleOperations } from './roles.js';
import { seedIam } from './seed.js';
import { emptyIamState, IAM_STATE_KEY } from './state.js';

export const iamService: ServiceDefinition = {
  signingName: 'iam',
  protocol: 'awsQuery',
  stateKey: IAM_STATE_KEY,
  seed: seedIam,
  emptyState: emptyIamState,
  version: '2010-05-08',
  xmlNamespace: 'https://iam.amazonaws.com/doc/2010-05-08/',
  operations: { ...roleOperations, ...rolePolicyOperations },
};
