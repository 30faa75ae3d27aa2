import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import 'antd/dist/antd.css';
import '@xyflow/react/dist/style.css';
import { App } from './App';
import './styles.css';

performance.mark('app:start');

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
