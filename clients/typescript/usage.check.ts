// Compile-time checks of the client's types (npm run typecheck); never run.
import { createSpaClient, createTokenClient, unwrap, ApiError } from './client';

export async function spa(): Promise<void> {
  const api = createSpaClient({ baseUrl: 'http://localhost:3000' });
  await api.csrfCookie();
  const login = await unwrap(api.POST('/login', { body: { email: 'a@example.com', password: 'x' } }));
  const twoFactor: boolean = login.two_factor;
  const user = await unwrap(api.GET('/api/user'));
  const email: string = user.email;
  const sessions = await unwrap(api.GET('/user/browser-sessions'));
  const first: string | undefined = sessions[0]?.id;
  await unwrap(api.DELETE('/user/browser-sessions/{id}', { params: { path: { id: 'x' } } }));
  void [twoFactor, email, first];
}

export async function token(): Promise<void> {
  const api = createTokenClient({ baseUrl: 'http://localhost:3000' });
  try {
    const login = await unwrap(api.POST('/api/login', { body: { email: 'a@example.com', password: 'x' } }));
    if ('token' in login) api.setToken(login.token);
    // @ts-expect-error a pending two-factor login has no token
    else api.setToken(login.token);
  } catch (err) {
    if (err instanceof ApiError && err.validation) {
      const messages: string[] | undefined = err.fieldErrors.email;
      void messages;
    }
  }
}
