// Talking to the chat API: error sentences and the NDJSON answer stream.

/** An error whose message may be shown to the person as it is. */
export function userError(message) {
  const error = new Error(message);
  error.userFacing = true;
  return error;
}

/** Turns a failed response into an error whose message is safe to show (the server's own sentence). */
export async function httpError(res) {
  let message = '';
  try {
    const body = await res.json();
    if (body?.error && typeof body.error.message === 'string') message = body.error.message;
  } catch {
    // Not JSON (a proxy error page): fall back to the status below.
  }
  return userError(message || `Lumen could not answer (HTTP ${res.status}). Please try again.`);
}

/** The sentence to show for any error: the server's when it gave one, else a network hint. */
export function errorMessage(error) {
  if (error?.userFacing) return error.message;
  return 'Could not reach Lumen. Check your connection and try again.';
}

/** Reads an NDJSON response body, calling `onEvent` with each parsed line as it arrives. */
export async function readNdjson(res, onEvent) {
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    buffer += decoder.decode(value || new Uint8Array(), { stream: !done });
    let newline = buffer.indexOf('\n');
    while (newline >= 0) {
      const line = buffer.slice(0, newline).trim();
      buffer = buffer.slice(newline + 1);
      if (line) onEvent(JSON.parse(line));
      newline = buffer.indexOf('\n');
    }
    if (done) break;
  }
  if (buffer.trim()) onEvent(JSON.parse(buffer));
}
