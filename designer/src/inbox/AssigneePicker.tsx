import { useState } from 'react';
import { Select, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useDebounced } from '../intake/api';
import { useDirectory } from '../designer/properties/DirectoryPicker';

/** Who a task goes to: a person (username) or a team (code), as POST /api/tasks/{id}/reassign and the bulk action take it. */
export type AssigneeChoice = { assignee: string } | { team: string };

/** The picker's value (`user:ann`, `team:T-EAST`) as the reassign body. */
export function choiceOf(value: string | undefined): AssigneeChoice | undefined {
  if (!value) return undefined;
  const [kind, ...rest] = value.split(':');
  const id = rest.join(':');
  return kind === 'team' ? { team: id } : { assignee: id };
}

/** The options shown match what is typed at once (the directory's answer for it follows), so Enter never picks a stale one. */
function matches(input: string, option?: { label?: unknown; value?: unknown }) {
  const text = input.trim().toLowerCase();
  return !text || String(option?.label ?? '').toLowerCase().includes(text) || String(option?.value ?? '').toLowerCase().includes(text);
}

/**
 * Chooses the new assignee of a task by searching the directory (GET /api/directory): people by name or username and
 * teams by code or name, as one list with two groups. Arrow keys and Enter choose; the value is `user:<username>` or
 * `team:<code>` (see {@link choiceOf}).
 */
export function AssigneePicker({ value, onChange, testId, width = 240 }: {
  value?: string; onChange: (value: string | undefined) => void; testId: string; width?: number;
}) {
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  const text = useDebounced(q, 200);
  const users = useDirectory('user', text);
  const teams = useDirectory('team', text);
  const option = (kind: 'user' | 'team') => (e: { id: string; name: string; detail?: string | null }) => ({
    value: `${kind}:${e.id}`,
    label: e.name === e.id ? e.id : `${e.name} (${e.id})`,
    detail: e.detail,
  });
  const people = (users.data ?? []).map(option('user'));
  const groups = (teams.data ?? []).map(option('team'));
  const options = [
    ...(people.length ? [{ label: t('inbox.pick.people'), title: t('inbox.pick.people'), options: people }] : []),
    ...(groups.length ? [{ label: t('inbox.pick.teams'), title: t('inbox.pick.teams'), options: groups }] : []),
  ];
  return (
    <Select showSearch={{ filterOption: matches, onSearch: setQ }} allowClear value={value} style={{ width }} virtual={false}
      aria-label={t('inbox.pick.label')} placeholder={t('inbox.pick.placeholder')} data-testid={testId}
      loading={users.isFetching || teams.isFetching}
      notFoundContent={users.isError || teams.isError ? t('directory.error') : t('directory.none')}
      options={options}
      optionRender={(o) => (
        <span data-testid={`${testId}-option-${String(o.value)}`}>
          {o.label}
          {'detail' in o.data && !!o.data.detail && <Typography.Text type="secondary" className="picker-detail"> · {String(o.data.detail)}</Typography.Text>}
        </span>
      )}
      onChange={(v) => { onChange(v ?? undefined); setQ(''); }} />
  );
}

/** A filter of several people or several teams, found in the directory by name as the user types (the inbox's assignee and team filters). */
export function DirectoryFilter({ kind, value, onChange, label, testId, extra = [] }: {
  kind: 'user' | 'team'; value: string[]; onChange: (value: string[]) => void; label: string; testId: string;
  extra?: { value: string; label: string }[];
}) {
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  const found = useDirectory(kind, useDebounced(q, 200));
  const options = [
    ...extra,
    ...(found.data ?? []).map((e) => ({ value: e.id, label: e.name === e.id ? e.id : `${e.name} (${e.id})` })),
  ];
  for (const v of value) if (!options.some((o) => o.value === v)) options.push({ value: v, label: v });
  return (
    <Select mode="multiple" allowClear showSearch={{ filterOption: matches, onSearch: setQ }} value={value} virtual={false}
      aria-label={label} placeholder={label} style={{ minWidth: 160 }} maxTagCount="responsive" data-testid={testId}
      loading={found.isFetching} notFoundContent={found.isError ? t('directory.error') : t('directory.none')} options={options}
      onChange={(v) => { onChange(v); setQ(''); }} />
  );
}
