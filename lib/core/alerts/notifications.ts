import type { Envelope } from '../envelope.ts';
import type { Alert, AlertNotification } from './alert.ts';

/**
 * The bus event announcing an alert change: type `alert.*` (outside the alerting rule's pattern,
 * and published with bus Source `vigil.alerts`, so it can never loop), the alert in `data`.
 */
export function alertNotification(
  kind: AlertNotification,
  alert: Alert,
  ids: { id: string; at: string },
): Envelope {
  return {
    id: ids.id,
    source: alert.source,
    type: kind,
    severity: alert.severity,
    message: `${kind.replace('alert.', 'alert ')}: ${alert.type} from ${alert.source}${alert.lastMessage ? ` (${alert.lastMessage})` : ''}`,
    time: ids.at,
    receivedAt: ids.at,
    data: { alert },
  };
}
