/** Bus `Source` of each kind of event Vigil puts on the bus (DESIGN.md). */
export const BUS_SOURCES = {
  ingest: 'vigil.ingest',
  alerts: 'vigil.alerts',
  state: 'vigil.state',
  replay: 'vigil.replay',
} as const;

/** An event as EventBridge carries it on a bus and delivers it to targets; `detail` is the envelope. */
export interface BusEvent<Detail = Record<string, unknown>> {
  readonly version: '0';
  readonly id: string;
  readonly 'detail-type': string;
  readonly source: string;
  readonly account: string;
  readonly time: string;
  readonly region: string;
  readonly resources: readonly string[];
  readonly detail: Detail;
}
