import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  type AdminCreateUserCommandInput,
  UsernameExistsException,
} from '@aws-sdk/client-cognito-identity-provider';
import { describe, expect, it } from 'vitest';
import { inviteOperator, type UserPoolPort, userPoolOf } from '#lib/cli/commands/users.ts';
import { UsageError } from '#lib/cli/usage.ts';

/** Records what the command asks Cognito; `fail` makes the call throw it. */
function recordingPool(fail?: Error): UserPoolPort & { sent: AdminCreateUserCommandInput[] } {
  const sent: AdminCreateUserCommandInput[] = [];
  return {
    sent,
    adminCreateUser: async (input) => {
      sent.push(input);
      if (fail) throw fail;
      return {};
    },
  };
}

describe('Function: userPoolOf', () => {
  it('takes the flag, else VIGIL_USER_POOL_ID', () => {
    expect(userPoolOf({ userPool: 'eu-west-1_A' }, {})).toBe('eu-west-1_A');
    expect(userPoolOf({}, { VIGIL_USER_POOL_ID: 'eu-west-1_B' })).toBe('eu-west-1_B');
  });

  it('says the local runtime has no Cognito when that is what it would talk to', () => {
    // Prepare
    const stateDir = mkdtempSync(path.join(tmpdir(), 'vigil-users-'));
    writeFileSync(
      path.join(stateDir, 'local.json'),
      JSON.stringify({
        endpoint: 'http://127.0.0.1:3999',
        producerKey: 'vgl_x',
        producerSources: ['*'],
        admin: { accessKeyId: 'A', secretAccessKey: 'S', region: 'us-east-1' },
      }),
    );
    try {
      // Act
      const attempt = () => userPoolOf({ stateDir }, {});
      // Assess
      expect(attempt).toThrow(UsageError);
      expect(attempt).toThrow(
        /no user pool: give --user-pool.*local runtime \(http:\/\/127\.0\.0\.1:3999\) there is no Cognito: its console at http:\/\/127\.0\.0\.1:3999\/console\/ needs no sign-in/,
      );
    } finally {
      rmSync(stateDir, { recursive: true, force: true });
    }
  });
});

describe('Function: inviteOperator', () => {
  it('creates the user by invitation, with a verified e-mail and an e-mailed temporary password', async () => {
    // Prepare
    const pool = recordingPool();
    // Act
    const line = await inviteOperator(pool, 'eu-west-1_A', 'ana@example.com');
    // Assess
    expect(pool.sent).toEqual([
      {
        UserPoolId: 'eu-west-1_A',
        Username: 'ana@example.com',
        UserAttributes: [
          { Name: 'email', Value: 'ana@example.com' },
          { Name: 'email_verified', Value: 'true' },
        ],
        DesiredDeliveryMediums: ['EMAIL'],
      },
    ]);
    expect(line).toMatch(/^invited ana@example.com/);
  });

  it('refuses what is not an e-mail address before calling Cognito', async () => {
    const pool = recordingPool();
    await expect(inviteOperator(pool, 'eu-west-1_A', 'ana')).rejects.toThrow(UsageError);
    expect(pool.sent).toEqual([]);
  });

  it('reports an existing operator instead of failing', async () => {
    const pool = recordingPool(new UsernameExistsException({ message: 'exists', $metadata: {} }));
    await expect(inviteOperator(pool, 'eu-west-1_A', 'ana@example.com')).resolves.toMatch(
      /already an operator/,
    );
  });
});
