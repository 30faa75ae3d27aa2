import { useEffect, useState } from 'react';
import { fetchInfo, fetchReadiness, type ProductInfo, type Readiness } from './api';
import { readinessLabel } from './readiness';

const POLL_MS = 5000;

export function App() {
  const [info, setInfo] = useState<ProductInfo | null>(null);
  const [readiness, setReadiness] = useState<Readiness | 'checking'>('checking');

  useEffect(() => {
    const abort = new AbortController();
    fetchInfo(abort.signal).then(setInfo).catch(() => setInfo(null));
    let timer: number | undefined;
    const poll = async () => {
      setReadiness(await fetchReadiness(abort.signal));
      timer = window.setTimeout(poll, POLL_MS);
    };
    void poll();
    return () => {
      abort.abort();
      window.clearTimeout(timer);
    };
  }, []);

  return (
    <main className="home">
      <h1>Orchestrator</h1>
      <p className="tagline">After-sales service requests, run as versioned workflows.</p>
      <dl>
        <dt>Version</dt>
        <dd data-testid="version">{info?.version ?? '…'}</dd>
        <dt>Database</dt>
        <dd data-testid="provider">{info?.databaseProvider ?? '…'}</dd>
        <dt>Status</dt>
        <dd data-testid="readiness" className={`readiness ${readiness}`} role="status" aria-live="polite">
          {readinessLabel(readiness)}
        </dd>
      </dl>
      <p>
        <a href="/api/docs">API reference</a>
      </p>
    </main>
  );
}
