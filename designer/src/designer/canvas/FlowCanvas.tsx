import { useCallback, useMemo, useRef, useState, type DragEvent, type ReactNode } from 'react';
import {
  Background, Controls, MiniMap, ReactFlow,
  type Connection as FlowConnection, type EdgeChange, type NodeChange, type ReactFlowInstance,
} from '@xyflow/react';
import { useTranslation } from 'react-i18next';
import type { ActivityDescriptor, Connection, WorkflowDefinition } from '../../api/types';
import { toFlowEdges, toFlowNodes } from '../model/elements';
import { needsLayout, tidy } from '../model/layout';
import type { DiffColouring } from '../model/diff';
import type { PathOverlay } from '../model/overlay';
import { ActivityNodeView, type ActivityFlowNode } from './ActivityNodeView';

const nodeTypes = { activity: ActivityNodeView };

import type { Selection } from '../model/editor';

export type { Selection };

export const emptySelection: Selection = { nodes: [], edges: [] };

export interface CanvasEditing {
  onMove: (positions: Record<string, { x: number; y: number }>, dragging: boolean) => void;
  onDragStart: () => void;
  onDragStop: () => void;
  onConnect: (c: Connection) => void;
  onDelete: (nodes: string[], edges: string[]) => void;
  /** An activity dragged from the palette; dropped on a connection, it goes between its two ends. */
  onDropActivity: (type: string, position: { x: number; y: number }, onEdge?: string) => void;
}

export interface FlowCanvasProps {
  definition: WorkflowDefinition;
  descriptors: Map<string, ActivityDescriptor>;
  selection?: Selection;
  onSelectionChange?: (s: Selection) => void;
  editing?: CanvasEditing;
  errorsByActivity?: Map<string, string[]>;
  errorEdges?: Map<string, string[]>;
  diff?: DiffColouring;
  path?: PathOverlay;
  onInit?: (flow: ReactFlowInstance<ActivityFlowNode>) => void;
  label: string;
  children?: ReactNode;
  testId?: string;
  /** Without the minimap (small side-by-side panes). */
  compact?: boolean;
}

/** The canvas: one component for editing, diffs and instance overlays (read-only when `editing` is absent). */
export function FlowCanvas(props: FlowCanvasProps) {
  const { descriptors, selection = emptySelection, editing, errorsByActivity, errorEdges, diff, path } = props;
  const { t } = useTranslation();
  // a flow written without positions (through the API) is laid out for display
  const definition = useMemo(() => (needsLayout(props.definition) ? tidy(props.definition, descriptors) : props.definition), [props.definition, descriptors]);
  const measured = useRef(new Map<string, { width?: number; height?: number }>());
  const [measureTick, setMeasureTick] = useState(0);
  const flow = useRef<ReactFlowInstance<ActivityFlowNode> | null>(null);

  const nodes = useMemo(() => toFlowNodes(definition, descriptors, {
    selectedNodes: selection.nodes, errorsByActivity, diff, path, readOnly: !editing, measured: measured.current,
  }), [definition, descriptors, selection.nodes, errorsByActivity, diff, path, editing, measureTick]);

  const edges = useMemo(() => toFlowEdges(definition, { selectedEdges: selection.edges, errorEdges, diff, path },
    (c) => t('canvas.edge', { source: c.source, outcome: c.outcome, target: c.target })), [definition, selection.edges, errorEdges, diff, path, t]);

  const onNodesChange = useCallback((changes: NodeChange<ActivityFlowNode>[]) => {
    let remeasured = false;
    const positions: Record<string, { x: number; y: number }> = {};
    let dragging = false;
    let selectionChanged = false;
    const selected = new Set(selection.nodes);
    for (const ch of changes) {
      if (ch.type === 'dimensions' && ch.dimensions) {
        measured.current.set(ch.id, { width: ch.dimensions.width, height: ch.dimensions.height });
        remeasured = true;
      } else if (ch.type === 'position' && ch.position && editing) {
        positions[ch.id] = { x: Math.round(ch.position.x), y: Math.round(ch.position.y) };
        dragging ||= ch.dragging ?? false;
      } else if (ch.type === 'select') {
        if (ch.selected) selected.add(ch.id);
        else selected.delete(ch.id);
        selectionChanged = true;
      }
    }
    if (remeasured) setMeasureTick((n) => n + 1);
    if (Object.keys(positions).length > 0) editing?.onMove(positions, dragging);
    if (selectionChanged) props.onSelectionChange?.({ nodes: [...selected], edges: selection.edges });
  }, [selection, editing, props]);

  const onEdgesChange = useCallback((changes: EdgeChange[]) => {
    const selected = new Set(selection.edges);
    let selectionChanged = false;
    for (const ch of changes) {
      if (ch.type === 'select') {
        if (ch.selected) selected.add(ch.id);
        else selected.delete(ch.id);
        selectionChanged = true;
      }
    }
    if (selectionChanged) props.onSelectionChange?.({ nodes: selection.nodes, edges: [...selected] });
  }, [selection, props]);

  const onConnect = useCallback((c: FlowConnection) => {
    if (c.sourceHandle && c.source !== c.target) editing?.onConnect({ source: c.source, outcome: c.sourceHandle, target: c.target });
  }, [editing]);

  const onDrop = useCallback((event: DragEvent) => {
    event.preventDefault();
    const type = event.dataTransfer.getData('application/x-orchestrator-activity');
    if (!type || !flow.current || !editing) return;
    const position = flow.current.screenToFlowPosition({ x: event.clientX, y: event.clientY });
    const edge = document.elementsFromPoint(event.clientX, event.clientY)
      .map((e) => e.closest('.react-flow__edge')?.getAttribute('data-id')).find((id) => !!id) ?? undefined;
    editing.onDropActivity(type, { x: Math.round(position.x - 90), y: Math.round(position.y - 30) }, edge);
  }, [editing]);

  return (
    <div className="flow-canvas" data-testid={props.testId ?? 'canvas'} aria-label={props.label} role="region">
      <ReactFlow<ActivityFlowNode>
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange}
        onConnect={onConnect}
        onNodeDragStart={() => editing?.onDragStart()}
        onNodeDragStop={() => editing?.onDragStop()}
        onDelete={({ nodes: n, edges: e }) => editing?.onDelete(n.map((x) => x.id), e.map((x) => x.id))}
        onDrop={onDrop}
        onDragOver={(e) => { e.preventDefault(); e.dataTransfer.dropEffect = 'move'; }}
        onInit={(instance) => { flow.current = instance; props.onInit?.(instance); }}
        nodesDraggable={!!editing}
        nodesConnectable={!!editing}
        elementsSelectable
        deleteKeyCode={editing ? ['Delete', 'Backspace'] : null}
        multiSelectionKeyCode={['Shift', 'Meta', 'Control']}
        selectionKeyCode="Shift"
        fitView
        fitViewOptions={{ padding: 0.2, maxZoom: 1.2 }}
        minZoom={0.2}
        maxZoom={2}
        snapToGrid
        snapGrid={[10, 10]}
        proOptions={{ hideAttribution: true }}
        ariaLabelConfig={{
          'node.a11yDescription.default': t('canvas.a11yNode'),
          'node.a11yDescription.keyboardDisabled': t('canvas.a11yNodeReadOnly'),
          'node.a11yDescription.ariaLiveMessage': ({ direction, x, y }) => t('canvas.moved', { direction, x, y }),
          'edge.a11yDescription.default': t('canvas.a11yEdge'),
          'controls.ariaLabel': t('canvas.controls'),
          'controls.zoomIn.ariaLabel': t('canvas.zoomIn'),
          'controls.zoomOut.ariaLabel': t('canvas.zoomOut'),
          'controls.fitView.ariaLabel': t('canvas.fitView'),
          'controls.interactive.ariaLabel': t('canvas.interactive'),
          'minimap.ariaLabel': t('canvas.minimap'),
          'handle.ariaLabel': t('canvas.handle'),
        }}
      >
        <Background gap={20} />
        <Controls showInteractive={false} />
        {!props.compact && <MiniMap pannable zoomable nodeClassName={(n) => {
          const d = (n as ActivityFlowNode).data;
          return d?.step ? `mini-step-${d.step.state}` : d?.change ? `mini-diff-${d.change}` : d?.errors?.length ? 'mini-error' : '';
        }} />}
        {props.children}
      </ReactFlow>
    </div>
  );
}
