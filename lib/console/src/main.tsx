import { render } from 'preact';
import { createApi } from './api.ts';
import { App } from './app.tsx';
import { type ConsoleConfig, parseConfig } from './config.ts';
import { SignIn } from './sign-in.tsx';
import './styles.css';

const root = document.getElementById('app') as HTMLElement;

/** config.json beside the page: written by the deployment (or, locally, by the runtime). */
async function loadConfig(): Promise<ConsoleConfig> {
  const response = await fetch('./config.json', { cache: 'no-store' });
  if (!response.ok) throw new Error(`config.json: HTTP ${response.status}`);
  return parseConfig(await response.json());
}

function start(config: ConsoleConfig): void {
  if (config.auth.kind === 'local') {
    const api = createApi(config, config.auth);
    render(<App api={api} operator="local admin" mode="local runtime" />, root);
    return;
  }
  render(
    <SignIn
      config={config}
      auth={config.auth}
      onSignedIn={(credentials, user) =>
        render(<App api={createApi(config, credentials)} operator={user} mode={config.region} />, root)
      }
    />,
    root,
  );
}

loadConfig().then(start, (error: unknown) =>
  render(
    <main>
      <h1>Vigil console</h1>
      <p class="error" role="alert">
        Could not load the console's configuration: {String(error)}
      </p>
    </main>,
    root,
  ),
);
