/**
 * API Gateway state (REST `apigateway` and HTTP `apigatewayv2`), one part per region: both APIs
 * share the host and the signing name, and custom domains and their mappings are one resource that
 * both APIs show (docs/aws-behaviour.md §11). Times are sandbox epoch ms.
 */
import type { Sandbox } from '../../core/types.js';

export interface RestIntegration {
  type: string;
  httpMethod?: string;
  uri?: string;
  connectionType: string;
  connectionId?: string;
  integrationTarget?: string;
  requestParameters: Record<string, string>;
  passthroughBehavior: string;
  timeoutInMillis: number;
  cacheNamespace: string;
  cacheKeyParameters: string[];
  tlsConfig?: { insecureSkipVerification?: boolean };
}

export interface RestMethod {
  httpMethod: string;
  authorizationType: string;
  apiKeyRequired: boolean;
  requestParameters: Record<string, boolean>;
  integration?: RestIntegration;
}

export interface RestResource {
  id: string;
  /** Absent for the root resource `/`. */
  parentId?: string;
  pathPart?: string;
  methods: Record<string, RestMethod>;
}

export interface RestDeployment {
  id: string;
  description?: string;
  createdDate: number;
  /** The API's resources as deployed: a stage serves these, not the live ones. */
  resources: Record<string, RestResource>;
}

export interface RestStage {
  stageName: string;
  deploymentId: string;
  description?: string;
  variables: Record<string, string>;
  tags: Record<string, string>;
  createdDate: number;
  lastUpdatedDate: number;
}

export interface RestApi {
  id: string;
  name: string;
  description?: string;
  createdDate: number;
  endpointTypes: string[];
  rootResourceId: string;
  resources: Record<string, RestResource>;
  deployments: Record<string, RestDeployment>;
  stages: Record<string, RestStage>;
  tags: Record<string, string>;
}

export type LinkStatus = 'PENDING' | 'AVAILABLE' | 'DELETING' | 'FAILED' | 'INACTIVE';

/** A VPC link v1 (REST only, one NLB). */
export interface VpcLinkV1 {
  id: string;
  name: string;
  description?: string;
  targetArns: string[];
  status: LinkStatus;
  statusMessage: string;
  createdAt: number;
  tags: Record<string, string>;
}

/** A VPC link v2 (HTTP APIs, and REST APIs since November 2025). */
export interface VpcLinkV2 {
  id: string;
  name: string;
  subnetIds: string[];
  securityGroupIds: string[];
  status: LinkStatus;
  statusMessage: string;
  createdAt: number;
  /** When PENDING ends (creation, or re-provisioning after INACTIVE). */
  readyAt: number;
  /** The last request that went through the link (or its creation): 60 idle days make it INACTIVE. */
  lastTrafficAt: number;
  tags: Record<string, string>;
}

export interface HttpRoute {
  routeId: string;
  routeKey: string;
  target?: string;
  authorizationType: string;
  apiKeyRequired: boolean;
}

export interface HttpIntegration {
  integrationId: string;
  integrationType: string;
  integrationMethod?: string;
  integrationUri?: string;
  connectionType: string;
  connectionId?: string;
  payloadFormatVersion: string;
  timeoutInMillis: number;
  description?: string;
  requestParameters?: Record<string, string>;
  tlsConfig?: { serverNameToVerify?: string };
}

export interface HttpStage {
  stageName: string;
  autoDeploy: boolean;
  description?: string;
  stageVariables: Record<string, string>;
  createdDate: number;
  lastUpdatedDate: number;
  tags: Record<string, string>;
}

export interface HttpApi {
  apiId: string;
  name: string;
  protocolType: string;
  description?: string;
  createdDate: number;
  routeSelectionExpression: string;
  routes: Record<string, HttpRoute>;
  integrations: Record<string, HttpIntegration>;
  stages: Record<string, HttpStage>;
  tags: Record<string, string>;
}

/** A base path mapping (REST) or API mapping (HTTP): the same thing seen through either API. */
export interface ApiMapping {
  apiMappingId: string;
  /** '' for the root. */
  key: string;
  apiId: string;
  stage: string;
}

export interface DomainName {
  domainName: string;
  domainNameId: string;
  certificateArn: string;
  regionalDomainName: string;
  regionalHostedZoneId: string;
  securityPolicy: string;
  createdAt: number;
  mappings: ApiMapping[];
  tags: Record<string, string>;
}

export interface ApigwRegion {
  restApis: Record<string, RestApi>;
  vpcLinks: Record<string, VpcLinkV1>;
  httpApis: Record<string, HttpApi>;
  vpcLinksV2: Record<string, VpcLinkV2>;
  domainNames: Record<string, DomainName>;
}

export interface ApigwState {
  regions: Record<string, ApigwRegion>;
}

/** Where API Gateway keeps its state in the sandbox state (and in a state file). */
export const APIGW_STATE_KEY = 'apigateway';

export function emptyApigwState(): ApigwState {
  return { regions: {} };
}

/** Every region's part that has one. */
export function apigwRegions(sb: Sandbox): Array<[string, ApigwRegion]> {
  const s = sb.state[APIGW_STATE_KEY] as ApigwState | undefined;
  return Object.entries(s?.regions ?? {});
}

/** One region's part, created on first use. */
export function apigwRegion(sb: Sandbox, region: string): ApigwRegion {
  const s = sb.state[APIGW_STATE_KEY] as ApigwState;
  s.regions ??= {};
  s.regions[region] ??= { restApis: {}, vpcLinks: {}, httpApis: {}, vpcLinksV2: {}, domainNames: {} };
  return s.regions[region]!;
}

/** The resource ARNs TagResource/GetTags take (docs/aws-behaviour.md §11). */
export const apigwArn = (region: string, path: string) => `arn:aws:apigateway:${region}::${path}`;
