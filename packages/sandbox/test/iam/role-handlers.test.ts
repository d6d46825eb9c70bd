/** IAM role handlers, called directly (the conformance suite drives them through the SDK). */
import { describe, expect, it } from 'vitest';
import { iamService } from '../../src/services/iam/index.js';
import { findRoleByArn } from '../../src/services/iam/roles.js';
import { call, errorOf, handBuiltSandbox } from '../ec2/hand-built-sandbox.js';

const trust = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }],
});

describe('IAM role handlers', () => {
  it('creates a role with an AROA id and a path-qualified ARN, found by ARN', async () => {
    const sb = handBuiltSandbox();
    const out = await call(sb, iamService, 'CreateRole', {
      RoleName: 'sync',
      Path: '/rails/',
      AssumeRolePolicyDocument: trust,
    });
    expect(out.Role.RoleId).toMatch(/^AROA[A-Z2-7]{17}$/);
    expect(out.Role.Arn).toBe('arn:aws:iam::123456789012:role/rails/sync');
    const role = findRoleByArn(sb, out.Role.Arn);
    expect(role?.assumeRolePolicyDocument).toBe(trust);
    expect(Date.now() - role!.createdAtReal).toBeLessThan(5000);
    expect(findRoleByArn(sb, 'arn:aws:iam::123456789012:role/sync')).toBeUndefined();
  });

  it('refuses a second role of the same name ignoring case', async () => {
    const sb = handBuiltSandbox();
    await call(sb, iamService, 'CreateRole', { RoleName: 'Sync', AssumeRolePolicyDocument: trust });
    const err = await errorOf(
      call(sb, iamService, 'CreateRole', { RoleName: 'sync', AssumeRolePolicyDocument: trust }),
    );
    expect(err).toMatchObject({
      code: 'EntityAlreadyExists',
      status: 409,
      message: 'Role with name sync already exists.',
    });
  });

  it('enforces the 10,240-character inline policy total, whitespace not counted', async () => {
    const sb = handBuiltSandbox();
    await call(sb, iamService, 'CreateRole', { RoleName: 'r', AssumeRolePolicyDocument: trust });
    const doc = (n: number) =>
      JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'x'.repeat(n) }],
      });
    const base = doc(0).length;
    await call(sb, iamService, 'PutRolePolicy', {
      RoleName: 'r',
      PolicyName: 'a',
      PolicyDocument: doc(5000 - base),
    });
    await call(sb, iamService, 'PutRolePolicy', {
      RoleName: 'r',
      PolicyName: 'b',
      PolicyDocument: doc(5240 - base),
    });
    // Re-putting 'b' replaces it rather than adding to the total.
    await call(sb, iamService, 'PutRolePolicy', {
      RoleName: 'r',
      PolicyName: 'b',
      PolicyDocument: `  ${doc(5240 - base)}  `,
    });
    const err = await errorOf(
      call(sb, iamService, 'PutRolePolicy', { RoleName: 'r', PolicyName: 'c', PolicyDocument: doc(1) }),
    );
    expect(err).toMatchObject({ code: 'LimitExceeded', status: 409 });
  });
});
