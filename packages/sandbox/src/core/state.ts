/**
 * The empty sandbox state. The core keeps one map keyed by each service's `stateKey` and knows no
 * service's shape: each service owns its key, its types and its empty state (services/<service>/state.ts).
 */
import type { SandboxState, ServiceDefinition } from './types.js';

/** Every hosted service's empty state under its key, in the order the services are listed. */
export function emptyState(services: readonly ServiceDefinition[]): SandboxState {
  const state: SandboxState = {};
  for (const s of services) if (s.stateKey) state[s.stateKey] = s.emptyState?.() ?? {};
  return state;
}
