import { useId, useRef, useState, type DragEvent } from 'react';
import { App, Button, Modal, Tag, Typography } from 'antd';
import { FilePdfOutlined, PaperClipOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../api/client';
import { useMe } from '../auth/useSession';
import { fieldErrors } from '../intake/api';
import { formatDateTime } from '../intake/format';
import './attachments.css';

/** One attachment of a request (GET /api/requests/{key}/attachments): its own file, or a visit's photo or signature. */
export interface Attachment {
  id: string; kind: 'File' | 'Photo' | 'Signature' | string; name: string; contentType: string; size: number;
  createdAt: string; createdBy: string; createdByName: string; fieldTaskId?: string | null; url: string;
}

export const MAX_MB = 10;
const TYPES = ['image/png', 'image/jpeg', 'image/webp', 'application/pdf'];

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const raw = api as any;

/** 1.2 MB, 340 KB, in the user's number format. */
export function formatSize(bytes: number, language: string): string {
  const kb = bytes / 1024;
  const n = new Intl.NumberFormat(language, { maximumFractionDigits: 1 });
  return kb >= 1024 ? `${n.format(kb / 1024)} MB` : `${n.format(Math.max(kb, 0.1))} KB`;
}

/**
 * A request's attachments (docs/workspace.md): the files attached to it and the photos and signature of its visits, oldest
 * first — images as thumbnails that open large, PDFs as links — and an upload button that also takes dropped files.
 * The server checks each file's bytes and size; the same checks run here first so a wrong file is named at once.
 */
export function Attachments({ requestKey }: { requestKey: string }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const me = useMe();
  const client = useQueryClient();
  const input = useRef<HTMLInputElement>(null);
  const [dragging, setDragging] = useState(false);
  const [error, setError] = useState<string>();
  const [open, setOpen] = useState<Attachment>();
  const hint = useId();
  const key = ['attachments', requestKey];
  const list = useQuery({
    queryKey: key,
    refetchInterval: 15_000,
    queryFn: async () => unwrap(await raw.GET('/api/requests/{key}/attachments', { params: { path: { key: requestKey } } })) as Attachment[],
  });
  const upload = useMutation({
    mutationFn: async (files: File[]) => {
      const form = new FormData();
      for (const f of files) form.append('file', f, f.name);
      return unwrap(await raw.POST('/api/requests/{key}/attachments', {
        params: { path: { key: requestKey } }, body: form, bodySerializer: (b: FormData) => b,
      })) as Attachment[];
    },
    onSuccess: (added) => {
      setError(undefined);
      client.setQueryData<Attachment[]>(key, (old) => [...(old ?? []).filter((a) => !added.some((n) => n.id === a.id)), ...added]);
      void client.invalidateQueries({ queryKey: key });
      void client.invalidateQueries({ queryKey: ['requests'] });
      void message.success(t('attachments.attached', { count: added.length }));
    },
    onError: (e) => setError(fieldErrors(e).flatMap((f) => f.errors)[0] ?? (e as Error).message),
  });
  const lng = i18n.language;
  const send = (files: File[]) => {
    if (files.length === 0 || upload.isPending) return;
    const wrong = files.find((f) => f.type && !TYPES.includes(f.type));
    const large = files.find((f) => f.size > MAX_MB * 1024 * 1024);
    if (wrong) setError(t('attachments.wrongType', { name: wrong.name }));
    else if (large) setError(t('attachments.tooLarge', { name: large.name, size: formatSize(large.size, lng), mb: MAX_MB }));
    else upload.mutate(files);
  };
  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setDragging(false);
    send(Array.from(e.dataTransfer.files));
  };
  const items = list.data ?? [];
  const images = items.filter((a) => a.contentType.startsWith('image/'));
  const documents = items.filter((a) => !a.contentType.startsWith('image/'));
  const caption = (a: Attachment) => t('attachments.by', { who: a.createdByName, when: formatDateTime(a.createdAt, lng, me.data?.timeZone) });
  return (
    <section className={`attachments${dragging ? ' dragging' : ''}`} aria-label={t('attachments.title')} data-testid="attachments"
      onDragOver={(e) => { e.preventDefault(); setDragging(true); }} onDragLeave={() => setDragging(false)} onDrop={onDrop}>
      <Typography.Title level={3} className="intake-subtitle">{t('attachments.title')}</Typography.Title>
      {items.length === 0 && <p className="muted">{list.isLoading ? '…' : t('attachments.none')}</p>}
      {images.length > 0 && (
        <ul className="attachment-thumbs" data-testid="attachment-images">
          {images.map((a) => (
            <li key={a.id} data-testid="attachment" data-kind={a.kind}>
              <button type="button" className="attachment-thumb" onClick={() => setOpen(a)} aria-label={t('attachments.open', { name: a.name })}>
                <img src={a.url} alt="" loading="lazy" />
              </button>
              <div className="attachment-name" title={a.name}>{a.name}</div>
              <div className="muted attachment-meta">
                {a.kind !== 'File' && <Tag>{t(`attachments.kinds.${a.kind}`, a.kind)}</Tag>}
                {formatSize(a.size, lng)} · {caption(a)}
              </div>
            </li>
          ))}
        </ul>
      )}
      {documents.length > 0 && (
        <ul className="plain-list attachment-files" data-testid="attachment-files">
          {documents.map((a) => (
            <li key={a.id} data-testid="attachment" data-kind={a.kind}>
              <a href={a.url} target="_blank" rel="noopener noreferrer"><FilePdfOutlined aria-hidden /> {a.name}</a>{' '}
              <span className="muted">{formatSize(a.size, lng)} · {caption(a)}</span>
            </li>
          ))}
        </ul>
      )}
      <input ref={input} type="file" multiple hidden accept={TYPES.join(',')} data-testid="attachment-input"
        onChange={(e) => { send(Array.from(e.target.files ?? [])); e.target.value = ''; }} />
      <div className="attachment-upload">
        <Button icon={<PaperClipOutlined />} onClick={() => input.current?.click()} loading={upload.isPending} data-testid="attachment-upload"
          aria-describedby={hint}>
          {t('attachments.attach')}
        </Button>
        <span id={hint} className="muted">{dragging ? t('attachments.dropHere') : t('attachments.hint', { mb: MAX_MB })}</span>
      </div>
      {error && <div className="ant-form-item-explain-error" role="alert" data-testid="attachment-error">{error}</div>}
      <Modal open={!!open} onCancel={() => setOpen(undefined)} title={open?.name} footer={null} width="min(960px, 95vw)" destroyOnHidden
        closable={{ 'aria-label': t('attachments.close') }}>
        {open && (
          <figure className="attachment-large">
            <img src={open.url} alt={open.name} data-testid="attachment-large" />
            <figcaption className="muted">
              {caption(open)} · <a href={open.url} target="_blank" rel="noopener noreferrer">{t('attachments.newTab')}</a>
              {' · '}<a href={`${open.url}?download=true`} download={open.name}>{t('attachments.download')}</a>
            </figcaption>
          </figure>
        )}
      </Modal>
    </section>
  );
}
