import { useState } from 'react';
import { Select, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client';

export type DirectoryKind = 'user' | 'team' | 'role';

/** The uiHints that pick from the directory (GET /api/directory). */
export const DIRECTORY_HINTS: ReadonlySet<string> = new Set(['user', 'team', 'role']);

export interface DirectoryEntry { kind: string; id: string; name: string; detail?: string | null }

/** Entries of one kind matching the typed text: the server filters (usernames, names, team codes). */
export function useDirectory(kind: DirectoryKind, q: string) {
  return useQuery({
    queryKey: ['directory', kind, q],
    staleTime: 60_000,
    queryFn: async () => unwrap(await api.GET('/api/directory', { params: { query: { kind, q: q || undefined, limit: 20 } } })) as DirectoryEntry[],
  });
}

/**
 * A user, team or role picker for an activity input (a Human task's assignee, team, role): type to search the
 * directory, choose with the arrow keys and Enter. The stored value is the id (username, team code, role); a value
 * the directory does not list (a user since removed) stays shown, marked as unknown.
 */
export function DirectoryPicker({ id, kind, label, value, onChange }: {
  id: string; kind: DirectoryKind; label: string; value?: string; onChange: (v: unknown) => void;
}) {
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  const found = useDirectory(kind, q);
  const entries = found.data ?? [];
  const options = entries.map((e) => ({
    value: e.id,
    label: e.name === e.id ? e.id : `${e.name} (${e.id})`,
    detail: e.detail,
  }));
  if (value && !options.some((o) => o.value === value)) options.unshift({ value, label: value, detail: t('directory.unknown') });
  return (
    <Select id={id} aria-label={label} data-testid={`${id}-picker`} showSearch={{ filterOption: false, onSearch: setQ }} allowClear value={value}
      style={{ width: '100%' }} virtual={false} loading={found.isFetching} placeholder={t(`directory.placeholder.${kind}`)}
      notFoundContent={found.isError ? t('directory.error') : t('directory.none')}
      options={options}
      optionRender={(o) => (
        <span data-testid={`${id}-option-${o.value}`}>
          {o.label}
          {o.data.detail && <Typography.Text type="secondary" className="picker-detail"> · {o.data.detail}</Typography.Text>}
        </span>
      )}
      onChange={(v) => { onChange(v ?? undefined); setQ(''); }} />
  );
}
