import type { AdminCredentials, CredentialProvider } from '#lib/client/credentials.ts';
import type { CognitoAuth } from './config.ts';

/**
 * Sign-in in AWS without the SDK (it would triple the bundle): Cognito's user pool and identity
 * pool speak JSON over HTTPS and need no signature for these calls.
 */
type Json = Record<string, unknown>;

async function call(url: string, target: string, body: Json): Promise<Json> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': target },
    body: JSON.stringify(body),
  });
  const json = (await response.json().catch(() => ({}))) as Json;
  if (!response.ok) throw new Error(String(json.message ?? json.__type ?? `HTTP ${response.status}`));
  return json;
}

export type SignInResult =
  | { readonly kind: 'signed-in'; readonly idToken: string; readonly refreshToken?: string }
  | { readonly kind: 'new-password'; readonly session: string };

export class CognitoSession {
  private readonly idp: string;
  private readonly identity: string;

  constructor(
    private readonly auth: CognitoAuth,
    private readonly region: string,
  ) {
    this.idp = `https://cognito-idp.${region}.amazonaws.com/`;
    this.identity = `https://cognito-identity.${region}.amazonaws.com/`;
  }

  private outcome(json: Json): SignInResult {
    const result = json.AuthenticationResult as Json | undefined;
    if (result?.IdToken)
      return {
        kind: 'signed-in',
        idToken: String(result.IdToken),
        ...(result.RefreshToken ? { refreshToken: String(result.RefreshToken) } : {}),
      };
    if (json.ChallengeName === 'NEW_PASSWORD_REQUIRED')
      return { kind: 'new-password', session: String(json.Session) };
    throw new Error(
      `sign-in needs ${String(json.ChallengeName ?? 'an unknown step')}, which the console does not do`,
    );
  }

  async signIn(username: string, password: string): Promise<SignInResult> {
    const json = await call(this.idp, 'AWSCognitoIdentityProviderService.InitiateAuth', {
      AuthFlow: 'USER_PASSWORD_AUTH',
      ClientId: this.auth.userPoolClientId,
      AuthParameters: { USERNAME: username, PASSWORD: password },
    });
    return this.outcome(json);
  }

  /** An invited operator's first sign-in: the temporary password is traded for their own. */
  async setNewPassword(username: string, session: string, password: string): Promise<SignInResult> {
    const json = await call(this.idp, 'AWSCognitoIdentityProviderService.RespondToAuthChallenge', {
      ChallengeName: 'NEW_PASSWORD_REQUIRED',
      ClientId: this.auth.userPoolClientId,
      Session: session,
      ChallengeResponses: { USERNAME: username, NEW_PASSWORD: password },
    });
    return this.outcome(json);
  }

  /** The admin role's temporary credentials for this user, renewed 5 minutes before they expire. */
  credentials(idToken: string): CredentialProvider {
    const logins = { [`cognito-idp.${this.region}.amazonaws.com/${this.auth.userPoolId}`]: idToken };
    let cached: { credentials: AdminCredentials; expiresAt: number } | undefined;
    return async () => {
      if (cached && cached.expiresAt - Date.now() > 300_000) return cached.credentials;
      const { IdentityId } = await call(this.identity, 'AWSCognitoIdentityService.GetId', {
        IdentityPoolId: this.auth.identityPoolId,
        Logins: logins,
      });
      const { Credentials } = await call(
        this.identity,
        'AWSCognitoIdentityService.GetCredentialsForIdentity',
        {
          IdentityId,
          Logins: logins,
        },
      );
      const c = Credentials as Json;
      cached = {
        credentials: {
          accessKeyId: String(c.AccessKeyId),
          secretAccessKey: String(c.SecretKey),
          sessionToken: String(c.SessionToken),
        },
        expiresAt: Number(c.Expiration) * 1000,
      };
      return cached.credentials;
    };
  }
}
