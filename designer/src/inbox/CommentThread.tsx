import { useRef, useState } from 'react';
import { App, Button, Input, Tag, Typography } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../api/client';
import { useMe } from '../auth/useSession';
import { fieldErrors } from '../intake/api';
import { formatDateTime } from '../intake/format';

export interface Comment {
  id: string; taskId?: string | null; taskTitle?: string | null; requestId?: string | null;
  author: string; authorName: string; text: string; createdAt: string; isNew?: boolean;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const raw = api as any;

/**
 * A request's comment thread (docs/inbox.md): what was written on its tasks and on its page, oldest first, with the
 * author and the time in the user's language and time zone; a new comment (Ctrl+Enter sends) goes on the task when
 * one is open, else on the request. It refreshes every 10 s, so a teammate's comment shows without a reload.
 * Comments others wrote since this user last read the thread are marked "New" (the server keeps where each user read up
 * to and moves it on each read); the marks stay while the thread is on screen, though the next refresh reads them as read.
 */
export function CommentThread({ requestKey, taskId }: { requestKey?: string; taskId?: string }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const me = useMe();
  const client = useQueryClient();
  const [text, setText] = useState('');
  const [error, setError] = useState<string>();
  const mounted = useRef(Date.now());
  const fresh = useRef(new Set<string>());
  const key = ['comments', requestKey ?? '', taskId ?? ''];
  const thread = useQuery({
    queryKey: key,
    refetchInterval: 10_000,
    queryFn: async () => (requestKey
      ? unwrap(await raw.GET('/api/requests/{key}/comments', { params: { path: { key: requestKey } } }))
      : unwrap(await raw.GET('/api/tasks/{id}/comments', { params: { path: { id: taskId } } }))) as Comment[],
  });
  const send = useMutation({
    mutationFn: async (body: string) => (taskId
      ? unwrap(await raw.POST('/api/tasks/{id}/comment', { params: { path: { id: taskId } }, body: { text: body } }))
      : unwrap(await raw.POST('/api/requests/{key}/comments', { params: { path: { key: requestKey } }, body: { text: body } }))) as Comment,
    onSuccess: (comment) => {
      setText('');
      setError(undefined);
      client.setQueryData<Comment[]>(key, (old) => [...(old ?? []).filter((c) => c.id !== comment.id), comment]);
      void client.invalidateQueries({ queryKey: ['comments'] });
      void message.success(t('inbox.thread.sent'));
    },
    // what was typed stays in the box; the server's sentence shows under it
    onError: (e) => setError(fieldErrors(e).flatMap((f) => f.errors)[0] ?? (e as Error).message),
  });
  const submit = () => { if (text.trim() && !send.isPending) send.mutate(text.trim()); };
  const lng = i18n.language;
  const zone = me.data?.timeZone;
  const comments = thread.data ?? [];
  // only answers fetched while this thread is on screen (a cached one from an earlier visit says what was new then)
  if (thread.dataUpdatedAt >= mounted.current) comments.forEach((c) => { if (c.isNew) fresh.current.add(c.id); });
  const isNew = (c: Comment) => fresh.current.has(c.id) && c.author !== me.data?.username;
  const newCount = comments.filter(isNew).length;
  return (
    <section className="comment-thread" aria-label={t('inbox.thread.title')} data-testid="comment-thread">
      <Typography.Title level={3} className="intake-subtitle">
        {t('inbox.thread.title')}
        {newCount > 0 && <span className="comment-new-count" data-testid="comment-new-count">{t('inbox.thread.newCount', { count: newCount })}</span>}
      </Typography.Title>
      {comments.length === 0
        ? <p className="muted">{thread.isLoading ? '…' : t('inbox.thread.none')}</p>
        : (
          <ol className="plain-list comments" data-testid="comments">
            {comments.map((c) => (
              <li key={c.id} className={isNew(c) ? 'comment comment-is-new' : 'comment'} data-testid="comment">
                <div className="comment-head">
                  {isNew(c) && <Tag color="blue" className="comment-new" data-testid="comment-new" title={t('inbox.thread.isNewHint')}>{t('inbox.thread.isNew')}</Tag>}
                  <strong title={c.author}>{c.authorName}</strong>{' '}
                  <time dateTime={c.createdAt} className="muted">{formatDateTime(c.createdAt, lng, zone)}</time>
                  {c.taskTitle && c.taskId !== taskId && <span className="muted"> · {t('inbox.thread.onTask', { task: c.taskTitle })}</span>}
                </div>
                <div className="comment-text">{c.text}</div>
              </li>
            ))}
          </ol>
        )}
      <Input.TextArea value={text} onChange={(e) => { setText(e.target.value); setError(undefined); }} autoSize={{ minRows: 2, maxRows: 8 }}
          maxLength={4000} aria-label={t('inbox.thread.label')} placeholder={t('inbox.thread.placeholder')} data-testid="comment-text"
          status={error ? 'error' : undefined} aria-invalid={!!error} aria-keyshortcuts="Control+Enter"
          onKeyDown={(e) => { if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) { e.preventDefault(); submit(); } }} />
      {error && <div className="ant-form-item-explain-error" role="alert" data-testid="comment-error">{error}</div>}
      <Button onClick={submit} disabled={!text.trim()} loading={send.isPending} data-testid="comment-send" className="comment-send">
        {t('inbox.thread.send')}
      </Button>
    </section>
  );
}
