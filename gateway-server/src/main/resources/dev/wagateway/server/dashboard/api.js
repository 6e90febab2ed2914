// The gateway's public API as the dashboard uses it: JSON requests with the bearer key, images as
// blob URLs, and the event stream read with fetch() so the key travels in a header (EventSource
// cannot send one, and the key never goes into a URL).

/** An answer other than 2xx, with the API's error code and message when the body has them. */
export class ApiError extends Error {
  constructor(status, code, message, details) {
    super(message);
    this.status = status;
    this.code = code;
    this.details = details || {};
  }
}

async function toError(response) {
  let body = null;
  try {
    body = await response.json();
  } catch (ignored) {
    // A non-JSON error body: the status says enough.
  }
  const error = body && typeof body.error === 'object' && body.error !== null ? body.error : body || {};
  const code = error.code || (typeof body?.error === 'string' ? body.error : 'http_' + response.status);
  const message = error.message || body?.message || response.statusText || 'request failed';
  return new ApiError(response.status, code, message, error.details);
}

export class Api {
  constructor(key, fetchImpl = globalThis.fetch.bind(globalThis)) {
    this.key = key;
    this.fetch = fetchImpl;
  }

  headers(extra = {}) {
    return { Authorization: 'Bearer ' + this.key, ...extra };
  }

  /** Sends a request; answers the parsed JSON body, or null for 204. Throws ApiError. */
  async request(method, path, body) {
    const init = { method, headers: this.headers({ Accept: 'application/json' }), cache: 'no-store' };
    if (body !== undefined) {
      init.headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    const response = await this.fetch(path, init);
    if (!response.ok) {
      throw await toError(response);
    }
    if (response.status === 204) {
      return null;
    }
    return response.json();
  }

  get(path) {
    return this.request('GET', path);
  }

  post(path, body) {
    return this.request('POST', path, body === undefined ? {} : body);
  }

  delete(path) {
    return this.request('DELETE', path);
  }

  /** Every item of a paged list, following nextCursor. */
  async all(path, pageSize = 200) {
    const items = [];
    let cursor = null;
    do {
      const sep = path.includes('?') ? '&' : '?';
      const url = path + sep + 'limit=' + pageSize + (cursor ? '&cursor=' + encodeURIComponent(cursor) : '');
      const page = await this.get(url);
      items.push(...page.items);
      cursor = page.nextCursor || null;
    } while (cursor);
    return items;
  }

  /** Fetches an image; answers {url, headers} with a blob URL the caller must revoke. */
  async image(path) {
    const response = await this.fetch(path, { headers: this.headers({ Accept: 'image/png' }), cache: 'no-store' });
    if (!response.ok) {
      throw await toError(response);
    }
    const blob = await response.blob();
    return { url: URL.createObjectURL(blob), headers: response.headers };
  }

  /**
   * Follows the event stream until signal aborts, reconnecting after a drop with Last-Event-ID.
   * onEvent gets each event's parsed JSON; onState gets 'live', 'reconnecting' or 'closed'.
   * A 401 or 403 ends it (onState('denied')).
   */
  async stream(onEvent, onState, signal) {
    let lastId = null;
    while (!signal.aborted) {
      try {
        const headers = this.headers({ Accept: 'text/event-stream' });
        if (lastId) {
          headers['Last-Event-ID'] = lastId;
        }
        const response = await this.fetch('/api/v1/events', { headers, signal, cache: 'no-store' });
        if (response.status === 401 || response.status === 403) {
          onState('denied');
          return;
        }
        if (!response.ok || !response.body) {
          throw new Error('event stream answered ' + response.status);
        }
        onState('live');
        await readEvents(response.body, signal, (id, data) => {
          if (id) {
            lastId = id;
          }
          try {
            onEvent(JSON.parse(data));
          } catch (e) {
            console.error('bad event', e);
          }
        });
      } catch (e) {
        if (signal.aborted) {
          break;
        }
      }
      if (signal.aborted) {
        break;
      }
      onState('reconnecting');
      await sleep(3000, signal);
    }
    onState('closed');
  }
}

function sleep(ms, signal) {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    }, { once: true });
  });
}

/** Parses a text/event-stream body: calls onMessage(id, data) per message that has data. */
export async function readEvents(body, signal, onMessage) {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  let id = null;
  let data = [];
  const abort = () => reader.cancel().catch(() => {});
  signal.addEventListener('abort', abort, { once: true });
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) {
        return;
      }
      buffer += decoder.decode(value, { stream: true });
      let newline;
      while ((newline = buffer.search(/\r\n|\r|\n/)) >= 0) {
        const line = buffer.slice(0, newline);
        buffer = buffer.slice(newline + (buffer.startsWith('\r\n', newline) ? 2 : 1));
        if (line === '') {
          if (data.length > 0) {
            onMessage(id, data.join('\n'));
          }
          data = [];
          continue;
        }
        if (line.startsWith(':')) {
          continue;
        }
        const colon = line.indexOf(':');
        const field = colon < 0 ? line : line.slice(0, colon);
        let value = colon < 0 ? '' : line.slice(colon + 1);
        if (value.startsWith(' ')) {
          value = value.slice(1);
        }
        if (field === 'data') {
          data.push(value);
        } else if (field === 'id') {
          id = value;
        }
      }
    }
  } finally {
    signal.removeEventListener('abort', abort);
  }
}
