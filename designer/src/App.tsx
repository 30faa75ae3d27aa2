import { useState } from 'react';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { App as AntApp, ConfigProvider } from 'antd';
import { I18nextProvider, useTranslation } from 'react-i18next';
import { createBrowserRouter, createMemoryRouter, RouterProvider } from 'react-router';
import i18n, { antdLocale } from './i18n';
import { routes } from './routes';

export function newQueryClient() {
  return new QueryClient({ defaultOptions: { queries: { retry: 1, refetchOnWindowFocus: false } } });
}

/** antd's tokens, with text and link colours dark enough for WCAG AA contrast (axe checks it). */
const THEME = {
  colorPrimary: '#1d5fbf', colorInfo: '#1d5fbf', colorLink: '#1d5fbf', colorError: '#b42318', colorSuccess: '#1a7f37', borderRadius: 6,
  colorTextDescription: 'rgba(0,0,0,0.65)', colorTextTertiary: 'rgba(0,0,0,0.62)', colorTextPlaceholder: 'rgba(0,0,0,0.6)',
  colorTextQuaternary: 'rgba(0,0,0,0.6)',
  // light backgrounds for alerts: antd derives murky ones from the darker status colours above
  colorSuccessBg: '#effaf1', colorSuccessBorder: '#9fd6ad', colorErrorBg: '#fff1f0', colorErrorBorder: '#f1b8b4',
  colorInfoBg: '#eef4fc', colorInfoBorder: '#a9c4ea',
};

function Localised({ children }: { children: React.ReactNode }) {
  const { i18n: current } = useTranslation();
  return (
    <ConfigProvider
      locale={antdLocale(current.language)}
      theme={{ token: THEME, zeroRuntime: true }}
    >
      <AntApp>{children}</AntApp>
    </ConfigProvider>
  );
}

/** The one web app: providers (i18n, antd locale, server state) around the router; `client` when main.tsx filled it already. */
export function App({ initialPath, client: given }: { initialPath?: string; client?: QueryClient }) {
  const [client] = useState(() => given ?? newQueryClient());
  const [router] = useState(() => (initialPath ? createMemoryRouter(routes, { initialEntries: [initialPath] }) : createBrowserRouter(routes)));
  return (
    <I18nextProvider i18n={i18n}>
      <QueryClientProvider client={client}>
        <Localised>
          <RouterProvider router={router} />
        </Localised>
      </QueryClientProvider>
    </I18nextProvider>
  );
}
