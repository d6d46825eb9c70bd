/**
 * What the generator calls in the other two parts of the data plane: routing (route/) and signals
 * (signals/). One object, so the sandbox's tests can run the generator on stand-ins of their own and
 * watch exactly what it hands over.
 */
import { buildRoutingTable } from '../route/index.js';
import { requestFromUrl } from '../route/parse-request.js';
import { advanceSignals, recordOutcomes } from '../signals/index.js';

export interface DataplaneParts {
  buildRoutingTable: typeof buildRoutingTable;
  requestFromUrl: typeof requestFromUrl;
  recordOutcomes: typeof recordOutcomes;
  advanceSignals: typeof advanceSignals;
}

export const realParts: DataplaneParts = {
  buildRoutingTable,
  requestFromUrl,
  recordOutcomes,
  advanceSignals,
};
