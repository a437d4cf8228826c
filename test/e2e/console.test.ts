import type { Browser, Page } from 'playwright-core';
import { ulid } from 'ulid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible, launchBrowser, screenshot } from './support/browser.ts';
import { adminRequest, eventually, postEvents, vigil } from './support/client.ts';

const CONSOLE = `${vigil.config.endpoint}/console/`;
const run = ulid().toLowerCase();
let browser: Browser;
let close: () => Promise<void>;
let page: Page;

beforeAll(async () => {
  ({ browser, close } = await launchBrowser());
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  page = await context.newPage();
  page.setDefaultTimeout(20_000);
});

afterAll(async () => {
  await close?.();
});

/** Polls a value in the page: the console itself polls every 2 s, slower on a loaded machine. */
const poll = <T>(value: () => Promise<T>) => expect.poll(value, { timeout: 15_000, interval: 200 });

async function open(route: string): Promise<void> {
  await page.goto(`${CONSOLE}#/${route}`);
  await page.locator('main h1').waitFor();
}

describe('Web console (in Chromium, against the local runtime)', { timeout: 60_000 }, () => {
  it('serves the build with a config.json holding the local admin credentials', async () => {
    // Act
    const config = await (await fetch(`${CONSOLE}config.json`)).json();
    const index = await fetch(CONSOLE);
    // Assess
    expect(index.headers.get('content-type')).toContain('text/html');
    expect(config).toEqual({
      apiUrl: vigil.config.endpoint,
      region: vigil.config.admin.region,
      auth: {
        kind: 'local',
        accessKeyId: vigil.config.admin.accessKeyId,
        secretAccessKey: vigil.config.admin.secretAccessKey,
      },
    });
    expect((await fetch(`${CONSOLE}..%2f..%2fpackage.json`)).status).toBe(404);
  });

  it('shows a new CRITICAL alert without a reload and acknowledges it with a note', async () => {
    // Prepare: the alerts page is open before the event exists
    const source = `e2e.console.${run}`;
    await open('alerts?state=new');
    // Act
    const published = await postEvents({
      source,
      type: 'disk.full',
      severity: 'CRITICAL',
      message: 'disk 99 %',
    });
    expect(published.status).toBe(202);
    const link = page.getByRole('link', { name: `${source} / disk.full` });
    await link.click();
    await page.getByLabel('Note').fill('on it, replacing the disk');
    await page.getByRole('button', { name: 'Acknowledge' }).click();
    // Assess: the API agrees
    const alert = await eventually(
      async () => {
        const { body } = await adminRequest('GET', `/alerts?state=acknowledged&source=${source}`);
        return body.alerts[0];
      },
      10_000,
      'the acknowledged alert',
    );
    expect(alert.acknowledgeNote).toBe('on it, replacing the disk');
    await page.getByText('acknowledged by').first().waitFor();
    await screenshot(page, 'alert-acknowledged');
  });

  it('turns a module card red after a FAULT and shows the earlier state on the time slider', async () => {
    // Prepare
    const name = `press-${run}`;
    await adminRequest('POST', `/modules/${name}/events`, { type: 'WARN' });
    await open('modules');
    const card = page.locator(`.cards [data-module="${name}"]`);
    await poll(() => card.getAttribute('data-health')).toBe('Warning');
    // Act
    const fault = await adminRequest('POST', `/modules/${name}/events`, { type: 'FAULT' });
    expect(fault.status).toBe(200);
    // Assess: the same page, polled, now shows Critical in the critical colour
    await poll(() => card.getAttribute('data-health')).toBe('Critical');
    const colour = await card.evaluate(
      (el) =>
        (
          globalThis as unknown as { getComputedStyle(e: unknown): { borderLeftColor: string } }
        ).getComputedStyle(el).borderLeftColor,
    );
    expect(colour).toBe('rgb(163, 0, 27)');
    await card.getByRole('link', { name }).click();
    const detail = page.locator(`section [data-module="${name}"]`);
    await poll(() => detail.getAttribute('data-health')).toBe('Critical');
    const slider = page.getByLabel(/^Time:/);
    await poll(() => slider.getAttribute('max')).toBe('2');
    await slider.focus();
    await page.keyboard.press('Home');
    await poll(() => detail.getAttribute('data-health')).toBe('Warning');
    expect(page.url()).toContain('at=');
    await screenshot(page, 'module-time-travel');
  });

  it('shows the exact message of a refused module event', async () => {
    // Prepare
    const name = `mixer-${run}`;
    await adminRequest('POST', `/modules/${name}/events`, { type: 'WARN' });
    const refused = await adminRequest('POST', `/modules/${name}/events`, { type: 'CLEAR_WARNING' });
    await adminRequest('POST', `/modules/${name}/events`, { type: 'WARN' });
    const expected = await adminRequest('POST', `/modules/${name}/events`, { type: 'WARN' });
    expect(refused.status).toBe(200);
    expect(expected.status).toBe(409);
    await open(`modules?name=${name}`);
    // Act
    await page.getByLabel('State event').fill('WARN');
    await page.getByRole('button', { name: 'Send' }).click();
    // Assess
    await poll(() => page.locator('#module-event-error').textContent()).toBe(expected.body.error.message);
  });

  it('runs a replay from the form and shows its progress to the end', async () => {
    // Prepare
    const source = `e2e.console-replay.${run}`;
    const events = Array.from({ length: 3 }, (_, i) => ({ source, type: 'tick', message: `#${i}` }));
    expect((await postEvents({ events })).status).toBe(202);
    await open('replay');
    await page.getByLabel('Source').fill(source);
    // Act
    await page.getByRole('button', { name: 'Dry run' }).click();
    await poll(() => page.getByTestId('dry-run').textContent()).toContain('3 event(s)');
    await page.getByRole('button', { name: 'Start replay' }).click();
    // Assess
    await expect
      .poll(() => page.getByTestId('replay-status').textContent(), { timeout: 20_000 })
      .toMatch(/^completed: 3 of 3 published/);
    expect(await page.locator('progress').getAttribute('value')).toBe('3');
    await screenshot(page, 'replay-progress');
  });

  it("shows the API's error next to the field of an invalid replay filter", async () => {
    // Prepare
    await open('replay');
    await page.getByLabel('Source').fill('not a source!');
    const from = new Date(Date.now() - 3_600_000).toISOString();
    const api = await adminRequest('POST', '/replay', {
      from,
      to: new Date().toISOString(),
      filter: { source: 'not a source!' },
      dryRun: true,
    });
    expect(api.status).toBe(400);
    // Act
    await page.getByRole('button', { name: 'Dry run' }).click();
    // Assess
    const error = page.locator('#replay-source-error');
    await poll(() => error.textContent()).toBe(api.body.error.message);
    expect(await page.getByLabel('Source').getAttribute('aria-invalid')).toBe('true');
    await screenshot(page, 'replay-error');
  });

  it('has no serious or critical accessibility violation on any page', async () => {
    await postEvents({ source: `e2e.console.${run}`, type: 'chart', severity: 'WARNING' });
    for (const route of ['overview', 'events', 'alerts', 'modules', 'replay', 'subscriptions']) {
      await open(route);
      await page.waitForLoadState('networkidle').catch(() => undefined);
      if (route === 'events') await page.getByRole('cell').first().waitFor();
      if (route === 'overview') await page.locator('figure.chart').waitFor();
      await expectAccessible(page);
      await screenshot(page, route);
    }
  });
});
