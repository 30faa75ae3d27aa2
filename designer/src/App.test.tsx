import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, render, screen, waitFor } from '@testing-library/react';
import { App } from './App';
import i18n from './i18n';
import { json, stubFetch } from './test/fetch';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

function server(ready: number | 'down') {
  stubFetch((path) => {
    if (path === '/api/info') return json({ product: 'Orchestrator', version: '1.2.3', environment: 'Test', databaseProvider: 'Sqlite' });
    if (path.startsWith('/health/ready')) {
      if (ready === 'down') throw new TypeError('network down');
      return new Response('', { status: ready });
    }
    return undefined;
  });
}

describe('home page', () => {
  it('shows the version and Ready when /health/ready answers 200', async () => {
    server(200);
    render(<App initialPath="/" />);
    await waitFor(() => expect(screen.getByTestId('version').textContent).toBe('1.2.3'));
    await waitFor(() => expect(screen.getByTestId('readiness').textContent).toBe('Ready'));
    expect(screen.getByRole('link', { name: 'Flows' })).toBeTruthy();
  });

  it('says the database does not answer when /health/ready answers 503', async () => {
    server(503);
    render(<App initialPath="/" />);
    await waitFor(() => expect(screen.getByTestId('readiness').textContent).toMatch(/database/));
  });

  it('says the server is unreachable when the request fails', async () => {
    server('down');
    render(<App initialPath="/" />);
    await waitFor(() => expect(screen.getByTestId('readiness').textContent).toBe('Server unreachable'));
  });

  it('speaks Chinese after the language switch', async () => {
    server(200);
    render(<App initialPath="/" />);
    await i18n.changeLanguage('zh-CN');
    await waitFor(() => expect(screen.getByRole('link', { name: '流程' })).toBeTruthy());
    await waitFor(() => expect(screen.getByTestId('readiness').textContent).toBe('就绪'));
    await i18n.changeLanguage('en');
  });
});
