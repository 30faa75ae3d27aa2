import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { App } from '../App';
import { json, SIGNED_IN, stubFetch } from '../test/fetch';
import { safeReturnUrl } from './session';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('login', () => {
  it('sends a visitor without a session to the login page, then back where they were', async () => {
    let signedIn = false;
    const calls: { path: string; method: string; body?: unknown }[] = [];
    stubFetch((path, init) => {
      calls.push({ path, ...init });
      if (path === '/api/auth/me') return signedIn ? json(SIGNED_IN) : json({ status: 401, title: 'Unauthorized' }, 401);
      if (path === '/api/auth/login') {
        const body = init.body as { username: string; password: string };
        if (body.password !== 'right') return json({ status: 401, detail: 'The username or password is wrong.' }, 401);
        signedIn = true;
        return json(SIGNED_IN);
      }
      if (path === '/api/definitions') return json([]);
      if (path.startsWith('/health')) return new Response('', { status: 200 });
      return undefined;
    });
    render(<App initialPath="/designer?x=1" />);
    const username = await screen.findByTestId('login-username');
    fireEvent.change(username, { target: { value: 'analyst' } });
    fireEvent.change(screen.getByTestId('login-password'), { target: { value: 'wrong' } });
    fireEvent.click(screen.getByTestId('login-submit'));
    await waitFor(() => expect(screen.getByTestId('login-error').textContent).toBe('The username or password is wrong.'));

    fireEvent.change(screen.getByTestId('login-password'), { target: { value: 'right' } });
    fireEvent.click(screen.getByTestId('login-submit'));
    await waitFor(() => expect(screen.getByTestId('user-name').textContent).toBe('Ana Lyst'));
    // the flows page is its own chunk (React.lazy): it asks for the definitions once loaded
    await waitFor(() => expect(calls.some((c) => c.path === '/api/definitions')).toBe(true));
  }, 90_000); // two sign-ins and a screen, on a busy machine

  it('returns only to paths of this app', () => {
    expect(safeReturnUrl('/designer/x?y=1')).toBe('/designer/x?y=1');
    expect(safeReturnUrl('//evil.example')).toBe('/');
    expect(safeReturnUrl('https://evil.example')).toBe('/');
    expect(safeReturnUrl('/login?returnUrl=/x')).toBe('/');
    expect(safeReturnUrl(null)).toBe('/');
  });
});
