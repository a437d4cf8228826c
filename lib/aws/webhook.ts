import type { AttemptResult } from '#lib/core/subscriptions/delivery.ts';

export interface WebhookRequest {
  readonly url: string;
  readonly headers: Record<string, string>;
  readonly body: string;
  readonly timeoutMs: number;
}

const MAX_ERROR_CHARS = 200;

/** The start of the receiver's answer, for `lastError`: bounded, never the whole body. */
async function answerExcerpt(response: Response): Promise<string> {
  const text = await response.text().catch(() => '');
  return `HTTP ${response.status}${text ? `: ${text.slice(0, MAX_ERROR_CHARS)}` : ''}`;
}

/**
 * One POST, bounded by `timeoutMs` (AbortSignal.timeout): a 2xx is delivered, any other answer is
 * a `status` failure, no answer (refused, reset, timed out) a `network` failure. Never throws.
 */
export async function postWebhook(request: WebhookRequest, now: () => number): Promise<AttemptResult> {
  const started = now();
  try {
    const response = await fetch(request.url, {
      method: 'POST',
      headers: request.headers,
      body: request.body,
      redirect: 'manual',
      signal: AbortSignal.timeout(request.timeoutMs),
    });
    const latencyMs = now() - started;
    if (response.status >= 200 && response.status < 300) {
      await response.body?.cancel().catch(() => undefined);
      return { ok: true, status: response.status, latencyMs };
    }
    const error = await answerExcerpt(response);
    return { ok: false, failure: { kind: 'status', status: response.status }, latencyMs, error };
  } catch (error) {
    const latencyMs = now() - started;
    const cause = (error as { cause?: { code?: string } }).cause?.code;
    const reason =
      (error as Error).name === 'TimeoutError'
        ? `timed out after ${request.timeoutMs} ms`
        : (cause ?? (error as Error).message);
    return {
      ok: false,
      failure: { kind: 'network', reason },
      latencyMs,
      error: reason.slice(0, MAX_ERROR_CHARS),
    };
  }
}
