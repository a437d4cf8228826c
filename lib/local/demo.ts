import { adminRequest } from './admin-request.ts';
import type { LocalConfig } from './local-config.ts';

interface Step {
  readonly title: string;
  readonly body: unknown;
  /** A state event: the demo waits until the module reaches this version before the next step. */
  readonly moduleVersion?: number;
}

const SOURCE = 'demo.plant-7';
const MODULE = 'demo.press-7';

/**
 * A short scenario that shows every path of ingest (plain events, a duplicate, a burst, a WARNING
 * and a CRITICAL, state events, a refusal), then what the admin API shows of it.
 */
export const DEMO_STEPS: readonly Step[] = [
  {
    title: 'three INFO readings',
    body: {
      events: [1, 2, 3].map((n) => ({
        source: SOURCE,
        type: 'press.reading',
        message: `reading ${n}`,
        signal: { valence: 0.2, state: [71 + n, 70.5] },
      })),
    },
  },
  {
    title: 'a reading with dedupKey reading-1',
    body: { source: SOURCE, type: 'press.reading', dedupKey: 'reading-1', message: 'reading 1' },
  },
  {
    title: 'the same reading again (a duplicate)',
    body: { source: SOURCE, type: 'press.reading', dedupKey: 'reading-1', message: 'reading 1' },
  },
  {
    title: 'a burst of 25 vibration alarms (threshold 20 per minute)',
    body: {
      events: Array.from({ length: 25 }, (_, i) => ({
        source: SOURCE,
        type: 'press.vibration',
        message: `spike ${i + 1}`,
      })),
    },
  },
  {
    title: 'a WARNING',
    body: {
      source: SOURCE,
      type: 'press.temperature',
      severity: 'WARNING',
      message: 'temperature above 85 °C',
      signal: { valence: -0.4, state: [86.1, 85.7] },
    },
  },
  {
    title: 'a CRITICAL',
    body: {
      source: SOURCE,
      type: 'press.temperature',
      severity: 'CRITICAL',
      message: 'temperature above 95 °C',
      signal: { valence: -0.9, state: [96.4, 95.2], score: 0.97 },
    },
  },
  // With no reorder window (the default) state events apply in arrival order, so a producer that
  // needs its order sends each after the one before has been applied (docs/state-machines.md).
  ...['START', 'INIT_SUCCESS', 'SET_READY', 'TASK_START'].map(
    (name, i): Step => ({
      title: `a robot cell starting a task: state.${name}`,
      body: { source: SOURCE, type: `state.${name}`, module: MODULE },
      moduleVersion: i + 1,
    }),
  ),
  {
    title: 'an invalid event (a string inside signal.state)',
    body: { source: SOURCE, type: 'press.reading', signal: { valence: 0, state: [1, 'two'] } },
  },
];

/** Polls the demo module until it reaches `version`, for at most 10 s (then the demo goes on). */
async function untilModuleVersion(config: LocalConfig, version: number): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    const shown = await adminRequest(config, 'GET', `/modules/${MODULE}`);
    if (shown.status === 200 && Number(shown.body.module?.version) >= version) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function summarize(status: number, body: Record<string, unknown>): string {
  if (body.counts) return `${status} ${JSON.stringify(body.counts)}`;
  if (body.error) return `${status} ${(body.error as { message: string }).message}`;
  return `${status} ${body.status} ${body.id}`;
}

export async function runDemo(config: LocalConfig, print: (line: string) => void): Promise<void> {
  print(`[demo] sending a short scenario to ${config.endpoint}/events`);
  for (const step of DEMO_STEPS) {
    const response = await fetch(`${config.endpoint}/events`, {
      method: 'POST',
      headers: { authorization: `Bearer ${config.producerKey}`, 'content-type': 'application/json' },
      body: JSON.stringify(step.body),
    });
    print(
      `[demo] ${step.title}: ${summarize(response.status, (await response.json()) as Record<string, unknown>)}`,
    );
    if (step.moduleVersion !== undefined) await untilModuleVersion(config, step.moduleVersion);
  }
  // What the admin API (SigV4) shows afterwards: the alert the WARNING opened and the CRITICAL
  // escalated, and the cell's state.
  await new Promise((resolve) => setTimeout(resolve, 3_000));
  const alerts = await adminRequest(config, 'GET', `/alerts?source=${SOURCE}&state=new`);
  for (const alert of alerts.body.alerts ?? [])
    print(
      `[demo] GET /alerts: ${alert.type} ${alert.severity} ${alert.state}, count ${alert.count} (${alert.id})`,
    );
  const module = await adminRequest(config, 'GET', `/modules/${MODULE}`);
  if (module.status === 200) {
    const { lifecycle, operational, health, version } = module.body.module;
    print(`[demo] GET /modules/${MODULE}: ${lifecycle} / ${operational} / ${health}, version ${version}`);
  }
  print('[demo] done: the audit rule copied every published event to .vigil/logs/');
}
