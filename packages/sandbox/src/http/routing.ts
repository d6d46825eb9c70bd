/**
 * Finds the service a request is for: the service named in the SigV4 credential scope
 * (`Credential=AKID/date/region/SERVICE/aws4_request`, header or presigned query), then X-Amz-Target,
 * the query `Action` (with `Version`), and REST paths as fallbacks.
 */

import type { ServiceDefinition } from '../core/types.js';
import { formOf, type IncomingRequest } from '../protocols/codecs.js';

/** Control API folder names by signing name (`/_sandbox/<folder>/<verb>`, request log `service`). */
const FOLDERS: Record<string, string> = { elasticloadbalancing: 'elbv2', monitoring: 'cloudwatch' };

export function folderOf(def: ServiceDefinition): string {
  return def.folder ?? FOLDERS[def.signingName] ?? def.signingName;
}

export interface Credentials {
  accessKeyId: string;
  region?: string;
  service?: string;
}

const SCOPE = /Credential=([^/,\s]+)\/(\d{8})\/([^/,\s]+)\/([^/,\s]+)\/aws4_request/;

/** The caller's SigV4 credential scope, or undefined for a request that carries no credentials. */
export function credentialsOf(req: IncomingRequest): Credentials | undefined {
  const auth = req.headers.authorization;
  if (typeof auth === 'string') {
    const m = SCOPE.exec(auth);
    if (m) return { accessKeyId: m[1]!, region: m[3], service: m[4] };
    const v2 = /^AWS ([^:]+):/.exec(auth); // legacy S3 signature: no scope
    if (v2) return { accessKeyId: v2[1]! };
    return undefined;
  }
  const presigned = req.query.get('X-Amz-Credential');
  if (presigned) {
    const [accessKeyId, , region, service] = presigned.split('/');
    return { accessKeyId: accessKeyId!, region, service };
  }
  return undefined;
}

export class ServiceRouter {
  private readonly bySigningName = new Map<string, ServiceDefinition[]>();
  private readonly byTargetPrefix = new Map<string, ServiceDefinition>();
  private readonly byFolder = new Map<string, ServiceDefinition>();

  constructor(readonly services: ServiceDefinition[]) {
    for (const s of services) {
      this.bySigningName.set(s.signingName, [...(this.bySigningName.get(s.signingName) ?? []), s]);
      this.byFolder.set(folderOf(s), s);
      if (s.targetPrefix) this.byTargetPrefix.set(s.targetPrefix, s);
    }
  }

  /** A service by signing name or control folder name. */
  find(name: string): ServiceDefinition | undefined {
    return this.byFolder.get(name) ?? this.bySigningName.get(name)?.[0];
  }

  route(req: IncomingRequest, creds: Credentials | undefined): ServiceDefinition | undefined {
    if (creds?.service) {
      const named = this.bySigningName.get(creds.service) ?? [];
      // Services sharing a signing name (API Gateway v1 and v2) are told apart by path.
      const s = named.length > 1 ? (named.find((d) => d.rest?.match(req)) ?? named[0]) : named[0];
      if (s) return s;
    }
    const target = req.headers['x-amz-target'];
    if (typeof target === 'string') {
      const s = this.byTargetPrefix.get(target.slice(0, target.lastIndexOf('.')));
      if (s) return s;
    }
    const contentType = String(req.headers['content-type'] ?? '');
    if (req.method === 'POST' && contentType.startsWith('application/x-www-form-urlencoded')) {
      const form = formOf(req);
      const action = form.get('Action');
      if (action) {
        const version = form.get('Version');
        const candidates = this.services.filter(
          (s) => (s.protocol === 'awsQuery' || s.protocol === 'ec2Query') && s.operations?.[action],
        );
        return candidates.find((s) => s.version === version) ?? candidates[0];
      }
    }
    for (const s of this.services) if (s.rest?.match(req)) return s;
    return undefined;
  }
}
