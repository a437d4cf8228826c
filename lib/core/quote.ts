/** How much of an offending value an error message quotes (invariant 6: bounded error bodies). */
export const MAX_QUOTED_CHARS = 100;

/** `text`, cut to `max` characters with an ellipsis, never splitting a surrogate pair. */
export function truncate(text: string, max = MAX_QUOTED_CHARS): string {
  if (text.length <= max) return text;
  let end = max;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--;
  return `${text.slice(0, end)}… (${text.length} characters)`;
}

/** A value quoted for an error message: JSON, at most ~100 characters of it. */
export function quote(value: unknown): string {
  let text: string;
  try {
    text = typeof value === 'string' ? JSON.stringify(value) : String(JSON.stringify(value));
  } catch {
    text = `a ${typeof value}`;
  }
  return truncate(text);
}
