import type { AdminCreateUserCommandInput } from '@aws-sdk/client-cognito-identity-provider';
import type { Command } from 'commander';
import { type ConnectionFlags, clientOptions } from '../connection.ts';
import { examples, UsageError } from '../usage.ts';

interface UsersFlags extends ConnectionFlags {
  readonly userPool?: string;
}

/** The one Cognito call the command makes, injectable for tests. */
export interface UserPoolPort {
  adminCreateUser(input: AdminCreateUserCommandInput): Promise<unknown>;
}

/** Cognito through the SDK, loaded only when the command runs (every other command starts without it). */
async function cognitoPool(region: string | undefined, profile: string | undefined) {
  const { AdminCreateUserCommand, CognitoIdentityProviderClient } = await import(
    '@aws-sdk/client-cognito-identity-provider'
  );
  const { fromIni } = await import('@aws-sdk/credential-providers');
  const client = new CognitoIdentityProviderClient({
    ...(region ? { region } : {}),
    ...(profile ? { credentials: fromIni({ profile }) } : {}),
  });
  return {
    adminCreateUser: (input: AdminCreateUserCommandInput) => client.send(new AdminCreateUserCommand(input)),
    close: () => client.destroy(),
  };
}

/** Where the console's user pool is: the flag, else `$VIGIL_USER_POOL_ID`; locally there is none. */
export function userPoolOf(flags: UsersFlags, env: NodeJS.ProcessEnv = process.env): string {
  const pool = flags.userPool ?? env.VIGIL_USER_POOL_ID;
  if (pool) return pool;
  let local = '';
  try {
    const { endpoint } = clientOptions(flags, env);
    local = ` Against the local runtime (${endpoint}) there is no Cognito: its console at ${endpoint}/console/ needs no sign-in, it is prefilled with the local admin credentials.`;
  } catch {
    // No endpoint either: the hint below is all there is to say.
  }
  throw new UsageError(
    `no user pool: give --user-pool <id> (the stack output ConsoleUserPoolId) or set VIGIL_USER_POOL_ID.${local}`,
  );
}

/** Invites an operator: Cognito emails a temporary password, the first sign-in to the console sets their own. */
export async function inviteOperator(pool: UserPoolPort, userPoolId: string, email: string): Promise<string> {
  if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) throw new UsageError(`'${email}' is not an email address`);
  try {
    await pool.adminCreateUser({
      UserPoolId: userPoolId,
      Username: email,
      UserAttributes: [
        { Name: 'email', Value: email },
        { Name: 'email_verified', Value: 'true' },
      ],
      DesiredDeliveryMediums: ['EMAIL'],
    });
  } catch (error) {
    if ((error as { name?: unknown }).name === 'UsernameExistsException')
      return `${email} is already an operator (nothing sent)`;
    throw error;
  }
  return `invited ${email}: Cognito emails a temporary password; the first sign-in to the console sets a new one`;
}

/** `vigil users add EMAIL`. */
export function userCommands(program: Command): void {
  const users = program.command('users').description("the web console's operators (Cognito, in AWS)");
  examples(users, ['vigil users add ana@example.com --user-pool eu-west-1_AbC123 --profile ops']);
  users
    .command('add <email>')
    .description('invite an operator to the deployed console (admin-invite only, no self sign-up)')
    .option(
      '--user-pool <id>',
      'the Cognito user pool (stack output ConsoleUserPoolId; default $VIGIL_USER_POOL_ID)',
    )
    .option('--profile <name>', 'AWS profile (default: the AWS credential chain)')
    .option('--region <region>', 'AWS region (default: the pool id prefix)')
    .option('--state-dir <dir>', "the local runtime's state folder (to say so when you point at it)")
    .action(async (email: string, flags: UsersFlags) => {
      const userPoolId = userPoolOf(flags);
      const pool = await cognitoPool(flags.region ?? userPoolId.split('_')[0], flags.profile);
      try {
        process.stdout.write(`${await inviteOperator(pool, userPoolId, email)}\n`);
      } finally {
        pool.close();
      }
    });
}
