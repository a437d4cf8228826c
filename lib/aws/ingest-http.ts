import type {
  APIGatewayProxyEventV2WithLambdaAuthorizer,
  APIGatewayProxyStructuredResultV2,
} from 'aws-lambda';
import { UnauthenticatedError } from '../core/ingest/errors.ts';
import type { IngestPipeline } from '../core/ingest/pipeline.ts';
import { parseIngestBody } from '../core/ingest/request.ts';
import { type EventResult, type EventStatus, statusOfErrorBody } from '../core/ingest/results.ts';
import { identityFromContext } from '../core/producer-keys.ts';
import { jsonResponse } from './http.ts';
import { errorResponse } from './http-errors.ts';

export type IngestHttpEvent = APIGatewayProxyEventV2WithLambdaAuthorizer<Record<string, unknown> | undefined>;

function countsOf(results: readonly EventResult[]): Record<EventStatus, number> {
  const counts: Record<EventStatus, number> = {
    accepted: 0,
    duplicate: 0,
    suppressed: 0,
    filtered: 0,
    rejected: 0,
    failed: 0,
  };
  for (const result of results) counts[result.status]++;
  return counts;
}

function singleResponse(result: EventResult): APIGatewayProxyStructuredResultV2 {
  if (result.status === 'rejected' || result.status === 'failed')
    return errorResponse(result.error, statusOfErrorBody(result.error), { id: result.id });
  return jsonResponse(202, result);
}

/** 503 if any event must be retried, else 207 if any was rejected, else 202. */
function batchResponse(results: EventResult[]): APIGatewayProxyStructuredResultV2 {
  const counts = countsOf(results);
  const status = counts.failed > 0 ? 503 : counts.rejected > 0 ? 207 : 202;
  return jsonResponse(status, { results, counts });
}

/**
 * `POST /events`: body → pipeline → one result per event. What it throws (a malformed body, a
 * missing key) is answered by the `httpErrors` middleware.
 */
export function createIngestHttpHandler(pipeline: IngestPipeline) {
  return async (event: IngestHttpEvent): Promise<APIGatewayProxyStructuredResultV2> => {
    const identity = identityFromContext(event.requestContext?.authorizer?.lambda);
    if (!identity) throw new UnauthenticatedError('a producer key is required: Authorization: Bearer <key>');
    const request = parseIngestBody(event.body, event.isBase64Encoded ?? false);
    if (request.kind === 'single') {
      const [result] = await pipeline.ingest([request.event], identity);
      return singleResponse(result as EventResult);
    }
    return batchResponse(await pipeline.ingest(request.events, identity));
  };
}
