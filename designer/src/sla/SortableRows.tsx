import { createContext, useContext, useMemo, type HTMLAttributes, type ReactNode } from 'react';
import { Button } from 'antd';
import { HolderOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import {
  DndContext, KeyboardSensor, PointerSensor, closestCenter, useSensor, useSensors,
  type Announcements, type DragEndEvent, type UniqueIdentifier,
} from '@dnd-kit/core';
import { restrictToVerticalAxis } from '@dnd-kit/modifiers';
import { SortableContext, sortableKeyboardCoordinates, useSortable, verticalListSortingStrategy } from '@dnd-kit/sortable';
import { CSS } from '@dnd-kit/utilities';

/**
 * Rows of an antd Table that can be dragged by a handle (dnd-kit, as antd's "drag sorting with handle" example):
 * `<SortableRows ids onMove>` around the Table, `components={{ body: { row: SortableRow } }}`, `<DragHandle>` in a cell.
 * The handle is a button with a name; a pointer drags it, and Space + arrow keys move it too.
 */
export function SortableRows({ ids, labels, onMove, children }: {
  ids: string[]; labels: Record<string, string>; onMove: (from: number, to: number) => void; children: ReactNode;
}) {
  const { t } = useTranslation();
  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 4 } }),
    useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }),
  );
  const name = (id: UniqueIdentifier | undefined) => (id === undefined ? '' : labels[String(id)] ?? String(id));
  const position = (id: UniqueIdentifier | undefined) => ids.indexOf(String(id)) + 1;
  const announcements: Announcements = {
    onDragStart: ({ active }) => t('sla.drag.picked', { id: name(active.id), at: position(active.id) }),
    onDragOver: ({ active, over }) => (over ? t('sla.drag.over', { id: name(active.id), at: position(over.id) }) : undefined),
    onDragEnd: ({ active, over }) => (over ? t('sla.drag.dropped', { id: name(active.id), at: position(over.id) }) : t('sla.drag.cancelled', { id: name(active.id) })),
    onDragCancel: ({ active }) => t('sla.drag.cancelled', { id: name(active.id) }),
  };
  const onDragEnd = ({ active, over }: DragEndEvent) => {
    if (!over || active.id === over.id) return;
    const from = ids.indexOf(String(active.id));
    const to = ids.indexOf(String(over.id));
    if (from >= 0 && to >= 0) onMove(from, to);
  };
  return (
    <DndContext sensors={sensors} collisionDetection={closestCenter} modifiers={[restrictToVerticalAxis]} onDragEnd={onDragEnd}
      accessibility={{ announcements, screenReaderInstructions: { draggable: t('sla.drag.instructions') } }}>
      <SortableContext items={ids} strategy={verticalListSortingStrategy}>{children}</SortableContext>
    </DndContext>
  );
}

type SortableState = ReturnType<typeof useSortable>;
interface Handle { setActivatorNodeRef?: SortableState['setActivatorNodeRef']; attributes?: SortableState['attributes']; listeners?: SortableState['listeners'] }
const HandleContext = createContext<Handle>({});

/** A table row that moves while dragged; its handle (in any cell) gets the drag listeners. */
export function SortableRow(props: HTMLAttributes<HTMLTableRowElement> & { 'data-row-key'?: string }) {
  const id = props['data-row-key'];
  if (id === undefined) return <tr {...props} />; // antd's empty placeholder row
  return <Sortable id={String(id)} {...props} />;
}

function Sortable({ id, ...props }: HTMLAttributes<HTMLTableRowElement> & { id: string }) {
  const { t } = useTranslation();
  const { attributes, listeners, setNodeRef, setActivatorNodeRef, transform, transition, isDragging } = useSortable({
    id, attributes: { roleDescription: t('sla.drag.role') },
  });
  const handle = useMemo<Handle>(() => ({ setActivatorNodeRef, attributes, listeners }), [setActivatorNodeRef, attributes, listeners]);
  const style = {
    ...props.style,
    transform: CSS.Translate.toString(transform),
    transition,
    ...(isDragging ? { position: 'relative' as const, zIndex: 10, background: '#e6f4ff' } : {}),
  };
  return (
    <HandleContext.Provider value={handle}>
      <tr {...props} ref={setNodeRef} style={style} data-dragging={isDragging || undefined} />
    </HandleContext.Provider>
  );
}

/** The drag handle of the row around it: a button named after what it moves. */
export function DragHandle({ label, testId }: { label: string; testId?: string }) {
  const { setActivatorNodeRef, attributes, listeners } = useContext(HandleContext);
  return (
    <Button type="text" size="small" icon={<HolderOutlined />} aria-label={label} title={label} data-testid={testId}
      style={{ cursor: 'grab', touchAction: 'none' }} ref={setActivatorNodeRef} {...attributes} {...listeners} />
  );
}
