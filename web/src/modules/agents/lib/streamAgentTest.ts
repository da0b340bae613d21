import { api } from '@/lib/api/api';
import { ApiError } from '@/lib/api/ApiError';
import type { AgentTestResult } from '../types/agent';
import { createSseParser } from './sseParser';

export interface StreamHandlers {
  onDelta: (text: string) => void;
  /** Time to first token as the browser saw it (ms since the request started). */
  onFirstToken?: (ms: number) => void;
}

async function post(path: string, body: unknown, token: string | null, signal?: AbortSignal): Promise<Response> {
  try {
    return await fetch(path, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'text/event-stream', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
      signal,
    });
  } catch (err) {
    if ((err as { name?: string })?.name === 'AbortError') throw err;
    throw ApiError.network(err);
  }
}

/**
 * Run the agent test console: `POST /api/agents/{id}/test` with `Accept: text/event-stream`,
 * read with fetch + ReadableStream (EventSource can't POST or send a bearer token). Falls back
 * to a JSON answer if the server doesn't stream.
 */
export async function streamAgentTest(agentId: string, input: { message: string; lead_id?: string }, handlers: StreamHandlers, signal?: AbortSignal): Promise<AgentTestResult> {
  const path = `/api/agents/${encodeURIComponent(agentId)}/test`;
  const started = performance.now();
  let res = await post(path, input, api.tokens.getAccess(), signal);
  if (res.status === 401 && (await api.refresh().catch(() => false))) res = await post(path, input, api.tokens.getAccess(), signal);
  if (!res.ok) throw await ApiError.fromResponse(res);

  if (!(res.headers.get('Content-Type') ?? '').includes('text/event-stream') || !res.body) {
    const result = (await res.json()) as AgentTestResult;
    handlers.onFirstToken?.(performance.now() - started);
    handlers.onDelta(result.text);
    return result;
  }

  let result: AgentTestResult | null = null;
  let failure: ApiError | null = null;
  let first = true;
  const parser = createSseParser(({ event, data }) => {
    let payload: Record<string, unknown>;
    try {
      payload = JSON.parse(data) as Record<string, unknown>;
    } catch {
      payload = { text: data };
    }
    if (event === 'delta') {
      if (first) {
        first = false;
        handlers.onFirstToken?.(performance.now() - started);
      }
      handlers.onDelta(String(payload.text ?? ''));
    } else if (event === 'done') {
      result = payload as unknown as AgentTestResult;
    } else if (event === 'error') {
      const err = (payload.error ?? payload) as { code?: string; message?: string };
      failure = new ApiError(502, err.code ?? 'generation_failed', err.message ?? 'The agent could not answer.');
    }
  });
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    parser.push(value);
  }
  parser.end();
  if (failure) throw failure;
  if (!result) throw new ApiError(502, 'stream_ended', 'The reply stream ended before the agent finished. Try again.');
  return result;
}
