import { VigilError } from '../errors.ts';

/** No admin route answers this method and path (the API routes it here, so this is a deploy mismatch). */
/**
 * An admin action that must record who did it arrived without a signed IAM caller (API Gateway
 * always sets one on IAM routes: this is a direct invocation or a misconfigured route).
 */
export class CallerUnknownError extends VigilError {
  readonly code = 'CALLER_UNKNOWN';
  override readonly status = 403;
}

export class RouteNotFoundError extends VigilError {
  readonly code = 'ROUTE_NOT_FOUND';
  override readonly status = 404;
}
