import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { newSigningSecret, signatureHeader, verifySignature } from '#lib/core/subscriptions/signature.ts';

const body = '{"subscription":"ops","event":{"id":"x"}}';

describe('Function: signatureHeader / verifySignature', () => {
  it('signs "<t>.<raw body>" with HMAC-SHA256, as a receiver recomputes it by hand', () => {
    // Prepare
    const secret = newSigningSecret();

    // Act
    const header = signatureHeader([secret], 1_800_000_000, body);

    // Assess
    const expected = createHmac('sha256', secret).update(`1800000000.${body}`).digest('hex');
    expect(header).toBe(`t=1800000000,v1=${expected}`);
    expect(verifySignature(header, body, secret, 1_800_000_010)).toEqual({
      ok: true,
      timestamp: 1_800_000_000,
    });
  });

  it('refuses a changed body, another secret, an old timestamp and a malformed header', () => {
    // Prepare
    const secret = newSigningSecret();
    const header = signatureHeader([secret], 1_800_000_000, body);

    // Act + Assess
    expect(verifySignature(header, `${body} `, secret, 1_800_000_000)).toEqual({
      ok: false,
      reason: 'mismatch',
    });
    expect(verifySignature(header, body, newSigningSecret(), 1_800_000_000)).toEqual({
      ok: false,
      reason: 'mismatch',
    });
    expect(verifySignature(header, body, secret, 1_800_000_301)).toEqual({ ok: false, reason: 'too-old' });
    expect(verifySignature('v1=abc', body, secret, 1_800_000_000)).toEqual({
      ok: false,
      reason: 'malformed',
    });
  });

  it('carries one v1 per secret during a rotation, and either secret verifies', () => {
    // Prepare
    const [old, fresh] = [newSigningSecret(), newSigningSecret()];

    // Act
    const header = signatureHeader([fresh, old], 1_800_000_000, body);

    // Assess
    expect(header.split(',').filter((part) => part.startsWith('v1='))).toHaveLength(2);
    expect(verifySignature(header, body, old, 1_800_000_000).ok).toBe(true);
    expect(verifySignature(header, body, fresh, 1_800_000_000).ok).toBe(true);
  });

  it('makes secrets that are long, random and recognisable', () => {
    const [a, b] = [newSigningSecret(), newSigningSecret()];
    expect(a).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    expect(a).not.toBe(b);
  });
});
