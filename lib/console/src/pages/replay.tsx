import { useState } from 'preact/hooks';
import type { ReplayStart } from '#lib/client/types.ts';
import { type Api, fieldOf } from '../api.ts';
import type { PageProps } from '../app.tsx';
import { usePoll } from '../poll.ts';
import { Failure, Section } from '../ui.tsx';
import { ReplayInputs } from './replay-form.tsx';
import { localInput, type ReplayForm, requestOf } from './replay-request.ts';

function Progress({ api, id }: { api: Api; id: string }) {
  const { data, error, refresh } = usePoll(() => api.replay(id), [id], { baseMs: 1000 });
  const [cancelError, setCancelError] = useState<unknown>();
  if (!data) return <Failure error={error} />;
  const { replay } = data;
  const cancel = () => api.cancelReplay(id).then(refresh, setCancelError);
  return (
    <Section title={`Replay ${replay.name ?? replay.id}`}>
      <p role="status" data-testid="replay-status">
        {replay.status}: {replay.counts.published} of {replay.counts.matched} published
        {replay.counts.failed ? `, ${replay.counts.failed} failed` : ''} (
        {(replay.durationMs / 1000).toFixed(1)} s)
      </p>
      <progress
        max={Math.max(1, replay.counts.matched)}
        value={replay.counts.published}
        aria-label="Replay progress"
      />
      {replay.error ? <p class="error">{replay.error}</p> : null}
      {replay.status === 'running' ? (
        <button type="button" onClick={cancel}>
          Cancel
        </button>
      ) : null}
      <Failure error={cancelError} />
    </Section>
  );
}

export function ReplayPage({ api }: PageProps) {
  const now = Date.now();
  const [form, setForm] = useState<ReplayForm>({
    from: localInput(now - 3_600_000),
    to: '',
    source: '',
    type: '',
    severity: '',
    pattern: '',
    name: '',
  });
  const [error, setError] = useState<unknown>();
  const [result, setResult] = useState<ReplayStart>();
  const submit = async (dryRun: boolean) => {
    setError(undefined);
    try {
      setResult(await api.startReplay(requestOf(form, dryRun)));
    } catch (failure) {
      setError(failure);
    }
  };
  const errorFor = (field: string) =>
    error && fieldOf(error) === field ? (error as Error).message : undefined;
  return (
    <div class="split">
      <form class="replay" onSubmit={(e) => e.preventDefault()}>
        <ReplayInputs form={form} set={setForm} errorFor={errorFor} />
        <button type="button" onClick={() => submit(true)}>
          Dry run
        </button>
        <button type="button" onClick={() => submit(false)}>
          Start replay
        </button>
        {error && !fieldOf(error) ? <Failure error={error} /> : null}
        {result && 'dryRun' in result ? (
          <p role="status" data-testid="dry-run">
            {result.matched}
            {result.complete ? '' : '+'} event(s) would be replayed.
          </p>
        ) : null}
      </form>
      {result && 'replayId' in result ? <Progress api={api} id={result.replayId} /> : null}
    </div>
  );
}
