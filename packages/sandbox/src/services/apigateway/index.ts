/**
 * API Gateway: the REST API (`apigateway`) and HTTP APIs (`apigatewayv2`). Both sign as
 * `apigateway` on one host; v2 paths start with `/v2/` (docs/aws-behaviour.md §11), so they are two
 * services sharing a signing name, told apart by path, and one state key.
 */
import type { ServiceDefinition } from '../../core/types.js';
import { restRouter } from './rest-router.js';
import { v1Routes } from './routes-v1.js';
import { v2Routes } from './routes-v2.js';
import { APIGW_STATE_KEY, emptyApigwState } from './state.js';
import { advanceLinks } from './vpc-links.js';

export const apigatewayService: ServiceDefinition = {
  signingName: 'apigateway',
  protocol: 'restJson1',
  stateKey: APIGW_STATE_KEY,
  emptyState: emptyApigwState,
  rest: restRouter(v1Routes),
  init(sb) {
    sb.tickers.push(advanceLinks);
  },
};

export const apigatewayV2Service: ServiceDefinition = {
  signingName: 'apigateway',
  folder: 'apigatewayv2',
  protocol: 'restJson1',
  rest: restRouter(v2Routes),
};
