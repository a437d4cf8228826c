import { CallerUnknownError } from '#lib/core/admin/errors.ts';
import { ValidationError } from '#lib/core/validation.ts';

/** Who did an admin action: the signed IAM caller, and whom they said they acted for. */
export interface Actor {
  readonly by: string;
  readonly onBehalfOf?: string;
}

/**
 * The display name a request body gave: `onBehalfOf`, or its former name (`by`; `createdBy` on
 * silences), not both.
 */
export function onBehalfOfIn(
  body: { readonly onBehalfOf?: string | undefined; readonly by?: string | undefined },
  formerName = 'by',
): string | undefined {
  if (body.onBehalfOf !== undefined && body.by !== undefined)
    throw new ValidationError(formerName, `give onBehalfOf or its former name ${formerName}, not both`);
  return body.onBehalfOf ?? body.by;
}

/**
 * The actor of an admin action. The caller is what API Gateway's IAM authorizer signed for
 * (`requestContext.authorizer.iam`); nothing in the body can change it, only add a note beside it.
 */
export function actorOf(
  caller: string | undefined,
  body: { readonly onBehalfOf?: string | undefined; readonly by?: string | undefined },
  formerName = 'by',
): Actor {
  if (!caller)
    throw new CallerUnknownError('the request carries no signed IAM caller to record as the actor');
  const onBehalfOf = onBehalfOfIn(body, formerName);
  return { by: caller, ...(onBehalfOf === undefined ? {} : { onBehalfOf }) };
}
