import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import 'antd/dist/antd.css';
import '@xyflow/react/dist/style.css';
import { App, newQueryClient } from './App';
import { primeSession } from './auth/useSession';
import { primeInboxList } from './inbox/inboxApi';
import './styles.css';
import { isWarmUpFrame, warmUpScripts } from './warmUp';

performance.mark('app:start');

// What index.html asked for while the scripts loaded goes into the queries before the first render: who is signed in
// (waited for, up to a second and a half: until then the page could only show the session check's spinner) and, on
// /inbox, its rows when they are there already. The first frame is then the page with its rows (docs/benchmarks.md).
const client = newQueryClient();
if (!isWarmUpFrame()) void (async () => {
  await primeSession(client, 1500);
  if (location.pathname === '/inbox') await primeInboxList(client, location.search);
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <App client={client} />
    </StrictMode>,
  );
  warmUpScripts();
})();
