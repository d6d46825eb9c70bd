/**
 * Where a traced request meets API Gateway (pure): the rail's custom domain, an API's execute-api
 * host (`{api-id}.execute-api.{region}.amazonaws.com`), or the API `--api` names; and, on a custom
 * domain, the mapping that takes its path (docs/aws-behaviour.md §11 "Matching a request at API Gateway").
 */
import { restSegments } from './api-match.js';

export type ApiEntry =
  | { by: 'domain'; domainName: string; type: 'rest' | 'http' }
  | { by: 'execute-api'; apiId: string; type?: 'rest' | 'http' }
  | { by: 'api-flag'; ref: string; type?: 'rest' | 'http' };

/** What rail.yaml says of the front door, when it has one. */
export interface RailApi {
  type: 'rest' | 'http';
  name: string;
  stageName: string;
  domainName?: string;
}

const EXECUTE_API = /^([a-z0-9]+)\.execute-api\.[a-z0-9-]+\.amazonaws\.com$/;

/** The API entry of a request to `host`, or undefined when the trace starts at the NLB as before. */
export function apiEntry(
  host: string,
  rail: RailApi | undefined,
  apiFlag: string | undefined,
): ApiEntry | undefined {
  const h = host.toLowerCase();
  const executeApi = EXECUTE_API.exec(h);
  if (executeApi) return { by: 'execute-api', apiId: executeApi[1]!, ...(rail ? { type: rail.type } : {}) };
  if (apiFlag) return { by: 'api-flag', ref: apiFlag, ...(rail ? { type: rail.type } : {}) };
  if (rail?.domainName && rail.domainName.toLowerCase() === h)
    return { by: 'domain', domainName: rail.domainName, type: rail.type };
  return undefined;
}

export interface DomainMapping {
  /** `''` for the root (REST shows it as `(none)`). */
  key: string;
  apiId: string;
  stage: string;
}

/**
 * The mapping a custom-domain path takes: the longest base path whose segments begin the path, else
 * the root mapping; undefined when none (API Gateway's 403 Forbidden). Returns the path below it.
 */
export function pickMapping(
  mappings: DomainMapping[],
  path: string,
): { mapping: DomainMapping; rest: string } | undefined {
  const segments = restSegments(path);
  let best: DomainMapping | undefined;
  for (const m of mappings) {
    const key = restSegments(m.key);
    if (key.length > segments.length || key.some((k, i) => k !== segments[i])) continue;
    if (!best || key.length > restSegments(best.key).length) best = m;
  }
  if (!best) return undefined;
  const depth = restSegments(best.key).length;
  if (depth === 0) return { mapping: best, rest: path || '/' };
  // Drop the base path's segments and keep the rest of the path as it was written (a trailing slash too).
  const parts = path.split('/');
  let seen = 0;
  let i = 0;
  while (i < parts.length && seen < depth) if (parts[i++] !== '') seen++;
  const rest = `/${parts.slice(i).join('/')}`;
  return { mapping: best, rest: rest === '//' ? '/' : rest };
}
