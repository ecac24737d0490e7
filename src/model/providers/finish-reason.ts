import type { FinishReason } from '../types.js';

/** Maps the providers' finish/stop reasons onto ours. */
export function finishReasonFrom(reason: string | null | undefined): FinishReason {
  switch (reason) {
    case 'stop':
    case 'end_turn':
    case 'stop_sequence':
    case 'eos':
      return 'stop';
    case 'length':
    case 'max_tokens':
    case 'limit':
      return 'length';
    case 'content_filter':
    case 'refusal':
      return 'content-filter';
    case 'tool_calls':
    case 'function_call':
    case 'tool_use':
      return 'tool-calls';
    default:
      return 'other';
  }
}
