import { Alert, Button, Card, Form, Input, Select, Typography } from 'antd';
import { useNavigate, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';
import { LANGUAGES } from '../i18n';
import { safeReturnUrl } from './session';
import { useLogin } from './useSession';

interface Credentials {
  username: string;
  password: string;
}

/** /login?returnUrl=…: username and password; back to where the user was once signed in. */
export function LoginPage() {
  const { t, i18n } = useTranslation();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const login = useLogin();
  const returnUrl = safeReturnUrl(params.get('returnUrl'));

  const submit = (values: Credentials) =>
    login.mutate(values, { onSuccess: () => void navigate(returnUrl, { replace: true }) });

  const error = login.error instanceof ApiError
    ? login.error.status === 429 ? t('login.locked') : login.error.status === 401 ? (login.error.problem.detail?.includes('deactivated') ? t('login.deactivated') : t('login.wrong')) : login.error.message
    : login.error ? t('login.unreachable') : undefined;

  return (
    <main className="login-page">
      <Card className="login-card">
        <Typography.Title level={1} className="login-title">{t('app.name')}</Typography.Title>
        <Typography.Paragraph type="secondary">{t('login.intro')}</Typography.Paragraph>
        {error && <Alert type="error" showIcon role="alert" title={error} data-testid="login-error" style={{ marginBottom: 16 }} />}
        <Form<Credentials> layout="vertical" onFinish={submit} requiredMark={false}>
          <Form.Item label={t('login.username')} name="username" rules={[{ required: true, message: t('login.usernameRequired') }]}>
            <Input autoComplete="username" autoFocus data-testid="login-username" />
          </Form.Item>
          <Form.Item label={t('login.password')} name="password" rules={[{ required: true, message: t('login.passwordRequired') }]}>
            <Input.Password autoComplete="current-password" data-testid="login-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={login.isPending} data-testid="login-submit">{t('login.submit')}</Button>
        </Form>
        <Select
          aria-label={t('nav.language')}
          className="login-language"
          data-testid="login-language"
          value={i18n.language}
          onChange={(lng) => void i18n.changeLanguage(lng)}
          options={LANGUAGES.map((l) => ({ value: l.code, label: l.label }))}
          style={{ width: 140, marginTop: 16 }}
        />
      </Card>
    </main>
  );
}
