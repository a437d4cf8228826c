import { VigilError } from '#lib/core/errors.ts';

/** No subscription of that name (HTTP 404). */
export class SubscriptionNotFoundError extends VigilError {
  readonly code = 'SUBSCRIPTION_NOT_FOUND';
  override readonly status = 404;
}

/** `POST /subscriptions` with a name already taken (HTTP 409); `PUT` replaces one. */
export class SubscriptionExistsError extends VigilError {
  readonly code = 'SUBSCRIPTION_EXISTS';
  override readonly status = 409;
}

/** Someone changed the subscription between reading and writing it (HTTP 409). */
export class SubscriptionConflictError extends VigilError {
  readonly code = 'SUBSCRIPTION_CONFLICT';
  override readonly status = 409;
}
