import { VigilError } from '#lib/core/errors.ts';

/** No subscription of that name (HTTP 404). */
export class SubscriptionNotFoundError extends VigilError {
  readonly code = 'SUBSCRIPTION_NOT_FOUND';
}

/** `POST /subscriptions` with a name already taken (HTTP 409); `PUT` replaces one. */
export class SubscriptionExistsError extends VigilError {
  readonly code = 'SUBSCRIPTION_EXISTS';
}

/** Someone changed the subscription between reading and writing it (HTTP 409). */
export class SubscriptionConflictError extends VigilError {
  readonly code = 'SUBSCRIPTION_CONFLICT';
}
