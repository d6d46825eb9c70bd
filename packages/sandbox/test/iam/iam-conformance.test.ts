/**
 * IAM conformance: the real SDK over loopback (awsQuery, global, signed for us-east-1). One case per
 * documented behaviour of docs/aws-behaviour.md §9.
 */
import {
  CreateRoleCommand,
  DeleteRoleCommand,
  DeleteRolePolicyCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  ListRolePoliciesCommand,
  ListRolesCommand,
  PutRolePolicyCommand,
  paginateListRolePolicies,
  TagRoleCommand,
  UpdateAssumeRolePolicyCommand,
} from '@aws-sdk/client-iam';
import { describe, expect, it } from 'vitest';
import { findRoleByArn } from '../../src/services/iam/roles.js';
import { sandboxPerFile, startTestSandbox } from '../helpers/sandbox.js';
import { failure } from '../helpers/sdk.js';

const sbx = sandboxPerFile(() => startTestSandbox({ empty: true }));
let n = 0;

const iam = () => sbx.sdk.iam;
const trust = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }],
});
const policy = (resource = '*') =>
  JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Action: 'ec2:Describe*', Resource: resource }],
  });

async function newRole(name = `role-${++n}`) {
  await iam().send(new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: trust }));
  return name;
}

describe('IAM roles', () => {
  it('creates a role with an AROA id, an ARN with its path, and the given description and tags', async () => {
    const out = await iam().send(
      new CreateRoleCommand({
        RoleName: 'rail-sync',
        Path: '/rails/',
        AssumeRolePolicyDocument: trust,
        Description: 'static IP sync',
        Tags: [{ Key: 'rails:rail', Value: 'zebra' }],
      }),
    );
    expect(out.Role).toMatchObject({
      RoleName: 'rail-sync',
      Path: '/rails/',
      Arn: 'arn:aws:iam::123456789012:role/rails/rail-sync',
      Description: 'static IP sync',
    });
    expect(out.Role!.RoleId).toMatch(/^AROA[A-Z0-9]{17}$/);
    expect(out.Role!.CreateDate).toBeInstanceOf(Date);
    const role = findRoleByArn(sbx.sandbox, out.Role!.Arn!);
    expect(role?.roleName).toBe('rail-sync');
    const got = await iam().send(new GetRoleCommand({ RoleName: 'rail-sync' }));
    expect(got.Role!.Tags).toEqual([{ Key: 'rails:rail', Value: 'zebra' }]);
  });

  it('returns the trust policy URL-encoded from GetRole', async () => {
    const name = await newRole();
    const got = await iam().send(new GetRoleCommand({ RoleName: name }));
    expect(got.Role!.AssumeRolePolicyDocument).toBe(encodeURIComponent(trust));
    expect(JSON.parse(decodeURIComponent(got.Role!.AssumeRolePolicyDocument!))).toEqual(JSON.parse(trust));
  });

  it('is not idempotent: the same name again, even identical, is 409 EntityAlreadyExists', async () => {
    const name = await newRole();
    const err = await failure(
      iam().send(new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: trust })),
    );
    expect(err).toMatchObject({
      name: 'EntityAlreadyExistsException',
      code: 'EntityAlreadyExists',
      status: 409,
    });
    expect(err.message).toBe(`Role with name ${name} already exists.`);
  });

  it('treats names as unique ignoring case', async () => {
    await newRole('CaseRole');
    const err = await failure(
      iam().send(new CreateRoleCommand({ RoleName: 'caserole', AssumeRolePolicyDocument: trust })),
    );
    expect(err.name).toBe('EntityAlreadyExistsException');
  });

  it('refuses a trust policy that is not JSON (MalformedPolicyDocument)', async () => {
    const err = await failure(
      iam().send(new CreateRoleCommand({ RoleName: 'bad-json', AssumeRolePolicyDocument: '{nope' })),
    );
    expect(err).toMatchObject({ name: 'MalformedPolicyDocumentException', status: 400 });
  });

  it('refuses a trust policy with a Resource or without a Principal, as IAM words it', async () => {
    const statement = { Effect: 'Allow', Action: 'sts:AssumeRole' };
    const withResource = JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ ...statement, Principal: '*', Resource: '*' }],
    });
    const noPrincipal = JSON.stringify({ Version: '2012-10-17', Statement: [statement] });
    const a = await failure(
      iam().send(new CreateRoleCommand({ RoleName: 'res', AssumeRolePolicyDocument: withResource })),
    );
    const b = await failure(
      iam().send(new CreateRoleCommand({ RoleName: 'nop', AssumeRolePolicyDocument: noPrincipal })),
    );
    expect([a.name, a.message]).toEqual([
      'MalformedPolicyDocumentException',
      'Has prohibited field Resource',
    ]);
    expect([b.name, b.message]).toEqual([
      'MalformedPolicyDocumentException',
      'Missing required field Principal',
    ]);
  });

  it('refuses role names outside [\\w+=,.@-] or over 64 characters', async () => {
    const bad = await failure(
      iam().send(new CreateRoleCommand({ RoleName: 'no spaces', AssumeRolePolicyDocument: trust })),
    );
    const long = await failure(
      iam().send(new CreateRoleCommand({ RoleName: 'r'.repeat(65), AssumeRolePolicyDocument: trust })),
    );
    expect([bad.name, long.name]).toEqual(['ValidationError', 'ValidationError']);
  });

  it('replaces the trust policy with UpdateAssumeRolePolicy, with the same document checks', async () => {
    const name = await newRole();
    const edge = trust.replace('lambda.amazonaws.com', 'edgelambda.amazonaws.com');
    await iam().send(new UpdateAssumeRolePolicyCommand({ RoleName: name, PolicyDocument: edge }));
    const got = await iam().send(new GetRoleCommand({ RoleName: name }));
    expect(decodeURIComponent(got.Role!.AssumeRolePolicyDocument!)).toBe(edge);
    const bad = await failure(
      iam().send(new UpdateAssumeRolePolicyCommand({ RoleName: name, PolicyDocument: '[' })),
    );
    const missing = await failure(
      iam().send(new UpdateAssumeRolePolicyCommand({ RoleName: 'ghost', PolicyDocument: edge })),
    );
    expect([bad.name, missing.name]).toEqual(['MalformedPolicyDocumentException', 'NoSuchEntityException']);
  });

  it('answers 404 NoSuchEntity for an unknown role', async () => {
    const err = await failure(iam().send(new GetRoleCommand({ RoleName: 'nobody' })));
    expect(err).toMatchObject({ name: 'NoSuchEntityException', code: 'NoSuchEntity', status: 404 });
    expect(err.message).toBe('The role with name nobody cannot be found.');
  });

  it('refuses to delete a role that still has inline policies (409 DeleteConflict)', async () => {
    const name = await newRole();
    await iam().send(new PutRolePolicyCommand({ RoleName: name, PolicyName: 'p', PolicyDocument: policy() }));
    const err = await failure(iam().send(new DeleteRoleCommand({ RoleName: name })));
    expect(err).toMatchObject({ name: 'DeleteConflictException', status: 409 });
    await iam().send(new DeleteRolePolicyCommand({ RoleName: name, PolicyName: 'p' }));
    await iam().send(new DeleteRoleCommand({ RoleName: name }));
    expect((await failure(iam().send(new GetRoleCommand({ RoleName: name })))).name).toBe(
      'NoSuchEntityException',
    );
  });

  it('lists roles by path prefix and tags a role', async () => {
    const name = await newRole();
    await iam().send(new TagRoleCommand({ RoleName: name, Tags: [{ Key: 'k', Value: 'v' }] }));
    const listed = await iam().send(new ListRolesCommand({ PathPrefix: '/rails/' }));
    expect(listed.Roles!.map((r) => r.RoleName)).toEqual(['rail-sync']);
    expect((await iam().send(new GetRoleCommand({ RoleName: name }))).Role!.Tags).toEqual([
      { Key: 'k', Value: 'v' },
    ]);
  });
});

describe('IAM inline role policies', () => {
  it('upserts by name and returns the document URL-encoded', async () => {
    const name = await newRole();
    await iam().send(
      new PutRolePolicyCommand({ RoleName: name, PolicyName: 'sync', PolicyDocument: policy('a') }),
    );
    await iam().send(
      new PutRolePolicyCommand({ RoleName: name, PolicyName: 'sync', PolicyDocument: policy('b') }),
    );
    const got = await iam().send(new GetRolePolicyCommand({ RoleName: name, PolicyName: 'sync' }));
    expect(got).toMatchObject({
      RoleName: name,
      PolicyName: 'sync',
      PolicyDocument: encodeURIComponent(policy('b')),
    });
    const listed = await iam().send(new ListRolePoliciesCommand({ RoleName: name }));
    expect(listed.PolicyNames).toEqual(['sync']);
    expect(listed.IsTruncated).toBe(false);
  });

  it('answers 404 NoSuchEntity for an unknown role or policy', async () => {
    const put = await failure(
      iam().send(new PutRolePolicyCommand({ RoleName: 'ghost', PolicyName: 'p', PolicyDocument: policy() })),
    );
    expect(put).toMatchObject({ name: 'NoSuchEntityException', status: 404 });
    const name = await newRole();
    const get = await failure(
      iam().send(new GetRolePolicyCommand({ RoleName: name, PolicyName: 'missing' })),
    );
    const del = await failure(
      iam().send(new DeleteRolePolicyCommand({ RoleName: name, PolicyName: 'missing' })),
    );
    expect([get.name, del.name]).toEqual(['NoSuchEntityException', 'NoSuchEntityException']);
  });

  it('caps all inline policies of a role at 10,240 characters (409 LimitExceeded)', async () => {
    const name = await newRole();
    const big = policy('x'.repeat(6000));
    await iam().send(new PutRolePolicyCommand({ RoleName: name, PolicyName: 'one', PolicyDocument: big }));
    const err = await failure(
      iam().send(new PutRolePolicyCommand({ RoleName: name, PolicyName: 'two', PolicyDocument: big })),
    );
    expect(err).toMatchObject({ name: 'LimitExceededException', code: 'LimitExceeded', status: 409 });
    const listed = await iam().send(new ListRolePoliciesCommand({ RoleName: name }));
    expect(listed.PolicyNames).toEqual(['one']);
  });

  it('refuses a policy document that is not JSON', async () => {
    const name = await newRole();
    const err = await failure(
      iam().send(new PutRolePolicyCommand({ RoleName: name, PolicyName: 'p', PolicyDocument: 'not json' })),
    );
    expect(err.name).toBe('MalformedPolicyDocumentException');
  });

  it('refuses an inline policy naming a principal or no resource', async () => {
    const name = await newRole();
    const withPrincipal = JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: '*' }],
    });
    const noResource = JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: 's3:GetObject' }],
    });
    const a = await failure(
      iam().send(
        new PutRolePolicyCommand({ RoleName: name, PolicyName: 'p', PolicyDocument: withPrincipal }),
      ),
    );
    const b = await failure(
      iam().send(new PutRolePolicyCommand({ RoleName: name, PolicyName: 'p', PolicyDocument: noResource })),
    );
    expect([a.name, a.message]).toEqual([
      'MalformedPolicyDocumentException',
      'Policy document should not specify a principal.',
    ]);
    expect([b.name, b.message]).toEqual([
      'MalformedPolicyDocumentException',
      'Policy statement must contain resources.',
    ]);
  });

  it('pages ListRolePolicies with Marker under a small page cap', async () => {
    const name = await newRole();
    for (const p of ['a', 'b', 'c'])
      await iam().send(
        new PutRolePolicyCommand({ RoleName: name, PolicyName: p, PolicyDocument: policy(p) }),
      );
    sbx.sandbox.settings.maxPageSize = 2;
    try {
      const pages: string[][] = [];
      for await (const page of paginateListRolePolicies({ client: iam() }, { RoleName: name }))
        pages.push(page.PolicyNames!);
      expect(pages).toEqual([['a', 'b'], ['c']]);
    } finally {
      delete sbx.sandbox.settings.maxPageSize;
    }
  });
});
