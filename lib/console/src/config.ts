/** `config.json` beside the console's files: where the API is and how to get credentials for it. */
export type ConsoleConfig = {
  readonly apiUrl: string;
  readonly region: string;
  readonly auth: LocalAuth | CognitoAuth;
};

/** The local runtime's admin credentials, written by the runtime itself: no sign-in. */
export interface LocalAuth {
  readonly kind: 'local';
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
}

/** In AWS: a user pool to sign in to and an identity pool that trades its token for the admin role. */
export interface CognitoAuth {
  readonly kind: 'cognito';
  readonly userPoolId: string;
  readonly userPoolClientId: string;
  readonly identityPoolId: string;
}

function text(value: unknown, field: string): string {
  if (typeof value !== 'string' || value === '')
    throw new Error(`config.json: ${field} must be a non-empty string`);
  return value;
}

/** Reads and checks config.json; the message names the missing field. */
export function parseConfig(json: unknown): ConsoleConfig {
  const raw = (json ?? {}) as Record<string, unknown>;
  const auth = (raw.auth ?? {}) as Record<string, unknown>;
  const base = { apiUrl: text(raw.apiUrl, 'apiUrl'), region: text(raw.region, 'region') };
  if (auth.kind === 'local')
    return {
      ...base,
      auth: {
        kind: 'local',
        accessKeyId: text(auth.accessKeyId, 'auth.accessKeyId'),
        secretAccessKey: text(auth.secretAccessKey, 'auth.secretAccessKey'),
      },
    };
  return {
    ...base,
    auth: {
      kind: 'cognito',
      userPoolId: text(auth.userPoolId, 'auth.userPoolId'),
      userPoolClientId: text(auth.userPoolClientId, 'auth.userPoolClientId'),
      identityPoolId: text(auth.identityPoolId, 'auth.identityPoolId'),
    },
  };
}
