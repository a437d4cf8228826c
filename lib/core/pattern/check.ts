import * as z from 'zod/mini';
import { compilePattern, InvalidEventPatternError } from '../pattern.ts';

/** A zod check for a JSON object that must compile as an EventBridge pattern; the issue says why not. */
export const eventPatternCheck = z.superRefine((pattern: Record<string, unknown>, ctx) => {
  try {
    compilePattern(pattern);
  } catch (error) {
    if (!(error instanceof InvalidEventPatternError)) throw error;
    ctx.addIssue({ code: 'custom', message: `is not a valid event pattern: ${error.message}` });
  }
});
