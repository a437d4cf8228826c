import { useState } from 'preact/hooks';
import type { CredentialProvider } from '#lib/client/credentials.ts';
import { CognitoSession, type SignInResult } from './cognito.ts';
import type { CognitoAuth, ConsoleConfig } from './config.ts';
import { Failure, Field } from './ui.tsx';

function EmailField({ email, setEmail }: { email: string; setEmail: (email: string) => void }) {
  return (
    <Field label="Email" id="email">
      <input
        id="email"
        type="email"
        autoComplete="username"
        required
        value={email}
        onInput={(e) => setEmail(e.currentTarget.value)}
      />
    </Field>
  );
}

/** The current password, or the new one while the user pool asks for it (`challenge`). */
function PasswordField({
  password,
  setPassword,
  challenge,
}: {
  password: string;
  setPassword: (password: string) => void;
  challenge: string | undefined;
}) {
  return (
    <Field label={challenge ? 'New password' : 'Password'} id="password">
      <input
        id="password"
        type="password"
        autoComplete={challenge ? 'new-password' : 'current-password'}
        required
        value={password}
        onInput={(e) => setPassword(e.currentTarget.value)}
      />
    </Field>
  );
}

/** In AWS: sign in to the user pool (an invited operator sets a password first), then act as the admin role. */
export function SignIn(props: {
  config: ConsoleConfig;
  auth: CognitoAuth;
  onSignedIn: (credentials: CredentialProvider, user: string) => void;
}) {
  const [session] = useState(() => new CognitoSession(props.auth, props.config.region));
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [challenge, setChallenge] = useState<string>();
  const [error, setError] = useState<unknown>();

  const finish = (result: SignInResult) => {
    if (result.kind === 'new-password') {
      setChallenge(result.session);
      setPassword('');
      return;
    }
    props.onSignedIn(session.credentials(result.idToken), email);
  };
  const submit = async (event: Event) => {
    event.preventDefault();
    setError(undefined);
    try {
      finish(
        challenge
          ? await session.setNewPassword(email, challenge, password)
          : await session.signIn(email, password),
      );
    } catch (failure) {
      setError(failure);
    }
  };
  return (
    <main class="sign-in">
      <h1>Sign in to Vigil</h1>
      <form onSubmit={submit}>
        <EmailField email={email} setEmail={setEmail} />
        <PasswordField password={password} setPassword={setPassword} challenge={challenge} />
        <button type="submit">{challenge ? 'Set password and sign in' : 'Sign in'}</button>
        <Failure error={error} />
      </form>
    </main>
  );
}
