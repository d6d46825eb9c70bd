import { describe, expect, it } from 'vitest';
import { certificateReason } from '../../src/lib/status/certificate-verdict.js';

const NOW = Date.parse('2026-01-01T00:00:00Z');
const DAY = 86_400_000;
const arn = 'arn:aws:acm:us-east-1:123456789012:certificate/x';

describe('certificateReason', () => {
  it('says nothing for a certificate 30 days or more from NotAfter, or unknown to ACM', () => {
    expect(certificateReason('l', arn, { NotAfter: new Date(NOW + 30 * DAY), Status: 'ISSUED' }, NOW)).toBe(
      undefined,
    );
    expect(certificateReason('l', arn, undefined, NOW)).toBe(undefined);
  });

  it('warns under 30 days with the days left, rounded up', () => {
    const r = certificateReason('listener TLS:443', arn, { NotAfter: new Date(NOW + 9.5 * DAY) }, NOW);
    expect(r).toMatchObject({ level: 'warning', code: 'Cert.ExpiresSoon' });
    expect(r!.message).toMatch(/^listener TLS:443: certificate .* expires in 10 days/);
  });

  it('is broken when ACM says EXPIRED or NotAfter has passed', () => {
    expect(certificateReason('l', arn, { Status: 'EXPIRED' }, NOW)).toMatchObject({
      level: 'broken',
      code: 'Cert.Expired',
    });
    expect(certificateReason('l', arn, { NotAfter: new Date(NOW - 1) }, NOW)?.code).toBe('Cert.Expired');
  });
});
