import type { AuthorizerContext } from './event.ts';
import type { ApiRequest } from './request.ts';
import { verifySigV4 } from './sigv4-verify.ts';

export interface IamSettings {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly region: string;
  readonly accountId: string;
}

export type IamOutcome =
  | { readonly ok: true; readonly authorizer: AuthorizerContext }
  | { readonly ok: false; readonly message: string };

/**
 * `AWS_IAM` routes: the request must carry a valid SigV4 signature by the local credentials. The caller is
 * presented as the account's root user, the only identity the local credentials stand for.
 */
export function authorizeIam(request: ApiRequest, settings: IamSettings, now: number): IamOutcome {
  const outcome = verifySigV4(request, { ...settings, now });
  if (!outcome.ok) return outcome;
  return {
    ok: true,
    authorizer: {
      iam: {
        accessKey: outcome.accessKeyId,
        accountId: settings.accountId,
        callerId: settings.accountId,
        cognitoIdentity: null,
        principalOrgId: null,
        userArn: `arn:aws:iam::${settings.accountId}:root`,
        userId: settings.accountId,
      },
    },
  };
}
