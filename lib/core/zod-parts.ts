import * as z from 'zod/mini';
import { _coercedNumber, _isoDateTime, type $ZodISODateTimeParams, type $ZodNumberParams } from 'zod/v4/core';

/*
 * `z.iso.datetime` and `z.coerce.number` without going through their namespaces: esbuild keeps a
 * namespace object whole, so `z.iso` and `z.coerce` put every ISO format (date, time, duration) and
 * every coercion (bigint, date…) with their regexes into each bundle that used one of them.
 */

/** `z.iso.datetime(params)`. */
export const isoDateTime = /* @__NO_SIDE_EFFECTS__ */ (
  params?: $ZodISODateTimeParams,
): z.ZodMiniISODateTime => _isoDateTime(z.ZodMiniISODateTime, params);

/** `z.coerce.number(params)`. */
export const coercedNumber = /* @__NO_SIDE_EFFECTS__ */ (
  params?: $ZodNumberParams,
): z.ZodMiniNumber<unknown> => _coercedNumber(z.ZodMiniNumber, params) as z.ZodMiniNumber<unknown>;

const isJsonObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * A JSON object, its values unchecked and the object passed on as it is (not copied, so a
 * `__proto__` key stays a key). Where no key or value needs a rule, this is what
 * `z.record(z.string(), z.unknown())` checks, without zod's record type (about 3 KB of every bundle).
 */
export const jsonObject = /* @__NO_SIDE_EFFECTS__ */ (params?: string | { error: string }) =>
  z.custom<Record<string, unknown>>(isJsonObject, params);
