import { applyEdgeChanges, applyNodeChanges, type Connection, type EdgeChange, type NodeChange } from '@xyflow/react';
import { create } from 'zustand';
import { autoLayout } from '../lib/autoLayout';
import { copySelection, pasteClipboard, type ClipboardPayload } from '../lib/clipboard';
import { asGraphNode, fromFlow, toFlow, type FlowEdge, type FlowNode } from '../lib/graphConversion';
import { createHistory, record, redo, undo, type History } from '../lib/history';
import { edgeId, newNodeId } from '../lib/nodeIds';
import { STEP_META } from '../lib/stepCatalog';
import { DEFAULT_EXIT_RULES, type Graph, type GraphNode, type StepType, type WorkflowSettings } from '../types/graph';
import type { Finding } from '../types/workflow';

/**
 * The builder's document: the canvas (nodes, edges, exit rules) with undo/redo history, the
 * in-memory clipboard and the latest validation findings. `revision` counts document changes,
 * so autosave and live validation know when to run.
 */
export interface BuilderState {
  nodes: FlowNode[];
  edges: FlowEdge[];
  settings: WorkflowSettings;
  history: History<Graph>;
  revision: number;
  clipboard: ClipboardPayload | null;
  findings: Finding[];
  /** A node drag is in progress (its start was recorded once). */
  dragging: boolean;
  /** The field the last edit typed into: further typing there is the same undo step. */
  lastEdit: string | null;

  load(graph: Graph): void;
  onNodesChange(changes: NodeChange<FlowNode>[]): void;
  onEdgesChange(changes: EdgeChange[]): void;
  connect(connection: Connection): void;
  addNode(type: StepType, position: { x: number; y: number }): string;
  /** `typingIn` names the field being typed into, so one word is one undo step, not five. */
  updateNodeData(id: string, data: GraphNode['data'], typingIn?: string): void;
  updateSettings(settings: WorkflowSettings): void;
  deleteSelection(): void;
  select(ids: string[]): void;
  copy(): number;
  paste(): number;
  layout(): void;
  undo(): void;
  redo(): void;
  setFindings(findings: Finding[]): void;
}

const emptyGraph: Graph = { format: 'omnireach.workflow', version: 1, settings: { exit_on: DEFAULT_EXIT_RULES }, nodes: [], edges: [] };

type GetState = () => BuilderState;
type SetState = (partial: Partial<BuilderState>) => void;

/** The current document as a graph. */
function snapshot(state: Pick<BuilderState, 'nodes' | 'edges' | 'settings'>): Graph {
  return fromFlow(state.nodes, state.edges, state.settings);
}

/** Apply a document change: the new canvas is recorded as the present, undo returns to the old. */
function commit(
  get: GetState,
  set: SetState,
  next: Partial<Pick<BuilderState, 'nodes' | 'edges' | 'settings'>>,
  typingIn: string | null = null,
) {
  const state = get();
  const merged = { nodes: next.nodes ?? state.nodes, edges: next.edges ?? state.edges, settings: next.settings ?? state.settings };
  const present = snapshot(merged);
  const sameWord = typingIn !== null && typingIn === state.lastEdit;
  set({
    ...merged,
    history: sameWord ? { ...state.history, present } : record(state.history, present),
    revision: state.revision + 1,
    lastEdit: typingIn,
  });
}

/** Show a history entry, keeping whatever is selected and still exists. */
function restore(get: GetState, set: SetState, history: History<Graph>) {
  const selected = new Set(get().nodes.filter((n) => n.selected).map((n) => n.id));
  const flow = toFlow(history.present);
  set({
    nodes: flow.nodes.map((n) => ({ ...n, selected: selected.has(n.id) })),
    edges: flow.edges,
    settings: flow.settings,
    history,
    revision: get().revision + 1,
    lastEdit: null,
  });
}

export const useBuilderStore = create<BuilderState>()((set, get) => ({
  nodes: [],
  edges: [],
  settings: emptyGraph.settings,
  history: createHistory(emptyGraph),
  revision: 0,
  clipboard: null,
  findings: [],
  dragging: false,
  lastEdit: null,

  load(graph) {
    const flow = toFlow(graph);
    set({ ...flow, history: createHistory(snapshot(flow)), revision: 0, findings: [], dragging: false, lastEdit: null });
  },

  onNodesChange(changes) {
    const state = get();
    const nodes = applyNodeChanges(changes, state.nodes);
    const moves = changes.filter((c) => c.type === 'position');
    const dragEnded = state.dragging && moves.some((c) => c.type === 'position' && !c.dragging);
    const dragStarted = !state.dragging && moves.some((c) => c.type === 'position' && c.dragging);
    if (changes.some((c) => c.type === 'remove')) {
      commit(get, set, { nodes, edges: state.edges.filter((e) => nodes.some((n) => n.id === e.source) && nodes.some((n) => n.id === e.target)) });
    } else if (dragEnded) {
      set({ nodes, dragging: false });
      commit(get, set, { nodes });
    } else {
      set({ nodes, dragging: dragStarted || (state.dragging && !dragEnded) });
    }
  },

  onEdgesChange(changes) {
    const edges = applyEdgeChanges(changes, get().edges);
    if (changes.some((c) => c.type === 'remove')) commit(get, set, { edges });
    else set({ edges });
  },

  connect({ source, target, sourceHandle }) {
    if (!source || !target || source === target) return;
    const handle = sourceHandle ?? 'out';
    // A branch leads to one place: a new connection from the same handle replaces the old one.
    const edges = get().edges.filter((e) => !(e.source === source && (e.sourceHandle ?? 'out') === handle));
    commit(get, set, { edges: [...edges, { id: edgeId(source, handle, target), source, target, sourceHandle: handle }] });
  },

  addNode(type, position) {
    const state = get();
    const id = newNodeId(type, new Set(state.nodes.map((n) => n.id)));
    const node = { id, type, position, data: STEP_META[type].defaults(), selected: true } as FlowNode;
    commit(get, set, { nodes: [...state.nodes.map((n) => ({ ...n, selected: false })), node] });
    return id;
  },

  updateNodeData(id, data, typingIn) {
    const state = get();
    let edges = state.edges;
    const node = state.nodes.find((n) => n.id === id);
    if (node?.type === 'ab_split') {
      // Renamed or removed variants take their edges with them.
      const keys = new Set((data as { variants: { key: string }[] }).variants.map((v) => v.key));
      edges = edges.filter((e) => e.source !== id || keys.has(e.sourceHandle ?? ''));
    }
    const nodes = state.nodes.map((n) => (n.id === id ? ({ ...n, data: { ...data } } as FlowNode) : n));
    commit(get, set, { nodes, edges }, typingIn ? `${id}:${typingIn}` : null);
  },

  updateSettings(settings) {
    commit(get, set, { settings });
  },

  deleteSelection() {
    const state = get();
    const removed = new Set(state.nodes.filter((n) => n.selected).map((n) => n.id));
    const edges = state.edges.filter((e) => !e.selected && !removed.has(e.source) && !removed.has(e.target));
    if (!removed.size && edges.length === state.edges.length) return;
    commit(get, set, { nodes: state.nodes.filter((n) => !removed.has(n.id)), edges });
  },

  select(ids) {
    const wanted = new Set(ids);
    set({
      nodes: get().nodes.map((n) => (n.selected === wanted.has(n.id) ? n : { ...n, selected: wanted.has(n.id) })),
      edges: get().edges.map((e) => (e.selected ? { ...e, selected: false } : e)),
    });
  },

  copy() {
    const state = get();
    const selected = new Set(state.nodes.filter((n) => n.selected).map((n) => n.id));
    if (!selected.size) return 0;
    set({ clipboard: copySelection(state.nodes.map(asGraphNode), snapshot(state).edges, selected) });
    return selected.size;
  },

  paste() {
    const state = get();
    if (!state.clipboard?.nodes.length) return 0;
    const copies = pasteClipboard(state.clipboard, new Set(state.nodes.map((n) => n.id)));
    const pasted = toFlow(copies);
    // The next paste lands a step further along instead of on top of this one.
    set({ clipboard: copies });
    commit(get, set, {
      nodes: [...state.nodes.map((n) => ({ ...n, selected: false })), ...pasted.nodes.map((n) => ({ ...n, selected: true }))],
      edges: [...state.edges, ...pasted.edges],
    });
    return pasted.nodes.length;
  },

  layout() {
    const state = get();
    commit(get, set, { nodes: autoLayout(state.nodes, state.edges) });
  },

  undo() {
    const state = get();
    if (state.history.past.length) restore(get, set, undo(state.history));
  },

  redo() {
    const state = get();
    if (state.history.future.length) restore(get, set, redo(state.history));
  },

  setFindings(findings) {
    set({ findings });
  },
}));
