import { describe, expect, it } from 'vitest';
import { actorOf } from '#lib/core/admin/actor.ts';
import { CallerUnknownError } from '#lib/core/admin/errors.ts';
import { ValidationError } from '#lib/core/validation.ts';

describe('Function: actorOf', () => {
  const caller = 'arn:aws:iam::123456789012:user/ana';

  it('records the signed caller, whatever name the body gives', () => {
    expect(actorOf(caller, { by: 'bob' })).toEqual({ by: caller, onBehalfOf: 'bob' });
    expect(actorOf(caller, { onBehalfOf: 'night shift' })).toEqual({ by: caller, onBehalfOf: 'night shift' });
    expect(actorOf(caller, {})).toEqual({ by: caller });
  });

  it('refuses a request without a signed caller', () => {
    expect(() => actorOf(undefined, { by: 'bob' })).toThrow(CallerUnknownError);
  });

  it('refuses onBehalfOf and by together', () => {
    expect(() => actorOf(caller, { by: 'a', onBehalfOf: 'b' })).toThrow(ValidationError);
  });
});
