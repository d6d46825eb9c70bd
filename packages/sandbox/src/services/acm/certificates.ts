/**
 * ACM ImportCertificate, DescribeCertificate and ListCertificates as AWS does them: the PEM is parsed
 * and checked against its private key and validity period, ARNs are checked for shape
 * (`InvalidArnException`) before existence (`ResourceNotFoundException`), and listing pages with an
 * opaque NextToken and hides non-RSA keys unless asked for, as AWS's default filter does.
 */
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { AwsError } from '../../core/aws-error.js';
import type { RequestContext, Sandbox } from '../../core/types.js';
import { certificateUsers } from './in-use.js';
import { acmState, type StoredCertificate } from './state.js';

const ARN = /^arn:aws[\w-]*:acm:[a-z0-9-]+:\d{12}:certificate\/[\w-]+$/;

function validation(message: string): AwsError {
  return new AwsError('ValidationException', message);
}

/** Decodes a JSON blob member (base64) to text; tolerates raw PEM as some tools send it. */
function blobText(value: unknown, member: string): string {
  if (typeof value !== 'string' || value.length === 0) {
    throw validation(
      `1 validation error detected: Value null at '${member}' failed to satisfy constraint: Member must not be null`,
    );
  }
  if (value.includes('-----BEGIN')) return value;
  return Buffer.from(value, 'base64').toString('utf8');
}

function parseCertificate(pem: string): X509Certificate {
  try {
    return new X509Certificate(pem);
  } catch {
    throw validation('Unable to parse certificate. Please ensure the certificate is in PEM format.');
  }
}

function keyAlgorithmOf(cert: X509Certificate): string {
  const key = cert.publicKey;
  const details = key.asymmetricKeyDetails ?? {};
  if (key.asymmetricKeyType === 'rsa') return `RSA_${details.modulusLength}`;
  if (key.asymmetricKeyType === 'ec') {
    const curve = { prime256v1: 'EC_prime256v1', secp384r1: 'EC_secp384r1', secp521r1: 'EC_secp521r1' }[
      details.namedCurve ?? ''
    ];
    if (curve) return curve;
  }
  throw validation(`The certificate's key type ${key.asymmetricKeyType} is not supported.`);
}

function domainsOf(cert: X509Certificate): { domainName: string; sans: string[] } {
  const cn = /(?:^|\n)CN=([^\n]+)/.exec(cert.subject)?.[1];
  const sans = (cert.subjectAltName ?? '')
    .split(', ')
    .filter((s) => s.startsWith('DNS:'))
    .map((s) => s.slice(4));
  const domainName = cn ?? sans[0];
  if (!domainName)
    throw validation('The certificate has no domain name (neither a CN nor a DNS subject alternative name).');
  return { domainName, sans: sans.length ? sans : [domainName] };
}

function findCertificate(sb: Sandbox, arn: unknown): StoredCertificate {
  if (typeof arn !== 'string' || !ARN.test(arn))
    throw new AwsError('InvalidArnException', `String '${arn}' is not a valid ARN.`);
  const cert = acmState(sb).certificates.find((c) => c.arn === arn);
  if (!cert) throw new AwsError('ResourceNotFoundException', `Could not find certificate ${arn}.`);
  return cert;
}

export function importCertificate(input: any, ctx: RequestContext) {
  const { sb } = ctx;
  const pem = blobText(input.Certificate, 'certificate');
  const keyPem = blobText(input.PrivateKey, 'privateKey');
  const chainPem = input.CertificateChain ? blobText(input.CertificateChain, 'certificateChain') : undefined;
  const tags: { Key: string; Value?: string }[] = input.Tags ?? [];
  const existing = input.CertificateArn ? findCertificate(sb, input.CertificateArn) : undefined;
  if (existing && tags.length) throw validation('Tags cannot be applied when reimporting a certificate.');
  if (tags.length > 50)
    throw new AwsError('TooManyTagsException', 'The request contains too many tags (at most 50).');

  const cert = parseCertificate(pem);
  let key: ReturnType<typeof createPrivateKey>;
  try {
    key = createPrivateKey(keyPem);
  } catch {
    throw validation('Unable to parse the private key. Please ensure it is an unencrypted PEM key.');
  }
  if (!cert.checkPrivateKey(key))
    throw validation('The private key does not match the public key in the certificate.');
  const now = sb.clock.now();
  const notBefore = Date.parse(cert.validFrom);
  const notAfter = Date.parse(cert.validTo);
  if (notAfter < now) throw validation('The certificate has expired.');
  if (notBefore > now) throw validation('The certificate is not yet valid.');
  if (chainPem) parseCertificate(chainPem);
  const keyAlgorithm = keyAlgorithmOf(cert);
  const { domainName, sans } = domainsOf(cert);

  const record: StoredCertificate = {
    arn: existing?.arn ?? `arn:aws:acm:${ctx.region}:${ctx.accountId}:certificate/${sb.uuid()}`,
    region: existing?.region ?? ctx.region,
    domainName,
    subjectAlternativeNames: sans,
    subject: cert.subject.replace(/\n/g, ','),
    issuer: cert.issuer.replace(/\n/g, ','),
    serial: cert.serialNumber
      .toLowerCase()
      .match(/.{1,2}/g)!
      .join(':'),
    notBefore,
    notAfter,
    importedAt: now,
    keyAlgorithm,
    signatureAlgorithm: keyAlgorithm.startsWith('RSA') ? 'SHA256WITHRSA' : 'SHA256WITHECDSA',
    certificatePem: pem,
    ...(chainPem ? { certificateChainPem: chainPem } : {}),
    tags: existing?.tags ?? Object.fromEntries(tags.map((t) => [t.Key, t.Value ?? ''])),
  };
  const list = acmState(sb).certificates;
  if (existing) list[list.indexOf(existing)] = record;
  else list.push(record);
  sb.markDirty();
  return { CertificateArn: record.arn };
}

function status(c: StoredCertificate, sb: Sandbox): string {
  return c.notAfter < sb.clock.now() ? 'EXPIRED' : 'ISSUED';
}

export function describeCertificate(input: any, ctx: RequestContext) {
  const c = findCertificate(ctx.sb, input.CertificateArn);
  return {
    Certificate: {
      CertificateArn: c.arn,
      DomainName: c.domainName,
      SubjectAlternativeNames: c.subjectAlternativeNames,
      Serial: c.serial,
      Subject: c.subject,
      Issuer: c.issuer,
      ImportedAt: new Date(c.importedAt),
      Status: status(c, ctx.sb),
      NotBefore: new Date(c.notBefore),
      NotAfter: new Date(c.notAfter),
      // DescribeCertificate spells the algorithm with a hyphen (RSA-2048), ListCertificates does not.
      KeyAlgorithm: c.keyAlgorithm.replace('_', '-'),
      SignatureAlgorithm: c.signatureAlgorithm,
      InUseBy: certificateUsers(ctx.sb, c.arn),
      Type: 'IMPORTED',
      KeyUsages: [{ Name: 'DIGITAL_SIGNATURE' }, { Name: 'KEY_ENCIPHERMENT' }],
      ExtendedKeyUsages: [],
      RenewalEligibility: 'INELIGIBLE',
      Options: { CertificateTransparencyLoggingPreference: 'ENABLED' },
    },
  };
}

const DEFAULT_KEY_TYPES = ['RSA_1024', 'RSA_2048'];

export function listCertificates(input: any, ctx: RequestContext) {
  const { sb } = ctx;
  const max = input.MaxItems ?? 1000;
  if (!Number.isInteger(max) || max < 1 || max > 1000) {
    throw validation(
      `1 validation error detected: Value '${max}' at 'maxItems' failed to satisfy constraint: Member must have value between 1 and 1000`,
    );
  }
  const pageSize = Math.min(max, sb.settings.maxPageSize ?? max);
  const statuses: string[] | undefined = input.CertificateStatuses?.length
    ? input.CertificateStatuses
    : undefined;
  const keyTypes: string[] = input.Includes?.keyTypes?.length ? input.Includes.keyTypes : DEFAULT_KEY_TYPES;
  const matching = acmState(sb).certificates.filter(
    (c) =>
      c.region === ctx.region &&
      keyTypes.includes(c.keyAlgorithm) &&
      (!statuses || statuses.includes(status(c, sb))),
  );
  let start = 0;
  if (input.NextToken !== undefined) {
    start = Number.parseInt(
      Buffer.from(String(input.NextToken), 'base64url').toString('utf8').replace(/^acm:/, ''),
      10,
    );
    if (!Number.isInteger(start) || start < 0 || start > matching.length) {
      throw new AwsError('InvalidArgsException', 'The NextToken is not valid.');
    }
  }
  const page = matching.slice(start, start + pageSize);
  const next = start + page.length;
  return {
    CertificateSummaryList: page.map((c) => ({
      CertificateArn: c.arn,
      DomainName: c.domainName,
      SubjectAlternativeNameSummaries: c.subjectAlternativeNames,
      HasAdditionalSubjectAlternativeNames: false,
      Status: status(c, sb),
      Type: 'IMPORTED',
      KeyAlgorithm: c.keyAlgorithm,
      KeyUsages: ['DIGITAL_SIGNATURE', 'KEY_ENCIPHERMENT'],
      ExtendedKeyUsages: [],
      InUse: certificateUsers(sb, c.arn).length > 0,
      RenewalEligibility: 'INELIGIBLE',
      NotBefore: new Date(c.notBefore),
      NotAfter: new Date(c.notAfter),
      ImportedAt: new Date(c.importedAt),
    })),
    ...(next < matching.length ? { NextToken: Buffer.from(`acm:${next}`).toString('base64url') } : {}),
  };
}
