import { useCallback, useEffect, useMemo, useReducer, useRef, useState } from 'react';
import { Alert, App, Button, Input, Modal, Result, Space, Spin, Tag, Tooltip, Typography } from 'antd';
import {
  CopyOutlined, DeleteOutlined, ExperimentOutlined, ExpandOutlined, HistoryOutlined, PartitionOutlined, RedoOutlined,
  SafetyCertificateOutlined, SaveOutlined, SendOutlined, SnippetsOutlined, UndoOutlined,
} from '@ant-design/icons';
import { ReactFlowProvider, type ReactFlowInstance } from '@xyflow/react';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api, ApiError, unwrap } from '../api/client';
import { keys, useDescriptors, useFlow, useInstanceTrace } from '../api/queries';
import type { DefinitionDocument, ValidationError, WorkflowDefinition } from '../api/types';
import { FlowCanvas } from './canvas/FlowCanvas';
import type { ActivityFlowNode } from './canvas/ActivityNodeView';
import { CLIPBOARD_KEY, copy, paste, parseFragment } from './model/clipboard';
import { editorReducer, initialEditor, isDirty, type Selection } from './model/editor';
import { connect, descriptorMap, edgeId, insertOnConnection, newActivity, newActivityId, outcomePorts, removeElements } from './model/graph';
import { canRedo, canUndo } from './model/history';
import { needsLayout, tidy } from './model/layout';
import { pathOverlay } from './model/overlay';
import { Palette } from './Palette';
import { ProblemsPanel, problemsOnCanvas } from './ProblemsPanel';
import { PropertiesPanel } from './properties/PropertiesPanel';
import { TestRunModal } from './TestRunModal';
import { VersionsDrawer } from './VersionsDrawer';
import { DiffModal } from './DiffModal';
import { RunBanner } from './RunBanner';

/** /designer/:definitionId — the flow editor. */
export function DesignerPage() {
  const { definitionId = '' } = useParams();
  const { t } = useTranslation();
  const flow = useFlow(definitionId);
  const descriptors = useDescriptors();
  if (flow.isError)
    return <main className="page"><Result status="404" title={t('designer.notFound', { id: definitionId })} extra={<Link to="/designer">{t('designer.backToFlows')}</Link>} /></main>;
  if (!flow.data || !descriptors.data) return <main className="page"><Spin /></main>;
  return (
    <ReactFlowProvider>
      <Editor key={definitionId} document={flow.data} descriptorList={descriptors.data} />
    </ReactFlowProvider>
  );
}

function revisionOf(doc: DefinitionDocument): number | null {
  return doc.status === 'Draft' ? Number(doc.revision) : null;
}

function Editor({ document: initial, descriptorList }: { document: DefinitionDocument; descriptorList: Parameters<typeof descriptorMap>[0] & object }) {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const queryClient = useQueryClient();
  const descriptors = useMemo(() => descriptorMap(descriptorList), [descriptorList]);
  const [doc, setDoc] = useState(initial);
  const [state, dispatch] = useReducer(editorReducer, undefined, () =>
    initialEditor(needsLayout(initial.definition) ? tidy(initial.definition, descriptors) : initial.definition, revisionOf(initial)));
  const definition = state.history.present;
  const dirty = isDirty(state);
  const flowRef = useRef<ReactFlowInstance<ActivityFlowNode> | null>(null);
  const [problems, setProblems] = useState<{ errors: ValidationError[]; edges: string[]; of: WorkflowDefinition } | null>(null);
  const [conflict, setConflict] = useState<{ message: string; revision?: number } | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [publishing, setPublishing] = useState(false);
  const [comment, setComment] = useState('');
  const [testing, setTesting] = useState(false);
  const [runId, setRunId] = useState<string>();
  const [runRequest, setRunRequest] = useState<string | null>();
  const [versionsOpen, setVersionsOpen] = useState(false);
  const [comparing, setComparing] = useState<{ from: number; to: number }>();
  const id = doc.definitionId;

  const edit = useCallback((next: WorkflowDefinition, key?: string, select?: Selection) => dispatch({ type: 'edit', definition: next, key, select }), []);
  const select = useCallback((selection: Selection) => dispatch({ type: 'select', selection }), []);

  const load = useCallback((next: DefinitionDocument) => {
    setDoc(next);
    queryClient.setQueryData(keys.flow(next.definitionId), next);
    dispatch({ type: 'load', definition: needsLayout(next.definition) ? tidy(next.definition, descriptors) : next.definition, revision: revisionOf(next) });
    setConflict(null);
  }, [descriptors, queryClient]);

  // ---- editing
  const addActivity = useCallback((type: string, at?: { x: number; y: number }, onEdge?: string) => {
    const descriptor = descriptors.get(type);
    if (!descriptor) return;
    const activities = definition.activities ?? [];
    const aId = newActivityId(type, activities.map((a) => a.id));
    const after = !at && state.selection.nodes.length === 1 ? activities.find((a) => a.id === state.selection.nodes[0]) : undefined;
    let position = at;
    if (!position && after) position = { x: Number(after.position?.x ?? 0) + 280, y: Number(after.position?.y ?? 0) };
    if (!position) {
      const centre = flowRef.current?.screenToFlowPosition({ x: window.innerWidth / 2, y: window.innerHeight / 2 }) ?? { x: 0, y: 0 };
      position = { x: Math.round(centre.x - 110), y: Math.round(centre.y - 40) };
    }
    const activity = newActivity(descriptor, aId, position);
    const split = onEdge ? (definition.connections ?? []).find((c) => edgeId(c) === onEdge) : undefined;
    const firstOutcome = outcomePorts(activity, descriptor)[0]?.name;
    if (split && firstOutcome) {
      edit(insertOnConnection(definition, split, activity, firstOutcome), undefined, { nodes: [aId], edges: [] });
      return;
    }
    let next: WorkflowDefinition = { ...definition, activities: [...activities, activity] };
    if (split) next = connect(next, { source: split.source, outcome: split.outcome, target: aId });
    if (after) {
      const free = outcomePorts(after, descriptors.get(after.type), definition.connections)
        .find((p) => !(definition.connections ?? []).some((c) => c.source === after.id && c.outcome === p.name));
      if (free) next = connect(next, { source: after.id, outcome: free.name, target: aId });
    }
    edit(next, undefined, { nodes: [aId], edges: [] });
  }, [definition, descriptors, edit, state.selection.nodes]);

  const deleteSelection = useCallback(() => {
    if (state.selection.nodes.length + state.selection.edges.length === 0) return;
    edit(removeElements(definition, state.selection.nodes, state.selection.edges), undefined, { nodes: [], edges: [] });
  }, [definition, edit, state.selection]);

  const copySelection = useCallback(() => {
    if (state.selection.nodes.length === 0) return;
    const fragment = copy(definition, state.selection.nodes);
    localStorage.setItem(CLIPBOARD_KEY, JSON.stringify(fragment));
    void message.info(t('designer.copied', { count: fragment.activities.length }));
  }, [definition, message, state.selection.nodes, t]);

  const pasteClipboard = useCallback(() => {
    const fragment = parseFragment(localStorage.getItem(CLIPBOARD_KEY));
    if (!fragment) return;
    const { definition: next, pasted } = paste(definition, fragment);
    edit(next, undefined, { nodes: pasted, edges: [] });
  }, [definition, edit]);

  const tidyUp = useCallback(() => {
    edit(tidy(definition, descriptors));
    window.setTimeout(() => void flowRef.current?.fitView({ padding: 0.2, duration: 300 }), 50);
  }, [definition, descriptors, edit]);

  // ---- server
  const validate = useCallback(async (of = definition) => {
    setBusy('validate');
    try {
      const report = unwrap(await api.POST('/api/definitions/{definitionId}/validate', { params: { path: { definitionId: id } }, body: of as never }));
      setProblems({ errors: report.errors, edges: (of.connections ?? []).map(edgeId), of });
      return report.errors;
    } catch (e) {
      void message.error(String((e as Error).message));
      return null;
    } finally {
      setBusy(null);
    }
  }, [definition, id, message]);

  const save = useCallback(async (overwriteRevision?: number): Promise<boolean> => {
    setBusy('save');
    try {
      const revision = overwriteRevision ?? state.revision;
      const saved = unwrap(await api.PUT('/api/definitions/{definitionId}/draft', {
        params: { path: { definitionId: id }, header: revision !== null ? { 'If-Match': `"${revision}"` } : {} },
        body: definition,
      }));
      setDoc(saved);
      queryClient.setQueryData(keys.flow(id), saved);
      void queryClient.invalidateQueries({ queryKey: keys.flows });
      void queryClient.invalidateQueries({ queryKey: keys.versions(id) });
      dispatch({ type: 'saved', definition, revision: Number(saved.revision) });
      setConflict(null);
      // the host answers a save with what publishing would refuse: show it at once
      if (saved.errors?.length || problems)
        setProblems({ errors: saved.errors ?? [], edges: (definition.connections ?? []).map(edgeId), of: definition });
      void message.success(t('designer.saved', { version: saved.version, revision: saved.revision }));
      return true;
    } catch (e) {
      if (e instanceof ApiError && e.status === 409) setConflict({ message: e.message, revision: e.problem.currentRevision });
      else void message.error(String((e as Error).message));
      return false;
    } finally {
      setBusy(null);
    }
  }, [definition, id, message, problems, queryClient, state.revision, t]);

  const reloadFromServer = useCallback(async () => {
    load(unwrap(await api.GET('/api/definitions/{definitionId}', { params: { path: { definitionId: id } } })));
  }, [id, load]);

  const publish = useCallback(async () => {
    if (dirty && !(await save())) return;
    setBusy('publish');
    try {
      const published = unwrap(await api.POST('/api/definitions/{definitionId}/publish', { params: { path: { definitionId: id } }, body: { comment: comment || null } }));
      setPublishing(false);
      setComment('');
      load(published);
      setProblems(null);
      void queryClient.invalidateQueries({ queryKey: keys.flows });
      void queryClient.invalidateQueries({ queryKey: keys.versions(id) });
      void message.success(t('designer.published', { version: published.version }));
    } catch (e) {
      setPublishing(false);
      if (e instanceof ApiError && e.status === 422 && Array.isArray(e.problem.errors)) {
        setProblems({ errors: e.problem.errors as ValidationError[], edges: (definition.connections ?? []).map(edgeId), of: definition });
        void message.error(t('designer.publishRefused'));
      } else void message.error(String((e as Error).message));
    } finally {
      setBusy(null);
    }
  }, [comment, definition, dirty, id, load, message, queryClient, save, t]);

  const testRun = useCallback(async (input: Record<string, unknown>) => {
    if (dirty && !(await save())) return;
    setBusy('test');
    try {
      const started = unwrap(await api.POST('/api/definitions/{definitionId}/test-run', { params: { path: { definitionId: id } }, body: { input, correlationId: null } }));
      setRunId(started.instanceId);
      setRunRequest(started.requestNumber);
      setTesting(false);
    } catch (e) {
      setTesting(false);
      if (e instanceof ApiError && e.status === 422 && Array.isArray(e.problem.errors))
        setProblems({ errors: e.problem.errors as ValidationError[], edges: (definition.connections ?? []).map(edgeId), of: definition });
      void message.error(String((e as Error).message));
    } finally {
      setBusy(null);
    }
  }, [definition, dirty, id, message, save]);

  const restore = useCallback(async (version: number) => {
    if (dirty) {
      const ok = await modal.confirm({ title: t('versions.discardTitle'), content: t('versions.discardText'), okText: t('versions.restore'), cancelText: t('common.cancel') });
      if (!ok) return;
    }
    try {
      load(unwrap(await api.POST('/api/definitions/{definitionId}/versions/{version}/restore', { params: { path: { definitionId: id, version } } })));
      setVersionsOpen(false);
      void queryClient.invalidateQueries({ queryKey: keys.versions(id) });
      void message.success(t('versions.restored', { version }));
    } catch (e) {
      void message.error(String((e as Error).message));
    }
  }, [dirty, id, load, message, modal, queryClient, t]);

  // ---- overlays
  const onCanvas = useMemo(() => problemsOnCanvas(problems?.errors ?? null, problems?.edges ?? []), [problems]);
  const trace = useInstanceTrace(runId);
  const path = useMemo(() => trace.data && pathOverlay(trace.data.log, definition.connections ?? [], trace.data.detail.bookmarks, trace.data.detail.incidents),
    [trace.data, definition.connections]);

  const pickProblem = useCallback((e: ValidationError) => {
    const edge = e.connectionIndex !== null && e.connectionIndex !== undefined ? problems?.edges[Number(e.connectionIndex)] : undefined;
    if (edge && (definition.connections ?? []).some((c) => edgeId(c) === edge)) {
      select({ nodes: [], edges: [edge] });
      const c = (definition.connections ?? []).find((x) => edgeId(x) === edge)!;
      void flowRef.current?.fitView({ nodes: [{ id: c.source }, { id: c.target }], duration: 300, maxZoom: 1.2 });
    } else if (e.activityId && (definition.activities ?? []).some((a) => a.id === e.activityId)) {
      select({ nodes: [e.activityId], edges: [] });
      void flowRef.current?.fitView({ nodes: [{ id: e.activityId }], duration: 300, maxZoom: 1.2 });
    } else {
      select({ nodes: [], edges: [] });
    }
  }, [definition, problems, select]);

  // ---- keyboard
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement;
      const typing = target.closest('input, textarea, [contenteditable=true], .ant-select');
      const mod = e.ctrlKey || e.metaKey;
      if (mod && e.key.toLowerCase() === 's') { e.preventDefault(); void save(); return; }
      if (typing || !mod) return;
      const k = e.key.toLowerCase();
      if (k === 'z' && !e.shiftKey) { e.preventDefault(); dispatch({ type: 'undo' }); }
      else if ((k === 'z' && e.shiftKey) || k === 'y') { e.preventDefault(); dispatch({ type: 'redo' }); }
      else if (k === 'c') { copySelection(); }
      else if (k === 'v') { e.preventDefault(); pasteClipboard(); }
      else if (k === 'a') { e.preventDefault(); select({ nodes: (definition.activities ?? []).map((a) => a.id), edges: [] }); }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [copySelection, definition.activities, pasteClipboard, save, select]);

  useEffect(() => {
    const warn = (e: BeforeUnloadEvent) => { if (dirty) e.preventDefault(); };
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [dirty]);

  const dragging = useRef(false);
  const editing = useMemo(() => ({
    // a mouse drag moves without steps (its start was the step); arrow keys move in steps of their own
    onMove: (positions: Record<string, { x: number; y: number }>) => dispatch({ type: dragging.current ? 'move' : 'nudge', positions }),
    onDragStart: () => { dragging.current = true; dispatch({ type: 'checkpoint' }); },
    onDragStop: () => { dragging.current = false; },
    onConnect: (c: { source: string; outcome: string; target: string }) => edit(connect(definition, c)),
    onDelete: (nodes: string[], edges: string[]) => edit(removeElements(definition, nodes, edges), undefined, { nodes: [], edges: [] }),
    onDropActivity: (type: string, position: { x: number; y: number }, onEdge?: string) => addActivity(type, position, onEdge),
  }), [addActivity, definition, edit]);

  const hasSelection = state.selection.nodes.length + state.selection.edges.length > 0;
  const statusTag = doc.status === 'Draft'
    ? <Tag color="gold" data-testid="status">{t('designer.draftTag', { version: doc.version, revision: state.revision })}</Tag>
    : <Tag color="green" data-testid="status">{t('designer.publishedTag', { version: doc.version })}</Tag>;

  return (
    <main className="designer" data-testid="designer">
      <div className="designer-toolbar" role="toolbar" aria-label={t('designer.toolbar')}>
        <Space wrap size="small">
          <Link to="/designer">{t('designer.backToFlows')}</Link>
          <Typography.Title level={1} className="designer-title">{definition.name}</Typography.Title>
          {statusTag}
          {dirty && <Tag color="orange" data-testid="dirty">{t('designer.unsaved')}</Tag>}
        </Space>
        <Space wrap size="small" className="toolbar-buttons">
          <Tooltip title={t('designer.undoKey')}><Button icon={<UndoOutlined />} disabled={!canUndo(state.history)} onClick={() => dispatch({ type: 'undo' })} aria-label={t('designer.undo')} data-testid="undo" /></Tooltip>
          <Tooltip title={t('designer.redoKey')}><Button icon={<RedoOutlined />} disabled={!canRedo(state.history)} onClick={() => dispatch({ type: 'redo' })} aria-label={t('designer.redo')} data-testid="redo" /></Tooltip>
          <Tooltip title={t('designer.copyKey')}><Button icon={<CopyOutlined />} disabled={state.selection.nodes.length === 0} onClick={copySelection} aria-label={t('designer.copy')} /></Tooltip>
          <Tooltip title={t('designer.pasteKey')}><Button icon={<SnippetsOutlined />} onClick={pasteClipboard} aria-label={t('designer.paste')} /></Tooltip>
          <Tooltip title={t('designer.deleteKey')}><Button icon={<DeleteOutlined />} disabled={!hasSelection} onClick={deleteSelection} aria-label={t('common.delete')} /></Tooltip>
          <Tooltip title={t('designer.tidy')}><Button icon={<PartitionOutlined />} onClick={tidyUp} aria-label={t('designer.tidy')} data-testid="tidy" /></Tooltip>
          <Tooltip title={t('designer.fit')}><Button icon={<ExpandOutlined />} onClick={() => void flowRef.current?.fitView({ padding: 0.2, duration: 300 })} aria-label={t('designer.fit')} /></Tooltip>
          <Button icon={<SafetyCertificateOutlined />} loading={busy === 'validate'} onClick={() => void validate()} data-testid="validate">{t('designer.validate')}</Button>
          <Button icon={<SaveOutlined />} loading={busy === 'save'} disabled={!dirty} onClick={() => void save()} data-testid="save">{t('designer.save')}</Button>
          <Button icon={<ExperimentOutlined />} onClick={() => setTesting(true)} data-testid="test-run">{t('designer.testRun')}</Button>
          <Button icon={<HistoryOutlined />} onClick={() => setVersionsOpen(true)} data-testid="versions-button">{t('designer.versions')}</Button>
          <Button type="primary" icon={<SendOutlined />} disabled={doc.status !== 'Draft' && !dirty} onClick={() => setPublishing(true)} data-testid="publish">{t('designer.publish')}</Button>
        </Space>
      </div>
      {conflict && (
        <Alert type="error" showIcon className="designer-alert" data-testid="conflict" message={t('designer.conflictTitle')} description={conflict.message}
          action={<Space orientation="vertical">
            <Button size="small" onClick={() => void reloadFromServer()}>{t('designer.reload')}</Button>
            {conflict.revision !== undefined && <Button size="small" danger onClick={() => void save(conflict.revision)}>{t('designer.overwrite')}</Button>}
          </Space>} />
      )}
      {runId && <RunBanner definitionId={id} instanceId={runId} requestNumber={runRequest} data={trace.data} onClose={() => setRunId(undefined)} />}
      <div className="designer-body">
        <Palette descriptors={descriptorList} onAdd={(type) => addActivity(type)} />
        <div className="designer-centre">
          <FlowCanvas
            definition={definition}
            descriptors={descriptors}
            selection={state.selection}
            onSelectionChange={select}
            editing={editing}
            errorsByActivity={onCanvas.byActivity}
            errorEdges={onCanvas.byEdge}
            path={path}
            onInit={(f) => { flowRef.current = f; }}
            label={t('canvas.label', { name: definition.name })}
          />
          {problems && <ProblemsPanel problems={problems.errors} stale={problems.of !== definition} onPick={pickProblem} />}
        </div>
        <PropertiesPanel definition={definition} descriptors={descriptors} selection={state.selection} onChange={edit} onDelete={deleteSelection} />
      </div>
      <Modal open={publishing} title={t('designer.publishTitle')} okText={t('designer.publish')} cancelText={t('common.cancel')}
        confirmLoading={busy === 'publish' || busy === 'save'} onOk={() => void publish()} onCancel={() => setPublishing(false)}
        okButtonProps={{ 'data-testid': 'publish-confirm' }}>
        <Typography.Paragraph>{t('designer.publishText')}</Typography.Paragraph>
        <label htmlFor="publish-comment" className="input-label">{t('designer.comment')}</label>
        <Input.TextArea id="publish-comment" value={comment} onChange={(e) => setComment(e.target.value)} autoSize={{ minRows: 2 }} data-testid="publish-comment" />
      </Modal>
      <TestRunModal open={testing} definition={definition} busy={busy === 'test' || busy === 'save'} onRun={(input) => void testRun(input)} onClose={() => setTesting(false)} />
      <VersionsDrawer definitionId={id} open={versionsOpen} onClose={() => setVersionsOpen(false)}
        onCompare={(from, to) => setComparing({ from, to })} onRestore={(v) => void restore(v)} />
      {comparing && <DiffModal definitionId={id} from={comparing.from} to={comparing.to} descriptors={descriptors} onClose={() => setComparing(undefined)} />}
    </main>
  );
}
