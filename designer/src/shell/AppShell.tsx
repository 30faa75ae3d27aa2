import { Suspense } from 'react';
import { Layout, Menu, Select, Space, Spin } from 'antd';
import { Link, Outlet, useLocation } from 'react-router';
import { useTranslation } from 'react-i18next';
import { LANGUAGES } from '../i18n';
import { navigation } from './navigation';
import { ReadinessBadge } from './ReadinessBadge';
import { UserMenu } from '../auth/UserMenu';
import { useAfterFirstFrame } from './afterFirstFrame';
import { Slot } from './Slot';

/** The frame of every screen: product name, top navigation, language switch; the page below. */
export function AppShell() {
  const { t, i18n } = useTranslation();
  const location = useLocation();
  const switchable = useAfterFirstFrame(); // the language switch mounts after the first frame (a Select: see afterFirstFrame.ts)
  const active = navigation.filter((n) => location.pathname.startsWith(n.path)).map((n) => n.key);
  return (
    <Layout className="app-shell">
      <Layout.Header className="app-header">
        <Link to="/" className="brand">{t('app.name')}</Link>
        <nav aria-label={t('nav.main')} className="main-nav">
          <Menu
            mode="horizontal"
            theme="dark"
            selectedKeys={active}
            items={navigation.map((n) => ({ key: n.key, label: <Link to={n.path}>{t(n.label)}</Link> }))}
            disabledOverflow
          />
        </nav>
        <Space className="header-tools" size="middle">
          <ReadinessBadge />
          {switchable ? (
            <Select
              aria-label={t('nav.language')}
              data-testid="language"
              value={i18n.language}
              onChange={(lng) => void i18n.changeLanguage(lng)}
              options={LANGUAGES.map((l) => ({ value: l.code, label: l.label }))}
              popupMatchSelectWidth={false}
              style={{ width: 120 }}
            />
          ) : <Slot label={LANGUAGES.find((l) => l.code === i18n.language)?.label ?? ''} width={120} />}
          <UserMenu />
        </Space>
      </Layout.Header>
      <Layout.Content className="app-content">
        <Suspense fallback={<Spin className="page-loading" />}><Outlet /></Suspense>
      </Layout.Content>
    </Layout>
  );
}
