// Example SPA for the auth API: plain JavaScript and the repository's typed client
// (clients/typescript, compiled to browser ESM by `npm run build`), no bundler.
//
// The page lives on its own origin (http://localhost:5173) and the API on another port
// (http://localhost:3000). That works because:
//   - the page's host:port is listed in the API's STATEFUL_DOMAINS, so the API grants CORS with
//     credentials to it and treats its requests as first-party (session cookie accepted);
//   - both use the same host name, so the cookies the API sets (session + XSRF-TOKEN) are sent with
//     the page's requests (cookies are per host, not per port) and the page can read XSRF-TOKEN;
//   - the client's SPA mode sends the cookies (credentials: 'include') and copies XSRF-TOKEN into
//     the X-XSRF-TOKEN header of every unsafe request.
import { ApiError, createSpaClient, unwrap } from '/client/api-client.js';

{
  const API_URL = String((window.SPA_CONFIG && window.SPA_CONFIG.apiUrl) || '').replace(/\/+$/, '');

  const api = createSpaClient({ baseUrl: API_URL });

  const PROVIDER_NAMES = { google: 'Google', facebook: 'Facebook', twitter: 'Twitter' };
  const SOCIAL_ERRORS = {
    invalid_state: 'The sign-in attempt expired or was started in another tab. Please try again.',
    access_denied: 'The sign-in was cancelled at the provider.',
    account_exists:
      'An account with this email already exists. Log in with your password, then link the provider from your account.',
    already_linked: 'This provider account is already linked to another user.',
    provider_error: 'The provider could not be reached or answered with an error. Please try again.',
  };

  const $ = (id) => document.getElementById(id);
  const statusEl = $('status');
  let statusSeq = 0;
  // Tells this page load's status updates from the previous one's (the browser tests wait on it).
  statusEl.dataset.doc = Math.random().toString(36).slice(2) + Date.now().toString(36);
  /** What to do once the password is confirmed (after a 423). */
  let afterPasswordConfirmed = null;

  // ---------------------------------------------------------------------------------------------
  // Status area: every outcome is put into words here.

  /** `busy` marks a step in progress; every action ends with exactly one status that is not busy. */
  function setStatus(kind, text, httpStatus, busy = false) {
    statusSeq += 1;
    statusEl.dataset.busy = String(busy);
    statusEl.dataset.kind = kind;
    statusEl.dataset.httpStatus = httpStatus ? String(httpStatus) : '';
    statusEl.dataset.seq = String(statusSeq);
    statusEl.textContent = text;
  }

  const working = (text) => setStatus('info', text, null, true);
  const success = (text) => setStatus('success', text);

  /** Turns an error into a sentence for the user: the browser's WebAuthn error, an ApiError (typed body), else the network. */
  function describeError(err) {
    if (err && err.name === 'NotAllowedError')
      return 'The passkey prompt was cancelled or timed out, or no passkey of this site is on this device.';
    if (err && err.name === 'InvalidStateError')
      return 'This device already holds a passkey for your account.';
    if (typeof DOMException !== 'undefined' && err instanceof DOMException)
      return `Passkey error (${err.name}): ${err.message}`;
    if (!(err instanceof ApiError)) {
      return (
        `Network error: could not reach the API at ${API_URL}, or the browser blocked its answer because ` +
        `this page's origin (${window.location.host}) got no CORS grant. The API must list ` +
        `${window.location.host} in STATEFUL_DOMAINS.`
      );
    }
    const message = err.message || 'Request failed.';
    switch (err.status) {
      case 401:
        return `Error 401: ${message} You are not logged in, or your session has ended. Please log in again.`;
      case 419:
        return `Error 419: ${message} Your security token did not match the session; a fresh one was fetched, please try again.`;
      case 422:
        return `Error 422: ${message}`;
      case 423:
        return `Error 423: ${message} Confirm your password below to continue.`;
      case 429:
        // Readable cross-origin only when the API exposes it (Access-Control-Expose-Headers).
        return err.retryAfter !== null
          ? `Error 429: ${message} Try again in ${err.retryAfter} seconds.`
          : `Error 429: ${message} Wait a minute before trying again.`;
      default:
        return `Error ${err.status}: ${message}`;
    }
  }

  function clearFieldErrors(form) {
    form.querySelectorAll('[data-error-for]').forEach((p) => (p.textContent = ''));
    form.querySelectorAll('[aria-invalid]').forEach((i) => i.removeAttribute('aria-invalid'));
  }

  /** 422: each message goes under its field; messages for fields the form lacks go to the status. */
  function showFieldErrors(form, errors) {
    const unplaced = [];
    Object.entries(errors || {}).forEach(([field, messages]) => {
      const text = [].concat(messages).join(' ');
      const slot = form && form.querySelector(`[data-error-for="${CSS.escape(field)}"]`);
      if (!slot) return unplaced.push(text);
      slot.textContent = text;
      const input = form.querySelector(`[name="${CSS.escape(field)}"]`);
      if (input) input.setAttribute('aria-invalid', 'true');
    });
    return unplaced;
  }

  /** Reports an error; returns its HTTP status (0 for a network error). */
  async function handleError(err, form) {
    const apiError = err instanceof ApiError ? err : null;
    let text = describeError(err);
    if (apiError && apiError.validation) {
      const unplaced = showFieldErrors(form, apiError.fieldErrors);
      if (unplaced.length) text += ` ${unplaced.join(' ')}`;
    }
    if (apiError && apiError.csrfMismatch) {
      // The token or the session is gone: fetch a fresh XSRF-TOKEN so the next try can succeed.
      await api.csrfCookie().catch(() => undefined);
    }
    if (apiError && apiError.passwordConfirmationRequired) $('confirm-password-form').hidden = false;
    if (apiError && apiError.unauthenticated) showLoggedOut();
    const status = apiError ? apiError.status : 0;
    setStatus('error', text, status);
    return status;
  }

  /** Runs a form's action with its submit button disabled; errors land in the status area. */
  function onSubmit(form, action) {
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const button = form.querySelector('button[type="submit"]');
      clearFieldErrors(form);
      button.disabled = true;
      try {
        await action(Object.fromEntries(new FormData(form)));
      } catch (err) {
        await handleError(err, form);
      } finally {
        button.disabled = false;
      }
    });
  }

  function onClick(button, action) {
    button.addEventListener('click', async () => {
      button.disabled = true;
      try {
        await action();
      } catch (err) {
        await handleError(err, null);
      } finally {
        button.disabled = false;
      }
    });
  }

  // ---------------------------------------------------------------------------------------------
  // Views

  function show(section) {
    ['auth-section', 'two-factor-section', 'account-section'].forEach(
      (id) => ($(id).hidden = id !== section),
    );
  }

  function showLoggedOut() {
    show('auth-section');
    $('profile').dataset.userId = '';
    $('sessions-list').replaceChildren();
    $('passkeys-list').replaceChildren();
    $('two-factor-enrol').hidden = true;
    $('recovery-codes').hidden = true;
    $('confirm-password-form').hidden = true;
    afterPasswordConfirmed = null;
  }

  function renderProfile(user) {
    $('profile').dataset.userId = String(user.id);
    $('profile-name').textContent = `${user.first_name} ${user.last_name}`;
    $('profile-email').textContent = user.email;
    $('profile-roles').textContent = (user.roles || []).join(', ') || 'none';
    $('profile-two-factor').textContent = user.two_factor_enabled ? 'on' : 'off';
    $('profile-social').textContent = (user.social_accounts || []).join(', ') || 'none';
    $('two-factor-state').textContent = user.two_factor_enabled
      ? 'Two-factor authentication is on.'
      : 'Two-factor authentication is off.';
    $('enable-2fa').hidden = !!user.two_factor_enabled;
  }

  const relativeTime = (iso) => {
    const seconds = Math.round((Date.now() - new Date(iso).getTime()) / 1000);
    if (seconds < 60) return 'just now';
    if (seconds < 3600) return `${Math.round(seconds / 60)} min ago`;
    if (seconds < 86400) return `${Math.round(seconds / 3600)} h ago`;
    return new Date(iso).toLocaleString();
  };

  function renderSessions(sessions) {
    const rows = sessions.map((s) => {
      const tr = document.createElement('tr');
      tr.dataset.testid = 'session-row';
      tr.dataset.sessionId = s.id;
      tr.dataset.current = String(s.is_current_device);
      const cells = [
        s.agent.browser || 'Unknown browser',
        s.agent.platform || 'Unknown platform',
        // An IPv4 client of a dual-stack server shows up as ::ffff:a.b.c.d; show the IPv4 form.
        (s.ip_address || '').replace(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/, '$1'),
        relativeTime(s.last_active),
      ];
      cells.forEach((text, i) => {
        const td = document.createElement('td');
        td.textContent = text;
        if (i === 3) td.title = s.last_active;
        tr.append(td);
      });
      const action = document.createElement('td');
      if (s.is_current_device) {
        action.textContent = 'This device';
      } else {
        const end = document.createElement('button');
        end.type = 'button';
        end.textContent = 'End';
        end.className = 'secondary';
        end.dataset.testid = 'end-session';
        onClick(end, () => endSession(s.id));
        action.append(end);
      }
      tr.append(action);
      return tr;
    });
    $('sessions-list').replaceChildren(...rows);
    $('sessions-panel').dataset.count = String(sessions.length);
  }

  // ---------------------------------------------------------------------------------------------
  // Passkeys (WebAuthn). The API speaks WebAuthn's JSON forms, where binary fields are base64url
  // strings; navigator.credentials wants ArrayBuffers. These few lines convert both ways (newer
  // browsers also offer PublicKeyCredential.parse*OptionsFromJSON() and credential.toJSON()).

  function fromBase64url(text) {
    const base64 = text.replace(/-/g, '+').replace(/_/g, '/') + '==='.slice((text.length + 3) % 4);
    return Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  }

  function toBase64url(buffer) {
    let binary = '';
    new Uint8Array(buffer).forEach((byte) => (binary += String.fromCharCode(byte)));
    return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  }

  const withIds = (list) => list && list.map((c) => ({ ...c, id: fromBase64url(c.id) }));

  function creationOptions(json) {
    return {
      ...json,
      challenge: fromBase64url(json.challenge),
      user: { ...json.user, id: fromBase64url(json.user.id) },
      excludeCredentials: withIds(json.excludeCredentials || []),
    };
  }

  function requestOptions(json) {
    return {
      ...json,
      challenge: fromBase64url(json.challenge),
      allowCredentials: withIds(json.allowCredentials),
    };
  }

  /** The credential as JSON, the form the API takes as `response`. */
  function credentialJSON(credential) {
    const r = credential.response;
    const response = { clientDataJSON: toBase64url(r.clientDataJSON) };
    if (r.attestationObject) {
      response.attestationObject = toBase64url(r.attestationObject);
      response.transports = typeof r.getTransports === 'function' ? r.getTransports() : [];
    } else {
      response.authenticatorData = toBase64url(r.authenticatorData);
      response.signature = toBase64url(r.signature);
      if (r.userHandle) response.userHandle = toBase64url(r.userHandle);
    }
    return {
      id: credential.id,
      rawId: toBase64url(credential.rawId),
      type: credential.type,
      response,
      clientExtensionResults: credential.getClientExtensionResults(),
      authenticatorAttachment: credential.authenticatorAttachment || undefined,
    };
  }

  function renderPasskeys(passkeys) {
    const items = passkeys.map((p) => {
      const li = document.createElement('li');
      li.dataset.testid = 'passkey-row';
      li.dataset.passkeyId = String(p.id);
      const label = document.createElement('span');
      label.textContent = `${p.name} — added ${relativeTime(p.created_at)}, ${
        p.last_used_at ? `last used ${relativeTime(p.last_used_at)}` : 'never used'
      } `;
      const remove = document.createElement('button');
      remove.type = 'button';
      remove.className = 'secondary';
      remove.textContent = 'Remove';
      remove.dataset.testid = 'remove-passkey';
      onClick(remove, () => removePasskey(p.id, p.name));
      li.append(label, remove);
      return li;
    });
    $('passkeys-list').replaceChildren(...items);
    $('passkeys-panel').dataset.count = String(passkeys.length);
  }

  /** A management call; after a 423 it runs again once the password is confirmed. */
  async function confirmed(again, call) {
    try {
      return await call();
    } catch (err) {
      if (err instanceof ApiError && err.passwordConfirmationRequired) afterPasswordConfirmed = again;
      throw err;
    }
  }

  async function showPasskeys() {
    working('Loading your passkeys…');
    renderPasskeys(await confirmed(showPasskeys, () => unwrap(api.GET('/user/passkeys'))));
    success('Passkey list loaded.');
  }

  async function addPasskey(name) {
    working('Preparing a new passkey…');
    const options = await confirmed(
      () => addPasskey(name),
      () => unwrap(api.POST('/user/passkeys/options')),
    );
    working('Follow your browser to create the passkey…');
    const credential = await navigator.credentials.create({ publicKey: creationOptions(options) });
    await unwrap(api.POST('/user/passkeys', { body: { name, response: credentialJSON(credential) } }));
    $('add-passkey-form').reset();
    renderPasskeys(await unwrap(api.GET('/user/passkeys')));
    success(`Passkey "${name}" added. You can now log in with it.`);
  }

  async function removePasskey(id, name) {
    working('Removing the passkey…');
    await confirmed(
      () => removePasskey(id, name),
      () => unwrap(api.DELETE('/user/passkeys/{id}', { params: { path: { id } } })),
    );
    renderPasskeys(await unwrap(api.GET('/user/passkeys')));
    success(`Passkey "${name}" removed.`);
  }

  async function passkeyLogin() {
    if (!window.PublicKeyCredential) return setStatus('error', 'This browser does not support passkeys.');
    working('Waiting for your passkey…');
    await api.csrfCookie();
    const email = $('login-form').querySelector('[name="email"]').value.trim();
    const options = await unwrap(api.POST('/passkeys/login/options', { body: email ? { email } : {} }));
    const credential = await navigator.credentials.get({ publicKey: requestOptions(options) });
    // No two-factor step follows: a passkey login is multi-factor by itself.
    await unwrap(api.POST('/passkeys/login', { body: { response: credentialJSON(credential) } }));
    $('login-form').reset();
    await enterAccount('Logged in with a passkey as {email}.');
  }

  // ---------------------------------------------------------------------------------------------
  // API calls

  async function loadProfile() {
    const user = await unwrap(api.GET('/api/user'));
    renderProfile(user);
    show('account-section');
    return user;
  }

  async function loadSessions() {
    renderSessions(await unwrap(api.GET('/user/browser-sessions')));
  }

  async function enterAccount(message) {
    const user = await loadProfile();
    await loadSessions();
    success(message.replace('{email}', user.email));
  }

  async function loadProviders() {
    const providers = (await unwrap(api.GET('/api/auth/providers'))) || [];
    const buttons = providers.map((p) => {
      const a = document.createElement('a');
      a.className = 'button social';
      // A top-level navigation: the API redirects to the provider and back to /auth/callback here.
      a.href = p.redirect_url;
      a.dataset.testid = `social-${p.name}`;
      a.textContent = `Continue with ${PROVIDER_NAMES[p.name] || p.name}`;
      return a;
    });
    $('social-buttons').replaceChildren(...buttons);
    $('social-empty').hidden = providers.length > 0;
  }

  async function endSession(id) {
    working('Ending that session…');
    await unwrap(api.DELETE('/user/browser-sessions/{id}', { params: { path: { id } } }));
    await loadSessions();
    success('That browser session has been logged out.');
  }

  async function enableTwoFactor() {
    working('Turning on two-factor authentication…');
    try {
      await unwrap(api.POST('/user/two-factor-authentication'));
    } catch (err) {
      if (err instanceof ApiError && err.passwordConfirmationRequired) afterPasswordConfirmed = enableTwoFactor;
      throw err;
    }
    const [qr, secret] = await Promise.all([
      unwrap(api.GET('/user/two-factor-qr-code')),
      unwrap(api.GET('/user/two-factor-secret-key')),
    ]);
    // The SVG is shown as an image, never injected as markup.
    $('qr-code').src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(qr.svg)}`;
    $('secret-key').textContent = secret.secretKey;
    $('two-factor-enrol').hidden = false;
    $('enable-2fa').hidden = true;
    success(
      'Scan the QR code (or type the setup key) in your authenticator app, then enter a code to finish.',
    );
  }

  // ---------------------------------------------------------------------------------------------
  // Wiring

  onSubmit($('login-form'), async (f) => {
    working('Logging in…');
    // Sanctum's order: the CSRF cookie first, then the login carrying X-XSRF-TOKEN.
    await api.csrfCookie();
    const data = await unwrap(
      api.POST('/login', { body: { email: f.email, password: f.password, remember: f.remember === 'on' } }),
    );
    $('login-form').reset();
    if (data.two_factor) {
      show('two-factor-section');
      setStatus('info', 'Two-factor authentication required. Enter the code from your authenticator app.');
      return;
    }
    await enterAccount('Logged in as {email}.');
  });

  onSubmit($('register-form'), async (f) => {
    working('Creating your account…');
    await api.csrfCookie();
    await unwrap(api.POST('/register', { body: f }));
    $('register-form').reset();
    await enterAccount('Account created. You are logged in as {email}.');
  });

  onSubmit($('two-factor-form'), async (f) => {
    working('Checking the code…');
    const body = f.recovery_code ? { recovery_code: f.recovery_code.trim() } : { code: f.code.trim() };
    await unwrap(api.POST('/two-factor-challenge', { body }));
    $('two-factor-form').reset();
    await enterAccount('Logged in as {email} with two-factor authentication.');
  });

  $('two-factor-cancel').addEventListener('click', () => {
    showLoggedOut();
    setStatus('info', 'Login cancelled.');
  });

  onClick($('reload-profile'), async () => {
    working('Loading your profile…');
    await loadProfile();
    success('Profile loaded.');
  });

  onClick($('refresh-sessions'), async () => {
    working('Loading your sessions…');
    await loadSessions();
    success('Session list refreshed.');
  });

  onSubmit($('logout-others-form'), async (f) => {
    working('Logging out your other browser sessions…');
    await unwrap(api.DELETE('/user/other-browser-sessions', { body: { password: f.password } }));
    $('logout-others-form').reset();
    await loadSessions();
    success('All your other browser sessions have been logged out.');
  });

  onClick($('enable-2fa'), enableTwoFactor);

  onClick($('passkey-login'), passkeyLogin);
  onClick($('show-passkeys'), showPasskeys);
  onSubmit($('add-passkey-form'), (f) => addPasskey((f.name || '').trim() || 'This device'));

  onSubmit($('confirm-password-form'), async (f) => {
    working('Confirming your password…');
    await unwrap(api.POST('/user/confirm-password', { body: { password: f.password } }));
    $('confirm-password-form').reset();
    $('confirm-password-form').hidden = true;
    const next = afterPasswordConfirmed;
    afterPasswordConfirmed = null;
    if (next) await next();
    else success('Password confirmed.');
  });

  onSubmit($('confirm-2fa-form'), async (f) => {
    working('Confirming the code…');
    await unwrap(api.POST('/user/confirmed-two-factor-authentication', { body: { code: f.code.trim() } }));
    $('confirm-2fa-form').reset();
    $('two-factor-enrol').hidden = true;
    const codes = await unwrap(api.GET('/user/two-factor-recovery-codes'));
    $('recovery-codes-list').replaceChildren(
      ...codes.map((c) => {
        const li = document.createElement('li');
        li.textContent = c;
        return li;
      }),
    );
    $('recovery-codes').hidden = false;
    await loadProfile();
    success('Two-factor authentication is on. You will be asked for a code at your next login.');
  });

  onClick($('logout'), async () => {
    working('Logging out…');
    await unwrap(api.POST('/logout'));
    showLoggedOut();
    success('You are logged out.');
  });

  /** Where a social login lands: FRONTEND_URL/auth/callback?status=...&provider=... */
  async function finishSocialLogin(params) {
    window.history.replaceState(null, '', '/');
    const provider = PROVIDER_NAMES[params.get('provider')] || params.get('provider') || 'the provider';
    const status = params.get('status');
    if (status === 'success') return enterAccount(`Signed in with ${provider} as {email}.`);
    if (status === 'two_factor') {
      show('two-factor-section');
      return setStatus(
        'info',
        `Signed in with ${provider}. Two-factor authentication required: enter your code.`,
      );
    }
    showLoggedOut();
    const reason = SOCIAL_ERRORS[params.get('error')] || 'The sign-in failed.';
    setStatus('error', `Sign-in with ${provider} failed: ${reason}`);
  }

  async function start() {
    $('page-origin').textContent = window.location.origin;
    $('api-url').textContent = API_URL;
    working('Fetching the CSRF cookie…');
    let startupError = null;
    try {
      await api.csrfCookie();
      await loadProviders();
    } catch (err) {
      startupError = err;
    }
    if (window.location.pathname === '/auth/callback') {
      if (startupError) return handleError(startupError, null);
      return finishSocialLogin(new URLSearchParams(window.location.search)).catch((err) =>
        handleError(err, null),
      );
    }
    try {
      await loadProfile();
      await loadSessions();
      if (startupError) return handleError(startupError, null);
      success(`Welcome back, ${$('profile-email').textContent}.`);
    } catch (err) {
      showLoggedOut();
      if (!startupError && err instanceof ApiError && err.unauthenticated) {
        setStatus('info', 'You are not logged in. Log in or create an account.', 401);
      } else {
        await handleError(err, null);
      }
    }
  }

  start();
}
