import type { ReplayRequest, Severity } from '#lib/client/types.ts';

export type ReplayForm = {
  from: string;
  to: string;
  source: string;
  type: string;
  severity: string;
  pattern: string;
  name: string;
};

/** `datetime-local` text for a time, in the browser's zone. */
export function localInput(ms: number): string {
  const date = new Date(ms - new Date(ms).getTimezoneOffset() * 60_000);
  return date.toISOString().slice(0, 16);
}

/** The request the form describes; a pattern that is not JSON is sent as text for the API to refuse by name. */
export function requestOf(form: ReplayForm, dryRun: boolean): ReplayRequest {
  let pattern: unknown;
  if (form.pattern.trim()) {
    try {
      pattern = JSON.parse(form.pattern);
    } catch {
      pattern = form.pattern;
    }
  }
  const filter = {
    ...(form.source ? { source: form.source } : {}),
    ...(form.type ? { type: form.type } : {}),
    ...(form.severity ? { severity: form.severity as Severity } : {}),
    ...(pattern === undefined ? {} : { pattern: pattern as Record<string, unknown> }),
  };
  return {
    from: new Date(form.from).toISOString(),
    // Empty means now: a datetime-local input has minute precision, which would miss this minute's events.
    to: (form.to ? new Date(form.to) : new Date()).toISOString(),
    ...(Object.keys(filter).length ? { filter } : {}),
    ...(form.name ? { name: form.name } : {}),
    ...(dryRun ? { dryRun: true } : {}),
  };
}
