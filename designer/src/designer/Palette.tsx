import { tx } from '../i18n';
import { useMemo, useState } from 'react';
import { Empty, Input, Tooltip, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ActivityDescriptor } from '../api/types';

/** Categories an analyst reaches for first come first; others follow by name. */
const CATEGORY_ORDER = ['Flow', 'People', 'Data', 'Time', 'Events', 'Messaging', 'Integration'];

/**
 * The activities an analyst can add, built only from GET /api/activity-descriptors: grouped by
 * category, searchable by name, type and description. Drag one onto the canvas, or press Enter on it
 * to add it after the selected activity.
 */
export function Palette({ descriptors, onAdd }: { descriptors: ActivityDescriptor[]; onAdd: (type: string) => void }) {
  const { t } = useTranslation();
  const [query, setQuery] = useState('');
  const groups = useMemo(() => {
    const q = query.trim().toLowerCase();
    const matching = descriptors.filter((d) => {
      if (!q) return true;
      const name = tx(`activity.${d.type}`, d.displayName);
      return [d.type, d.displayName, name, d.description, d.category].some((s) => s.toLowerCase().includes(q));
    });
    const byCategory = new Map<string, ActivityDescriptor[]>();
    for (const d of matching) byCategory.set(d.category, [...(byCategory.get(d.category) ?? []), d]);
    const rank = (c: string) => (CATEGORY_ORDER.indexOf(c) + 1 || 99);
    return [...byCategory.entries()].sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b));
  }, [descriptors, query, t]);

  return (
    <aside className="palette" aria-label={t('palette.title')}>
      <Typography.Title level={2} className="panel-title">{t('palette.title')}</Typography.Title>
      <Input.Search allowClear placeholder={t('palette.search')} aria-label={t('palette.search')} value={query}
        onChange={(e) => setQuery(e.target.value)} data-testid="palette-search" />
      <div className="palette-groups">
        {groups.length === 0 && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('palette.none')} />}
        {groups.map(([category, items]) => (
          <section key={category} className="palette-group" aria-label={tx(`category.${category}`, category)}>
            <Typography.Title level={3} className="palette-category">{tx(`category.${category}`, category)}</Typography.Title>
            <ul>
              {items.map((d) => {
                const name = tx(`activity.${d.type}`, d.displayName);
                const description = tx(`activityDescription.${d.type}`, d.description);
                return (
                  <li key={d.type}>
                    <Tooltip title={description} placement="right" mouseEnterDelay={0.6}>
                      <div
                        className={`palette-item kind-${(d.kind ?? 'Action').toLowerCase()}`}
                        role="button"
                        tabIndex={0}
                        draggable
                        data-testid={`palette-${d.type}`}
                        title={t('palette.add', { name })}
                        onDragStart={(e) => {
                          e.dataTransfer.setData('application/x-orchestrator-activity', d.type);
                          e.dataTransfer.effectAllowed = 'move';
                        }}
                        onDoubleClick={() => onAdd(d.type)}
                        onKeyDown={(e) => {
                          if (e.key === 'Enter' || e.key === ' ') {
                            e.preventDefault();
                            onAdd(d.type);
                          }
                        }}
                      >
                        <span className="palette-name">{name}</span>
                        <span className="palette-description">{description}</span>
                      </div>
                    </Tooltip>
                  </li>
                );
              })}
            </ul>
          </section>
        ))}
      </div>
    </aside>
  );
}
