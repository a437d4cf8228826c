import { VigilError } from '../errors.ts';

/** No admin route answers this method and path (the API routes it here, so this is a deploy mismatch). */
export class RouteNotFoundError extends VigilError {
  readonly code = 'ROUTE_NOT_FOUND';
}
