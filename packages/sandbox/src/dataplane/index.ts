/**
 * The data plane's wiring into the sandbox: it registers beside the services as a ServiceDefinition
 * that serves no AWS API (signing name `dataplane`, no operations: a request signed for it gets the
 * protocol's unknown-operation error), so the core's existing state keys, tickers and health oracles
 * carry it without a second kind of module. Its control routes live in control/api.ts.
 */
import type { Sandbox, ServiceDefinition } from '../core/types.js';
import { failHealthOracle } from './traffic/fail-health-oracle.js';
import { trafficTicker } from './traffic/generator.js';
import { type DataplaneParts, realParts } from './traffic/parts.js';
import { DATAPLANE_STATE_KEY, emptyDataplaneState } from './traffic/state.js';

export const DATAPLANE_SIGNING_NAME = 'dataplane';

export interface DataplaneDefinition extends ServiceDefinition {
  /** What the generator and the control routes call in route/ and signals/. */
  parts: DataplaneParts;
}

/** The data plane as a sandbox module; tests pass stand-ins for routing and signals. */
export function dataplaneModule(parts: DataplaneParts = realParts): DataplaneDefinition {
  return {
    signingName: DATAPLANE_SIGNING_NAME,
    protocol: 'restJson1',
    stateKey: DATAPLANE_STATE_KEY,
    emptyState: emptyDataplaneState,
    parts,
    init(sb: Sandbox) {
      sb.tickers.push(trafficTicker(parts));
      // Before ECS's oracle: an injected health failure wins over a healthy running task.
      sb.healthOracles.unshift(failHealthOracle);
    },
  };
}

/** The data plane among a sandbox's services, if it hosts one. */
export function findDataplane(services: readonly ServiceDefinition[]): DataplaneDefinition | undefined {
  return services.find((s) => s.signingName === DATAPLANE_SIGNING_NAME) as DataplaneDefinition | undefined;
}

export type { DataplaneParts } from './traffic/parts.js';
