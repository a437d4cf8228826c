import { describe, expect, it } from 'vitest';
import type { Alert } from '#lib/core/alerts/alert.ts';
import { type BusEvent, deliveryBody } from '#lib/core/subscriptions/formats.ts';

const alert: Alert = {
  id: '01JDZ0000000000000000000AL',
  fingerprint: 'plant7.press/temperature.high',
  state: 'new',
  severity: 'CRITICAL',
  source: 'plant7.press',
  type: 'temperature.high',
  count: 3,
  firstSeenAt: '2026-11-27T10:00:00.000Z',
  lastSeenAt: '2026-11-27T10:02:00.000Z',
  lastEventId: '01JDZ0000000000000000000EV',
};

function alertEvent(type: string, overrides: Partial<Alert> = {}): BusEvent {
  return {
    version: '0',
    id: 'b1',
    'detail-type': type,
    source: 'vigil.alerts',
    account: '000000000000',
    time: '2026-11-27T10:02:00Z',
    region: 'us-east-1',
    resources: [],
    detail: {
      id: '01JDZ0000000000000000000NT',
      source: 'plant7.press',
      type,
      severity: 'CRITICAL',
      message: 'alert opened: temperature.high from plant7.press',
      time: '2026-11-27T10:02:00.000Z',
      receivedAt: '2026-11-27T10:02:00.000Z',
      data: { alert: { ...alert, ...overrides } },
    },
  };
}

const meta = { subscription: 'oncall', deliveryId: 'd1', attempt: 2 };
const alertUrl = (id: string) => `https://console.example/alerts/${id}`;

describe('Function: deliveryBody', () => {
  it('wraps the bus event for json, with the delivery id and attempt', () => {
    expect(deliveryBody('json', alertEvent('alert.opened'), meta)).toEqual({
      subscription: 'oncall',
      delivery: { id: 'd1', attempt: 2 },
      event: alertEvent('alert.opened'),
    });
  });

  it('posts a Slack message in the severity colour with source, type, message and a link to the alert', () => {
    // Act
    const body = deliveryBody('slack', alertEvent('alert.opened'), meta, { alertUrl }) as {
      text: string;
      attachments: {
        color: string;
        title_link: string;
        text: string;
        fields: { title: string; value: string }[];
      }[];
    };

    // Assess
    const [attachment] = body.attachments;
    expect(body.text).toBe('[CRITICAL] alert.opened from plant7.press');
    expect(attachment?.color).toBe('#d0021b');
    expect(attachment?.title_link).toBe(`https://console.example/alerts/${alert.id}`);
    expect(attachment?.text).toContain('temperature.high');
    expect(attachment?.fields.map((f) => [f.title, f.value])).toEqual([
      ['Source', 'plant7.press'],
      ['Type', 'temperature.high'],
      ['Severity', 'CRITICAL'],
      ['Alert', `${alert.id} (new, 3×)`],
    ]);
  });

  it('marks a re-notification in Slack and colours a resolution green', () => {
    const repeat = deliveryBody('slack', alertEvent('alert.opened'), { ...meta, reason: 'repeat' }) as {
      text: string;
    };
    const resolved = deliveryBody('slack', alertEvent('alert.resolved', { state: 'resolved' }), meta) as {
      attachments: { color: string }[];
    };
    expect(repeat.text.startsWith('Still open: ')).toBe(true);
    expect(resolved.attachments[0]?.color).toBe('#27ae60');
  });

  it.each([
    ['alert.opened', 'trigger'],
    ['alert.escalated', 'trigger'],
    ['alert.acknowledged', 'acknowledge'],
    ['alert.resolved', 'resolve'],
  ])('follows the alert in PagerDuty: %s → %s, keyed by the alert id', (type, action) => {
    // Act
    const body = deliveryBody('pagerduty', alertEvent(type), meta, {
      routingKey: 'R0UT1NG',
      alertUrl,
    }) as Record<string, unknown>;

    // Assess
    expect(body).toMatchObject({ routing_key: 'R0UT1NG', event_action: action, dedup_key: alert.id });
    if (action === 'trigger') {
      expect(body.payload).toMatchObject({
        source: 'plant7.press',
        severity: 'critical',
        component: 'temperature.high',
      });
      expect(body.links).toEqual([
        { href: `https://console.example/alerts/${alert.id}`, text: 'Vigil alert' },
      ]);
    } else expect(body.payload).toBeUndefined();
  });

  it('triggers PagerDuty for a raw event, keyed by its alertKey or its source and type', () => {
    // Prepare
    const raw = { ...alertEvent('temperature.high'), source: 'vigil.ingest' };
    const { data: _data, ...detail } = raw.detail;

    // Act
    const keyed = deliveryBody(
      'pagerduty',
      { ...raw, detail: { ...detail, alertKey: 'press-7' } },
      meta,
    ) as Record<string, unknown>;
    const unkeyed = deliveryBody('pagerduty', { ...raw, detail }, meta) as Record<string, unknown>;

    // Assess
    expect(keyed).toMatchObject({ event_action: 'trigger', dedup_key: 'press-7' });
    expect(unkeyed).toMatchObject({ event_action: 'trigger', dedup_key: 'plant7.press/temperature.high' });
  });
});
