import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, render, screen } from '@testing-library/react';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { createMemoryRouter, RouterProvider } from 'react-router';
import '../i18n';
import { RequireSession } from './RequireSession';
import { json, stubFetch } from '../test/fetch';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  delete window.__inboxPrefetch;
});

function renderAt(path: string) {
  const router = createMemoryRouter([
    { path: '/login', element: <p>sign in here</p> },
    { element: <RequireSession />, children: [{ path: '/inbox', element: <p>the inbox</p> }] },
  ], { initialEntries: [path] });
  render(<QueryClientProvider client={new QueryClient()}><RouterProvider router={router} /></QueryClientProvider>);
}

const earlyList = () => {
  window.__inboxPrefetch = { query: 'view=mine&page=1&pageSize=100', sent: Date.now(), response: Promise.resolve(json([])) };
};

describe('the session guard', () => {
  it('renders /inbox with its early list before the session check answers', async () => {
    earlyList();
    stubFetch((path) => (path === '/api/auth/me' ? new Promise<Response>(() => {}) : undefined)); // never answers
    renderAt('/inbox');
    expect(await screen.findByText('the inbox')).toBeTruthy();
  });

  it('waits for the session check without an early list', async () => {
    stubFetch((path) => (path === '/api/auth/me' ? new Promise<Response>(() => {}) : undefined));
    renderAt('/inbox');
    expect(await screen.findByLabelText(/checking|session/i)).toBeTruthy();
    expect(screen.queryByText('the inbox')).toBeNull();
  });

  it('still sends a signed-out user to sign in when the early list was there', async () => {
    earlyList();
    stubFetch((path) => (path === '/api/auth/me' ? json({ status: 401 }, 401) : undefined));
    renderAt('/inbox');
    expect(await screen.findByText('sign in here')).toBeTruthy();
  });
});
