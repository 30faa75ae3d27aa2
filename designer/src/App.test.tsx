import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, render, screen, waitFor } from '@testing-library/react';
import { App } from './App';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

function stubFetch(ready: number | 'down') {
  vi.stubGlobal('fetch', vi.fn(async (url: string) => {
    if (url === '/api/info')
      return new Response(JSON.stringify({ product: 'Orchestrator', version: '1.2.3', environment: 'Test', databaseProvider: 'Sqlite' }));
    if (ready === 'down') throw new TypeError('network down');
    return new Response('', { status: ready });
  }));
}

describe('home page', () => {
  it('shows the version and Ready when /health/ready answers 200', async () => {
    stubFetch(200);
    render(<App />);
    await waitFor(() => expect(screen.getByTestId('version').textContent).toBe('1.2.3'));
    await waitFor(() => expect(screen.getByTestId('readiness').textContent).toBe('Ready'));
  });

  it('says the database does not answer when /health/ready answers 503', async () => {
    stubFetch(503);
    render(<App />);
    await waitFor(() => expect(screen.getByTestId('readiness').textContent).toMatch(/database/));
  });

  it('says the server is unreachable when the request fails', async () => {
    stubFetch('down');
    render(<App />);
    await waitFor(() => expect(screen.getByTestId('readiness').textContent).toBe('Server unreachable'));
  });
});
