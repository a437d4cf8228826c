import { createHmac, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { signatureHeader } from '#lib/core/subscriptions/signature.ts';

/** The receiver's snippet of docs/subscriptions.md, as a reader would paste it. */
function documentedVerify(): (header: string, body: string, secret: string) => boolean {
  const doc = readFileSync(new URL('../../../docs/subscriptions.md', import.meta.url), 'utf8');
  const block = /```js\n([\s\S]*?)```/.exec(doc)?.[1] ?? '';
  const code = block.replace(/^import .*$/m, '');
  return new Function('createHmac', 'timingSafeEqual', `${code}; return verify;`)(
    createHmac,
    timingSafeEqual,
  );
}

describe('docs/subscriptions.md: the receiver snippet', () => {
  it('accepts what Vigil signs, with either secret during a rotation, and refuses a changed body or an old t', () => {
    // Prepare
    const verify = documentedVerify();
    const now = Math.floor(Date.now() / 1000);
    const body = '{"subscription":"s","event":{}}';

    // Act + Assess
    expect(verify(signatureHeader(['new', 'old'], now, body), body, 'old')).toBe(true);
    expect(verify(signatureHeader(['new'], now, body), body, 'new')).toBe(true);
    expect(verify(signatureHeader(['new'], now, body), `${body} `, 'new')).toBe(false);
    expect(verify(signatureHeader(['new'], now - 301, body), body, 'new')).toBe(false);
  });
});
