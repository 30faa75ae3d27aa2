import { Button, Space, Typography } from 'antd';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useLogout, useMe } from './useSession';

/** Who is signed in, and the way out. */
export function UserMenu() {
  const { t } = useTranslation();
  const me = useMe();
  const logout = useLogout();
  const navigate = useNavigate();
  if (!me.data) return null;
  return (
    <Space size="small">
      <Typography.Text className="user-name" data-testid="user-name" title={me.data.roles.join(', ')}>{me.data.displayName}</Typography.Text>
      <Button size="small" data-testid="logout" loading={logout.isPending}
        onClick={() => logout.mutate(undefined, { onSettled: () => void navigate('/login', { replace: true }) })}>
        {t('login.logout')}
      </Button>
    </Space>
  );
}
